namespace SignalProp.Plots;

/// <summary>Options of <see cref="Figures.DepthProfile"/> and the other line figures.</summary>
/// <param name="Title">Figure title (empty for none).</param>
/// <param name="XLabel">x-axis label, e.g. "layer n".</param>
/// <param name="YLabel">y-axis label with units, e.g. "forward variance σ² (units of σ²_0)".</param>
/// <param name="LogY">
/// Log-scaled y axis: values are plotted as log10(y) with decade minor ticks and "10ᵏ" tick labels (ScottPlot 5 has no
/// true log axis). Values ≤ 0 are drawn clipped at the bottom.
/// </param>
/// <param name="LogX">Log-scaled x axis, as for <paramref name="LogY"/> (x values ≤ 0 are left out).</param>
/// <param name="MarkX">Draws a dashed vertical line at this x (in data units, not log) when set.</param>
/// <param name="MarkLabel">Legend text for the <paramref name="MarkX"/> line, e.g. "score instability begins".</param>
/// <param name="Legend">Legend placement; by default outside on the right, where it cannot cover data.</param>
/// <param name="YMin">Lower y limit in data units (not log); null = automatic.</param>
/// <param name="YMax">Upper y limit in data units (not log); null = automatic.</param>
public sealed record DepthProfileOptions(
    string Title = "",
    string XLabel = "layer n",
    string YLabel = "",
    bool LogY = false,
    bool LogX = false,
    double? MarkX = null,
    string? MarkLabel = null,
    LegendPlacement Legend = LegendPlacement.OutsideRight,
    double? YMin = null,
    double? YMax = null);
