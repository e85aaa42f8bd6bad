using ScottPlot;

namespace SignalProp.Plots;

/// <summary>
/// The figure library: every method is a pure function from data records to a finished ScottPlot <see cref="Plot"/>
/// (or a <see cref="PanelFigure"/> for multi-panel figures), styled by <see cref="FigureStyle"/>. Save the result with
/// <see cref="FigureExport"/>. Nothing here runs a model. Non-finite values never throw: NaN points are left out and
/// ±∞ are drawn clipped at the axis edge with a marker the legend explains.
/// </summary>
public static partial class Figures
{
    /// <summary>
    /// A quantity against depth for several series: theory as lines, measurements as markers with ±1 standard-error bars
    /// (figures 1, 2, 3 and 6: forward variance, gradient variance, token correlation, attention-score variance/entropy vs
    /// layer). With <see cref="DepthProfileOptions.LogY"/> the y axis is a decade axis (log10 values, "10ᵏ" labels);
    /// <see cref="DepthProfileOptions.MarkX"/> draws a dashed vertical line (e.g. where the score instability begins).
    /// </summary>
    /// <param name="series">The curves; colours follow <see cref="Series.ColorKey"/> (scheme names get their fixed colour).</param>
    /// <param name="options">Title, axis labels, log axes, marker line, legend placement; null = defaults.</param>
    /// <exception cref="ArgumentException">A series has arrays of different lengths.</exception>
    public static Plot DepthProfile(IReadOnlyList<Series> series, DepthProfileOptions? options = null)
        => LineFigure.Build(series, options ?? new DepthProfileOptions());

    /// <summary>Default options of <see cref="OutputChange(IReadOnlyList{Series}, DepthProfileOptions?)"/>.</summary>
    public static DepthProfileOptions OutputChangeDefaults { get; } = new(
        Title: "Output change vs depth",
        XLabel: "number of sub-layers N",
        YLabel: "output change Σᵢ β²ᵢ,ᵢ (units of C)");

    /// <summary>
    /// Figure 5b: the output change Σ_{i≤N} β²_{i,i} (ADMIN.md §3.3; O(N) for Post-LN, O(log N) for Pre-LN and Admin)
    /// against the number of sub-layers, computed from each model's dependency matrix, with optional measured points
    /// (which must be in the same units, i.e. divided by the constant C).
    /// </summary>
    /// <param name="matrices">One matrix per model ("Pre-LN", "Post-LN", "Admin"); the label is also the colour key.</param>
    /// <param name="measured">Optional measurements, drawn as markers.</param>
    /// <param name="options">Null = <see cref="OutputChangeDefaults"/>; set LogX for the log-N view.</param>
    public static Plot OutputChange(IReadOnlyList<DependencyMatrix> matrices, IReadOnlyList<Series>? measured = null,
        DepthProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        var series = new List<Series>();
        foreach (var m in matrices)
        {
            var y = m.CumulativeDiagonalSquares();
            var x = Enumerable.Range(1, y.Length).Select(i => (double)i).ToArray();
            series.Add(Series.Theory(m.Label, x, y, m.Label));
        }
        if (measured is not null) series.AddRange(measured);
        return OutputChange(series, options);
    }

    /// <summary>Figure 5b from ready-made curves (e.g. <c>ResidualDependency.OutputChange</c> for deep models).</summary>
    /// <param name="series">Output change against the number of sub-layers, theory lines and/or measured markers.</param>
    /// <param name="options">Null = <see cref="OutputChangeDefaults"/>.</param>
    public static Plot OutputChange(IReadOnlyList<Series> series, DepthProfileOptions? options = null)
        => LineFigure.Build(series, options ?? OutputChangeDefaults);
}
