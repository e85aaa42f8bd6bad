using ScottPlot;

namespace SignalProp.Plots;

public static partial class Figures
{
    private static readonly string[] OursShades = ["#9ecae1", "#4292c6", "#08306b"];
    private static readonly string[] AuthorsShades = ["#fdd0a2", "#fd8d3c", "#a63603"];
    private static readonly string[] PercentileNames = ["p50", "p90", "p99"];

    /// <summary>
    /// Figure 4a: grouped bars of the 50th/90th/99th-percentile relative errors (in %) per quantity, ours (blues) beside
    /// the authors' expected values (oranges, THEORY.md §5.4). Bars of value 0 are labelled "0", missing values "n/a" and
    /// +∞ is drawn to the top and labelled "∞".
    /// </summary>
    /// <param name="rows">The table rows; with several components (and no <paramref name="component"/>) groups are
    /// labelled "component quantity".</param>
    /// <param name="component">Keep only this component (case-insensitive); null = all rows.</param>
    /// <param name="logY">Log10 y axis; null = automatic (when the positive values span more than two decades).</param>
    /// <param name="title">Title; null = the component name (or "Relative error percentiles").</param>
    /// <param name="legend">Legend placement.</param>
    public static Plot ErrorPercentiles(IReadOnlyList<PercentileErrorRow> rows, string? component = null, bool? logY = null,
        string? title = null, LegendPlacement legend = LegendPlacement.OutsideRight)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var selected = rows.Where(r => component is null || string.Equals(r.Component, component, StringComparison.OrdinalIgnoreCase))
            .ToList();
        bool several = selected.Select(r => r.Component).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1;
        bool withAuthors = selected.Any(r => r.Authors is not null);

        var values = selected.SelectMany(r => r.Ours.ToArray().Concat(r.Authors?.ToArray() ?? []))
            .Where(v => v > 0 && double.IsFinite(v)).ToList();
        bool log = logY ?? (values.Count > 0 && values.Max() / values.Min() > 100);

        // Vertical range: the baseline is 0 (linear) or a whole decade below the smallest positive value (log).
        double baseline, top;
        if (log)
        {
            double lo = values.Count > 0 ? Math.Log10(values.Min()) : -1, hi = values.Count > 0 ? Math.Log10(values.Max()) : 1;
            baseline = Math.Floor(lo);
            if (lo - baseline < 0.15) baseline -= 1;
            top = Math.Max(Math.Ceiling(hi), baseline + 1);
        }
        else
        {
            baseline = 0;
            top = values.Count > 0 ? values.Max() : 1;
        }
        double headroom = 0.12 * (top - baseline);
        double ceiling = top + headroom;

        double[] offsets = withAuthors ? [-0.34, -0.22, -0.10, 0.10, 0.22, 0.34] : [-0.13, 0, 0.13];
        double size = withAuthors ? 0.115 : 0.125;
        var plot = new Plot();
        var bars = new List<Bar>[offsets.Length];
        for (int k = 0; k < bars.Length; k++) bars[k] = [];
        var notes = new List<(double X, double Y, string Text)>();

        for (int g = 0; g < selected.Count; g++)
        {
            var row = selected[g];
            var ours = row.Ours.ToArray();
            var authors = row.Authors?.ToArray();
            for (int k = 0; k < offsets.Length; k++)
            {
                double? value = k < 3 ? ours[k] : authors?[k - 3];
                double x = g + offsets[k];
                string shade = k < 3 ? OursShades[k] : AuthorsShades[k - 3];
                if (value is not { } v || double.IsNaN(v))
                {
                    // A missing authors' triple gets one "n/a" over its three slots; a single missing value a dash.
                    if (k >= 3 && authors is null) { if (k == 4) notes.Add((x, baseline, "n/a")); }
                    else notes.Add((x, baseline, "–"));
                    continue;
                }
                if (double.IsPositiveInfinity(v)) notes.Add((x, top, "∞"));
                else if (v <= 0 || double.IsNegativeInfinity(v)) { notes.Add((x, baseline, "0")); continue; }
                double y = double.IsPositiveInfinity(v) ? top : log ? Math.Log10(v) : v;
                bars[k].Add(new Bar
                {
                    Position = x,
                    Value = y,
                    ValueBase = baseline,
                    Size = size,
                    FillColor = Color.FromHex(shade),
                    LineWidth = 0,
                });
            }
        }
        for (int k = 0; k < offsets.Length; k++)
        {
            if (bars[k].Count > 0)
            {
                var bp = plot.Add.Bars(bars[k]);
                bp.LegendText = "";
            }
        }
        plot.Legend.ManualItems.AddRange(PercentileLegend(withAuthors));
        foreach (var (x, y, text) in notes)
        {
            var t = plot.Add.Text(text, x, y);
            t.Alignment = Alignment.LowerCenter;
            t.LabelFontSize = 11;
            t.LabelFontColor = Colors.DimGray;
            t.OffsetY = -2;
        }

        var labels = selected.Select(r => several ? r.Component + " " + r.Quantity : r.Quantity).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, selected.Count).Select(i => (double)i).ToArray(), labels);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Axes.SetLimits(-0.6, Math.Max(0, selected.Count - 1) + 0.6, baseline, ceiling);
        if (log) AxisScales.ApplyLog(plot, true, ceiling - baseline); else AxisScales.ApplyLinear(plot.Axes.Left);

        string heading = title ?? (component ?? (selected.Count > 0 && !several ? selected[0].Component : "Relative error percentiles"));
        if (!string.IsNullOrWhiteSpace(heading)) plot.Title(heading);
        plot.YLabel("relative error (%)");
        plot.XLabel(several ? "component and quantity" : "quantity");
        LegendItems.Show(plot, legend);
        FigureStyle.Apply(plot);
        return plot;
    }

    /// <summary>
    /// Figure 4a with one panel per component (in order of first appearance), each as in
    /// <see cref="ErrorPercentiles(IReadOnlyList{PercentileErrorRow}, string?, bool?, string?, LegendPlacement)"/>.
    /// </summary>
    /// <param name="rows">The table rows.</param>
    /// <param name="columns">Panels per row.</param>
    /// <param name="logY">Log10 y axes; null = decide per panel.</param>
    public static PanelFigure ErrorPercentilesByComponent(IReadOnlyList<PercentileErrorRow> rows, int columns = 2, bool? logY = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var components = rows.Select(r => r.Component).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (components.Count == 0) components.Add("(no data)");
        var panels = components.Select(c => ErrorPercentiles(rows, c, logY, c, LegendPlacement.None)).ToList();
        var legend = LegendStrip(PercentileLegend(rows.Any(r => r.Authors is not null)));
        return FigureExport.Combine(panels, Math.Max(1, columns), 700, 400, legend);
    }

    private static IEnumerable<LegendItem> PercentileLegend(bool withAuthors)
    {
        for (int k = 0; k < (withAuthors ? 6 : 3); k++)
            yield return LegendItems.Box((k < 3 ? "ours " : "authors ") + PercentileNames[k % 3],
                Color.FromHex(k < 3 ? OursShades[k] : AuthorsShades[k - 3]));
    }

    /// <summary>
    /// A legend on its own, items side by side, for the footer of a <see cref="PanelFigure"/> (a legend shared by all
    /// panels instead of one per panel).
    /// </summary>
    /// <param name="items">The legend entries.</param>
    public static Plot LegendStrip(IEnumerable<LegendItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var plot = new Plot();
        plot.Legend.ManualItems.AddRange(items);
        plot.Layout.Frameless();
        plot.HideGrid();
        plot.DataBorder.Width = 0;
        plot.ShowLegend(Alignment.MiddleCenter, Orientation.Horizontal);
        plot.Legend.DisplayPlottableLegendItems = false;
        FigureStyle.Apply(plot);
        return plot;
    }
}
