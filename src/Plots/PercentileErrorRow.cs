namespace SignalProp.Plots;

/// <summary>
/// One cell of the error table (THEORY.md §5.4, figure 4a): the percentiles of |predicted − measured| / |measured| over the
/// verification grid, for one quantity of one component, ours beside the authors' published values.
/// </summary>
/// <param name="Component">Component name, e.g. "Linear", "ReLU", "LayerNorm", "SHA".</param>
/// <param name="Quantity">Quantity, e.g. "xMean", "xVar", "gVar", "xCov", "gCov" (any text; it becomes the group label).</param>
/// <param name="Ours">Our percentiles, in %.</param>
/// <param name="Authors">The authors' expected percentiles in % (THEORY.md §5.4), or null when they give none.</param>
public sealed record PercentileErrorRow(string Component, string Quantity, Percentiles Ours, Percentiles? Authors = null);
