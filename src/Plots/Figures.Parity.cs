using ScottPlot;

namespace SignalProp.Plots;

public static partial class Figures
{
    /// <summary>
    /// Figure 4b: predicted (x) against measured (y) values with the y = x line; same limits on both axes. With
    /// <paramref name="logLog"/> both axes are decade axes (points ≤ 0 cannot be shown and are counted in the legend, as
    /// are non-finite points).
    /// </summary>
    /// <param name="sets">Point sets, one legend entry and colour each.</param>
    /// <param name="logLog">Log10 axes with "10ᵏ" labels.</param>
    /// <param name="title">Figure title.</param>
    /// <param name="xLabel">x label.</param>
    /// <param name="yLabel">y label.</param>
    /// <param name="legend">Legend placement.</param>
    /// <exception cref="ArgumentException">A set has arrays of different lengths.</exception>
    public static Plot Parity(IReadOnlyList<ParitySet> sets, bool logLog = false, string title = "Predicted vs measured",
        string xLabel = "predicted (theory)", string yLabel = "measured", LegendPlacement legend = LegendPlacement.OutsideRight)
    {
        ArgumentNullException.ThrowIfNull(sets);
        foreach (var s in sets) s.Validate();
        var colors = new ColorAssigner(sets.Select(s => s.ColorKey ?? s.Label));
        var plot = new Plot();
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        int hidden = 0;
        foreach (var s in sets)
        {
            var color = colors[s.ColorKey ?? s.Label];
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < s.Predicted.Count; i++)
            {
                double x = logLog ? AxisScales.Log(s.Predicted[i]) : s.Predicted[i];
                double y = logLog ? AxisScales.Log(s.Measured[i]) : s.Measured[i];
                if (!double.IsFinite(x) || !double.IsFinite(y)) { hidden++; continue; }
                xs.Add(x);
                ys.Add(y);
                min = Math.Min(min, Math.Min(x, y));
                max = Math.Max(max, Math.Max(x, y));
            }
            if (xs.Count > 0)
            {
                var m = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 7, color.WithAlpha(0.8));
                m.LegendText = "";
            }
            if (!string.IsNullOrWhiteSpace(s.Label))
                plot.Legend.ManualItems.Add(LegendItems.Marker(s.Label, color, MarkerShape.FilledCircle, 8));
        }

        var (low, high) = AxisScales.Limits(min, max, logLog);
        if (!logLog && double.IsFinite(min))
        {
            // Square, padded limits for the linear view.
            double pad = 0.05 * Math.Max(max - min, 1e-12 + 1e-9 * Math.Abs(max));
            (low, high) = (min - pad, max + pad);
        }
        var identity = plot.Add.Line(low, low, high, high);
        identity.LineColor = Colors.Black;
        identity.LineWidth = 1.5f;
        identity.LinePattern = LinePattern.Dashed;
        identity.LegendText = "";
        plot.MoveToBack(identity);
        plot.Legend.ManualItems.Add(LegendItems.Line("y = x", Colors.Black, 1.5f, LinePattern.Dashed));
        if (hidden > 0)
            plot.Legend.ManualItems.Add(LegendItems.Marker($"{hidden} point{(hidden == 1 ? "" : "s")} not shown ("
                + (logLog ? "≤ 0 or " : "") + "non-finite)", Colors.Gray, MarkerShape.OpenCircle, 8));

        plot.Axes.SetLimits(low, high, low, high);
        if (logLog)
        {
            AxisScales.ApplyLog(plot, false, high - low);
            AxisScales.ApplyLog(plot, true, high - low);
        }
        else
        {
            AxisScales.ApplyLinear(plot.Axes.Bottom);
            AxisScales.ApplyLinear(plot.Axes.Left);
        }
        if (!string.IsNullOrWhiteSpace(title)) plot.Title(title);
        plot.XLabel(xLabel ?? "");
        plot.YLabel(yLabel ?? "");
        LegendItems.Show(plot, legend);
        FigureStyle.Apply(plot);
        return plot;
    }
}
