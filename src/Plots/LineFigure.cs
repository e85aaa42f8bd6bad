using ScottPlot;

namespace SignalProp.Plots;

/// <summary>
/// The engine of every line figure: transforms series to plot coordinates (log10 on log axes), leaves out NaN, draws
/// +∞ / −∞ (and values ≤ 0 on a log axis) clipped at the top / bottom edge with ▲ / ▼ markers, sets explicit limits and
/// builds the legend. Never throws on non-finite data.
/// </summary>
internal static class LineFigure
{
    private const float LineWidth = 2.2f;
    private const float MarkerSize = 8f;
    private const float SmallMarkerSize = 6f;
    private const float ClipMarkerSize = 11f;

    private sealed record Prepared(Series Source, Color Color, LinePattern Pattern, MarkerShape Shape, List<double> Xs, List<double> Ys, List<double> ErrUp,
        List<double> ErrDown, List<double> TopXs, List<double> BottomXs);

    public static Plot Build(IReadOnlyList<Series> series, DepthProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var s in series) s.Validate();

        var colors = new ColorAssigner(series.Select(s => s.EffectiveColorKey));
        var prepared = series.Select(s => Prepare(s, colors, options.LogX, options.LogY)).ToList();

        // y limits from finite values (with error-bar extents) and user overrides.
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity;
        foreach (var p in prepared)
        {
            for (int i = 0; i < p.Ys.Count; i++)
            {
                yMin = Math.Min(yMin, p.Ys[i] - (double.IsFinite(p.ErrDown[i]) ? p.ErrDown[i] : 0));
                yMax = Math.Max(yMax, p.Ys[i] + (double.IsFinite(p.ErrUp[i]) ? p.ErrUp[i] : 0));
            }
            foreach (var x in p.Xs.Concat(p.TopXs).Concat(p.BottomXs))
            {
                xMin = Math.Min(xMin, x);
                xMax = Math.Max(xMax, x);
            }
        }
        if (options.MarkX is { } mark && ToPlot(mark, options.LogX) is var mx && double.IsFinite(mx))
        {
            xMin = Math.Min(xMin, mx);
            xMax = Math.Max(xMax, mx);
        }
        var (low, high) = AxisScales.Limits(yMin, yMax, options.LogY);
        if (options.YMin is { } ymin && ToPlot(ymin, options.LogY) is var l && double.IsFinite(l)) low = l;
        if (options.YMax is { } ymax && ToPlot(ymax, options.LogY) is var h && double.IsFinite(h)) high = h;
        if (high <= low) high = low + 1;

        bool anyTop = prepared.Any(p => p.TopXs.Count > 0), anyBottom = prepared.Any(p => p.BottomXs.Count > 0);
        double band = 0.07 * (high - low);
        double topY = high + band / 2, bottomY = low - band / 2;
        if (anyTop) high += band;
        if (anyBottom) low -= band;

        var plot = new Plot();
        foreach (var p in prepared) Draw(plot, p, low);

        foreach (var p in prepared)
        {
            if (p.TopXs.Count > 0)
            {
                var m = plot.Add.Markers(p.TopXs.ToArray(), Enumerable.Repeat(topY, p.TopXs.Count).ToArray(),
                    MarkerShape.FilledTriangleUp, ClipMarkerSize, p.Color);
                m.MarkerLineColor = Colors.Black;
            }
            if (p.BottomXs.Count > 0)
            {
                var m = plot.Add.Markers(p.BottomXs.ToArray(), Enumerable.Repeat(bottomY, p.BottomXs.Count).ToArray(),
                    MarkerShape.FilledTriangleDown, ClipMarkerSize, p.Color);
                m.MarkerLineColor = Colors.Black;
            }
        }
        if (anyTop)
        {
            var line = plot.Add.HorizontalLine(high - band, 1, Colors.Black.WithAlpha(0.35), LinePattern.Dotted);
            line.ExcludeFromLegend = true;
        }
        if (anyBottom)
        {
            var line = plot.Add.HorizontalLine(low + band, 1, Colors.Black.WithAlpha(0.35), LinePattern.Dotted);
            line.ExcludeFromLegend = true;
        }

        // Legend: one entry per labelled series, then the clipping and the marker line.
        foreach (var p in prepared.Where(p => !string.IsNullOrWhiteSpace(p.Source.Label)))
            plot.Legend.ManualItems.Add(p.Source.Style switch
            {
                SeriesStyle.TheoryLine => LegendItems.Line(p.Source.Label, p.Color, LineWidth, p.Pattern),
                SeriesStyle.DashedLine => LegendItems.Line(p.Source.Label, p.Color, LineWidth, LinePattern.Dashed),
                SeriesStyle.MeasuredMarkers => LegendItems.Marker(p.Source.Label, p.Color, p.Shape, MarkerSize),
                SeriesStyle.LineWithMarkers => LegendItems.LineAndMarker(p.Source.Label, p.Color, p.Shape,
                    SmallMarkerSize, LineWidth, p.Pattern),
                _ => LegendItems.LineAndMarker(p.Source.Label, p.Color, MarkerShape.OpenCircle, SmallMarkerSize, LineWidth,
                    LinePattern.Dashed),
            });
        if (anyTop)
            plot.Legend.ManualItems.Add(LegendItems.Marker("+∞ (overflow), clipped at top", Colors.Gray,
                MarkerShape.FilledTriangleUp, ClipMarkerSize));
        if (anyBottom)
            plot.Legend.ManualItems.Add(LegendItems.Marker(
                options.LogY ? "0 or −∞ (underflow), clipped at bottom" : "−∞, clipped at bottom", Colors.Gray,
                MarkerShape.FilledTriangleDown, ClipMarkerSize));

        if (options.MarkX is { } markX && ToPlot(markX, options.LogX) is var markPlot && double.IsFinite(markPlot))
        {
            var v = plot.Add.VerticalLine(markPlot, 1.8f, Colors.Black, LinePattern.Dashed);
            v.ExcludeFromLegend = true;
            string label = string.IsNullOrWhiteSpace(options.MarkLabel)
                ? "x = " + AxisScales.FormatNumber(markX)
                : options.MarkLabel + " (x = " + AxisScales.FormatNumber(markX) + ")";
            plot.Legend.ManualItems.Add(LegendItems.Line(label, Colors.Black, 1.8f, LinePattern.Dashed));
        }

        // Axes.
        plot.Axes.SetLimitsY(low, high);
        if (double.IsFinite(xMin))
        {
            double span = xMax - xMin;
            double pad = span > 0 ? 0.03 * span : options.LogX ? 0.5 : Math.Max(1, Math.Abs(xMin) * 0.1);
            plot.Axes.SetLimitsX(xMin - pad, xMax + pad);
        }
        else
            plot.Axes.SetLimitsX(options.LogX ? -1 : 0, 1);
        if (options.LogY) AxisScales.ApplyLog(plot, true, high - low); else AxisScales.ApplyLinear(plot.Axes.Left);
        if (options.LogX) AxisScales.ApplyLog(plot, false, xMax - xMin); else AxisScales.ApplyLinear(plot.Axes.Bottom);

        if (!string.IsNullOrWhiteSpace(options.Title)) plot.Title(options.Title);
        plot.XLabel(options.XLabel ?? "");
        plot.YLabel(options.YLabel ?? "");
        LegendItems.Show(plot, options.Legend);
        FigureStyle.Apply(plot);
        return plot;
    }

    private static double ToPlot(double value, bool log) => log ? AxisScales.Log(value) : double.IsFinite(value) ? value : double.NaN;

    private static Prepared Prepare(Series s, ColorAssigner colors, bool logX, bool logY)
    {
        string key = s.EffectiveColorKey;
        var p = new Prepared(s, colors[key], colors.Pattern(key), colors.Shape(key), [], [], [], [], [], []);
        for (int i = 0; i < s.X.Count; i++)
        {
            double x = ToPlot(s.X[i], logX), y = s.Y[i];
            if (double.IsNaN(x) || double.IsNaN(y)) continue;
            if (double.IsPositiveInfinity(y)) { p.TopXs.Add(x); continue; }
            if (double.IsNegativeInfinity(y) || (logY && y <= 0)) { p.BottomXs.Add(x); continue; }
            double e = s.StdErr is null ? 0 : Math.Abs(s.StdErr[i]);
            if (!double.IsFinite(e)) e = 0;
            double py = logY ? Math.Log10(y) : y;
            p.Xs.Add(x);
            p.Ys.Add(py);
            if (logY)
            {
                p.ErrUp.Add(Math.Log10(y + e) - py);
                // A lower bar reaching 0 or below cannot be shown on a log axis: it runs to the bottom (NaN → clamped later).
                p.ErrDown.Add(y - e > 0 ? py - Math.Log10(y - e) : double.PositiveInfinity);
            }
            else
            {
                p.ErrUp.Add(e);
                p.ErrDown.Add(e);
            }
        }
        return p;
    }

    private static void Draw(Plot plot, Prepared p, double low)
    {
        if (p.Xs.Count == 0) return;
        var xs = p.Xs.ToArray();
        var ys = p.Ys.ToArray();
        var scatter = plot.Add.Scatter(xs, ys, p.Color);
        scatter.LegendText = "";
        switch (p.Source.Style)
        {
            case SeriesStyle.TheoryLine:
            case SeriesStyle.DashedLine:
                scatter.LineWidth = LineWidth;
                scatter.LinePattern = p.Source.Style == SeriesStyle.DashedLine ? LinePattern.Dashed : p.Pattern;
                scatter.MarkerSize = 0;
                scatter.MarkerShape = MarkerShape.None;
                break;
            case SeriesStyle.MeasuredMarkers:
                scatter.LineWidth = 0;
                scatter.MarkerShape = p.Shape;
                scatter.MarkerSize = MarkerSize;
                break;
            case SeriesStyle.LineWithMarkers:
                scatter.LineWidth = LineWidth;
                scatter.LinePattern = p.Pattern;
                scatter.MarkerShape = p.Shape;
                scatter.MarkerSize = SmallMarkerSize;
                break;
            default:
                scatter.LineWidth = LineWidth;
                scatter.LinePattern = LinePattern.Dashed;
                scatter.MarkerShape = MarkerShape.OpenCircle;
                scatter.MarkerSize = SmallMarkerSize;
                break;
        }
        if (p.Source.StdErr is not null && p.ErrUp.Any(e => e > 0))
        {
            var down = p.ErrDown.Select((e, i) => double.IsFinite(e) ? e : Math.Max(0, ys[i] - low)).ToArray();
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, new double[xs.Length], new double[xs.Length], p.ErrUp.ToArray(), down)
            {
                LineColor = p.Color,
                LineWidth = 1.5f,
                CapSize = 4,
                LegendText = "",
            };
            plot.Add.Plottable(bars);
        }
    }
}
