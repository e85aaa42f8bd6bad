using SignalProp.Plots;

namespace SignalProp.Plots.Tests;

public class DepthSweepTests
{
    [Fact]
    public void TwoPanels_LogAxes_ClippedOverflowExplained()
    {
        var figure = Figures.DepthSweep(SampleData.Sweep(), title: "Pre-LN, d = 1024");
        Assert.Equal(2, figure.Panels.Count);
        var svg = FigureAssert.SaveAndCheck(figure, "fig7-depth-sweep");
        FigureAssert.ContainsText(svg, "Pre-LN, d = 1024: forward variance vs depth", "Pre-LN, d = 1024: gradient variance vs depth",
            "number of layers N", Figures.SweepForwardLabel, Figures.SweepGradientLabel,
            "xavier", "default", "dslm", "admin", "rezero", "deepnorm",
            "+∞ (overflow), clipped at top", "0 or −∞ (underflow), clipped at bottom");
        FigureAssert.HasLogTicks(svg, atLeast: 4);
    }

    [Fact]
    public void SinglePanel_Renders()
    {
        var svg = FigureAssert.SaveAndCheck(Figures.DepthSweepPanel(SampleData.Sweep(), SweepQuantity.GradientVariance),
            "fig7-depth-sweep-gradient");
        FigureAssert.ContainsText(svg, "Gradient variance vs depth", Figures.SweepGradientLabel);
    }

    [Fact]
    public void AllInfiniteOrEmpty_DoesNotThrow()
    {
        double[] n = [1, 10, 100];
        SweepSeries[] sweeps =
        [
            new("default", n, [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity], [double.NaN, 0, 0]),
            new("solved", [], [], []),
        ];
        FigureExport.Render(Figures.DepthSweep(sweeps), FigureFormat.Png);
        FigureExport.Render(Figures.DepthSweep([]), FigureFormat.Svg);
        Assert.Throws<ArgumentException>(() => Figures.DepthSweep([new SweepSeries("bad", [1, 2], [1], [1, 2])]));
    }

    [Fact]
    public void Rendering_IsDeterministic()
        => FigureAssert.Deterministic(() => FigureExport.Render(Figures.DepthSweep(SampleData.Sweep()), FigureFormat.Png));
}
