using SignalProp.Plots;

namespace SignalProp.Plots.Tests;

public class DepthProfileTests
{
    [Fact]
    public void ForwardVariance_LinearAxis_RendersLabelsAndLegend()
    {
        var options = new DepthProfileOptions(Title: "Forward variance, Pre-LN", XLabel: "layer n",
            YLabel: "forward variance σ² (units of σ²₀)");
        var svg = FigureAssert.SaveAndCheck(Figures.DepthProfile(SampleData.ForwardVariance(), options), "fig1-forward-variance");
        FigureAssert.ContainsText(svg, "Forward variance, Pre-LN", "layer n", "forward variance σ² (units of σ²₀)",
            "Xavier Pre-LN (theory)", "Xavier Pre-LN (measured)", "DSLM (theory)", "DSLM (measured)");
        Assert.Empty(FigureAssert.PowerOfTenLabels(svg));
    }

    [Fact]
    public void GradientVariance_LogAxis_HasPowerOfTenTicks()
    {
        var options = new DepthProfileOptions(Title: "Gradient variance", YLabel: "gradient variance σ²g", LogY: true);
        var svg = FigureAssert.SaveAndCheck(Figures.DepthProfile(SampleData.GradientVariance(), options), "fig2-gradient-variance");
        FigureAssert.ContainsText(svg, "gradient variance σ²g", "Xavier Post-LN: exponential", "Xavier Pre-LN: hyperbolic");
        FigureAssert.HasLogTicks(svg, atLeast: 5); // the exponential spans five decades
    }

    [Fact] // figure 8b: an alternative prediction is drawn dashed in the colour of the solid one, and both are in the legend
    public void DashedLine_IsDrawnDashedBesideTheSolidLineOfTheSameColour()
    {
        double[] x = [0, 1, 2, 3];
        var series = new List<Series>
        {
            Series.Theory("full", x, [4.0, 2.0, 1.5, 1.0], "Pre-LN"),
            Series.Theory("authors", x, [1.0, 1.0, 1.0, 1.0], "Pre-LN") with { Style = SeriesStyle.DashedLine },
        };
        var plot = Figures.DepthProfile(series, new DepthProfileOptions(Title: "Gradient profile", LogY: true));
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(lines[0].Color, lines[1].Color);
        Assert.Equal(ScottPlot.LinePattern.Solid.Name, lines[0].LinePattern.Name);
        Assert.Equal(ScottPlot.LinePattern.Dashed.Name, lines[1].LinePattern.Name);
        Assert.All(lines, l => Assert.Equal(0, l.MarkerSize));
        var svg = FigureAssert.SaveAndCheck(plot, "fig8b-dashed-line");
        FigureAssert.ContainsText(svg, "full", "authors");
    }

    [Fact]
    public void Correlation_SixSeries_AllInLegend()
    {
        var series = SampleData.Correlation();
        var options = new DepthProfileOptions(Title: "Token correlation", YLabel: "token correlation r", YMin: 0, YMax: 1.05);
        var svg = FigureAssert.SaveAndCheck(Figures.DepthProfile(series, options), "fig3-correlation");
        FigureAssert.ContainsText(svg, series.Select(s => s.Label).ToArray());
    }

    [Fact]
    public void ScoreVariance_MarkLine_IsLabelled()
    {
        var options = new DepthProfileOptions(Title: "Attention-score variance", YLabel: "score variance S²", LogY: true,
            MarkX: 37, MarkLabel: "score instability begins");
        var svg = FigureAssert.SaveAndCheck(Figures.DepthProfile(SampleData.ScoreVariance(), options), "fig6-score-variance");
        FigureAssert.ContainsText(svg, "score instability begins (x = 37)");
        FigureAssert.HasLogTicks(svg);
    }

    [Fact]
    public void ScoreVarianceAndEntropy_TwoPanels()
    {
        var layers = SampleData.Range(0, 96);
        var entropy = new[]
        {
            Series.Theory("attention entropy (theory)", layers, layers.Select(n => Math.Log(256) * (1 - 1 / (1 + Math.Exp(-(n - 50) / 8.0)))).ToArray(), "xavier"),
        };
        var left = Figures.DepthProfile(SampleData.ScoreVariance(), new DepthProfileOptions(Title: "Score variance",
            YLabel: "score variance S²", LogY: true, MarkX: 37, MarkLabel: "instability", Legend: LegendPlacement.InsideUpperLeft));
        var right = Figures.DepthProfile(entropy, new DepthProfileOptions(Title: "Attention entropy", YLabel: "entropy (nats)",
            MarkX: 37, MarkLabel: "instability", Legend: LegendPlacement.OutsideBottom));
        var svg = FigureAssert.SaveAndCheck(FigureExport.Combine([left, right], columns: 2, panelWidth: 700, panelHeight: 500),
            "fig6-score-variance-entropy");
        FigureAssert.ContainsText(svg, "Score variance", "Attention entropy", "entropy (nats)", "instability (x = 37)");
    }

    [Fact]
    public void NonFiniteValues_DoNotThrow_AndAreExplained()
    {
        double[] x = [0, 1, 2, 3, 4, 5];
        var series = new[]
        {
            Series.Theory("exploding", x, [1, 10, 100, double.PositiveInfinity, double.PositiveInfinity, double.NaN], "default"),
            Series.Measured("vanishing", x, [1, 0.1, 0, double.NegativeInfinity, double.NaN, 1e-3], [0.1, double.NaN, 0, 1, 1, 2], "rezero"),
            Series.Theory("all NaN", x, x.Select(_ => double.NaN).ToArray()),
            Series.Theory("empty", [], []),
        };
        foreach (bool log in new[] { false, true })
        {
            var svg = FigureAssert.SaveAndCheck(Figures.DepthProfile(series, new DepthProfileOptions(YLabel: "value", LogY: log)),
                "depth-profile-nonfinite" + (log ? "-log" : ""), minPngBytes: 8_000);
            FigureAssert.ContainsText(svg, "+∞ (overflow), clipped at top", "exploding", "vanishing");
        }
        var allInfinite = new[] { Series.Theory("inf", x, x.Select(_ => double.PositiveInfinity).ToArray()) };
        FigureExport.Render(Figures.DepthProfile(allInfinite, new DepthProfileOptions(LogY: true)), FigureFormat.Png);
        FigureExport.Render(Figures.DepthProfile([], null), FigureFormat.Svg);
    }

    [Fact]
    public void MismatchedLengths_Throw()
    {
        var bad = new Series("bad", [1, 2, 3], [1, 2]);
        Assert.Throws<ArgumentException>(() => Figures.DepthProfile([bad]));
    }

    [Fact]
    public void Rendering_IsDeterministic()
    {
        var options = new DepthProfileOptions(YLabel: "σ²g", LogY: true, MarkX: 50, MarkLabel: "mark");
        FigureAssert.Deterministic(() => FigureExport.Render(Figures.DepthProfile(SampleData.GradientVariance(), options), FigureFormat.Png));
        FigureAssert.Deterministic(() => FigureExport.Render(Figures.DepthProfile(SampleData.GradientVariance(), options), FigureFormat.Svg));
    }
}
