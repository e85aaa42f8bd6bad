using SignalProp.Plots;

namespace SignalProp.Plots.Tests;

public class ErrorPercentilesTests
{
    [Fact]
    public void OneComponent_LinearAxis_ShowsQuantitiesAndLegend()
    {
        var svg = FigureAssert.SaveAndCheck(Figures.ErrorPercentiles(SampleData.ErrorRows(), "Linear"), "fig4a-errors-linear");
        FigureAssert.ContainsText(svg, "Linear", "relative error (%)", "xMean", "xVar", "gVar", "xCov", "gCov",
            "ours p50", "ours p99", "authors p90");
        Assert.Empty(FigureAssert.PowerOfTenLabels(svg));
    }

    [Fact]
    public void ValuesSpanningDecades_SwitchToLogAxis()
    {
        // LayerNorm's xMean errors are ~1e-5 % and its gVar errors ~1 %: the axis must become logarithmic; its zeros are labelled.
        var svg = FigureAssert.SaveAndCheck(Figures.ErrorPercentiles(SampleData.ErrorRows(), "LayerNorm"), "fig4a-errors-layernorm");
        FigureAssert.HasLogTicks(svg, atLeast: 3);
        FigureAssert.HasTextElement(svg, "0");
    }

    [Fact]
    public void PanelPerComponent_RendersAllComponents()
    {
        var svg = FigureAssert.SaveAndCheck(Figures.ErrorPercentilesByComponent(SampleData.ErrorRows(), columns: 2), "fig4a-errors-panels");
        FigureAssert.ContainsText(svg, "Linear", "LayerNorm", "SHA", "n/a"); // SHA gCov has no authors' value
    }

    [Fact]
    public void NonFinite_DoNotThrow()
    {
        PercentileErrorRow[] rows =
        [
            new("X", "xVar", new Percentiles(double.NaN, double.PositiveInfinity, 3), new Percentiles(0, 1, double.NegativeInfinity)),
            new("X", "gVar", new Percentiles(0, 0, 0)),
        ];
        foreach (bool? log in new bool?[] { null, true, false })
            FigureExport.Render(Figures.ErrorPercentiles(rows, logY: log), FigureFormat.Png);
        FigureExport.Render(Figures.ErrorPercentiles([]), FigureFormat.Svg);
        FigureExport.Render(Figures.ErrorPercentilesByComponent([]), FigureFormat.Png);
    }

    [Fact]
    public void Rendering_IsDeterministic()
        => FigureAssert.Deterministic(() => FigureExport.Render(Figures.ErrorPercentilesByComponent(SampleData.ErrorRows()), FigureFormat.Png));
}
