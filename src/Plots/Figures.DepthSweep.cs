using ScottPlot;

namespace SignalProp.Plots;

public static partial class Figures
{
    /// <summary>Default y label of the forward-variance sweep panel.</summary>
    public const string SweepForwardLabel = "final forward variance σ² (top of the stack)";

    /// <summary>Default y label of the gradient-variance sweep panel.</summary>
    public const string SweepGradientLabel = "gradient growth σ²g(bottom) / σ²g(top)";

    /// <summary>
    /// Figure 7: final forward variance and bottom gradient variance against the number of layers N (log-x, log-y, one
    /// line per scheme in its fixed colour), stacked in two panels, so a user sees which scheme survives at their depth.
    /// +∞ (overflow) is drawn clipped at the top with ▲, 0 (underflow) at the bottom with ▼; the legend says so.
    /// </summary>
    /// <param name="sweeps">One entry per scheme.</param>
    /// <param name="title">Prefix of the panel titles (e.g. "Pre-LN, d = 1024"); empty for none.</param>
    /// <param name="forwardLabel">y label of the forward panel.</param>
    /// <param name="gradientLabel">y label of the gradient panel.</param>
    public static PanelFigure DepthSweep(IReadOnlyList<SweepSeries> sweeps, string title = "",
        string forwardLabel = SweepForwardLabel, string gradientLabel = SweepGradientLabel)
    {
        var forward = Sweep(sweeps, SweepQuantity.ForwardVariance, Join(title, "forward variance vs depth"), forwardLabel,
            LegendPlacement.None);
        var gradient = Sweep(sweeps, SweepQuantity.GradientVariance, Join(title, "gradient variance vs depth"), gradientLabel,
            LegendPlacement.None);
        // One legend for both panels (the union of their entries), and identical margins so the x axes line up.
        var items = forward.Legend.ManualItems.Concat(gradient.Legend.ManualItems)
            .GroupBy(i => i.LabelText).Select(g => g.First()).ToList();
        var padding = new PixelPadding(left: 96, right: 30, bottom: 62, top: 44);
        forward.Layout.Fixed(padding);
        gradient.Layout.Fixed(padding);
        int footer = 34 + 24 * ((items.Count + 3) / 4);
        return new PanelFigure([forward, gradient], columns: 1, width: FigureExport.DefaultWidth, height: 2 * 480 + footer,
            footer: LegendStrip(items), footerHeight: footer);
    }

    /// <summary>One panel of <see cref="DepthSweep"/>.</summary>
    /// <param name="sweeps">One entry per scheme.</param>
    /// <param name="quantity">Forward or gradient variance.</param>
    /// <param name="title">Panel title (null = a default).</param>
    /// <param name="yLabel">y label (null = <see cref="SweepForwardLabel"/> or <see cref="SweepGradientLabel"/>).</param>
    public static Plot DepthSweepPanel(IReadOnlyList<SweepSeries> sweeps, SweepQuantity quantity, string? title = null,
        string? yLabel = null)
        => Sweep(sweeps, quantity, title, yLabel, LegendPlacement.OutsideRight);

    private static Plot Sweep(IReadOnlyList<SweepSeries> sweeps, SweepQuantity quantity, string? title, string? yLabel,
        LegendPlacement legend)
    {
        ArgumentNullException.ThrowIfNull(sweeps);
        var series = new List<Series>();
        foreach (var s in sweeps)
        {
            s.Validate();
            var y = quantity == SweepQuantity.ForwardVariance ? s.ForwardVariance : s.GradientVariance;
            series.Add(new Series(s.DisplayLabel, s.Depths, y, null, SeriesStyle.LineWithMarkers, s.Scheme));
        }
        bool forward = quantity == SweepQuantity.ForwardVariance;
        return LineFigure.Build(series, new DepthProfileOptions(
            Title: title ?? (forward ? "Forward variance vs depth" : "Gradient variance vs depth"),
            XLabel: "number of layers N",
            YLabel: yLabel ?? (forward ? SweepForwardLabel : SweepGradientLabel),
            LogY: true,
            LogX: true,
            Legend: legend));
    }

    private static string Join(string prefix, string rest)
        => string.IsNullOrWhiteSpace(prefix) ? char.ToUpperInvariant(rest[0]) + rest[1..] : prefix + ": " + rest;
}
