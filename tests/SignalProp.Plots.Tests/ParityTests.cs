using SignalProp.Plots;

namespace SignalProp.Plots.Tests;

public class ParityTests
{
    [Fact]
    public void LogLog_HasIdentityLineAndPowerTicks()
    {
        var svg = FigureAssert.SaveAndCheck(Figures.Parity(SampleData.ParitySets(), logLog: true), "fig4b-parity-loglog");
        FigureAssert.ContainsText(svg, "Predicted vs measured", "predicted (theory)", "measured", "xVar", "gVar", "y = x");
        FigureAssert.HasLogTicks(svg, atLeast: 4);
    }

    [Fact]
    public void Linear_RendersCustomLabels()
    {
        var svg = FigureAssert.SaveAndCheck(Figures.Parity(SampleData.ParitySets().Take(1).ToList(), title: "ReLU x var",
            xLabel: "predicted σ²", yLabel: "measured σ²"), "fig4b-parity-linear");
        FigureAssert.ContainsText(svg, "ReLU x var", "predicted σ²", "measured σ²");
    }

    [Fact]
    public void NonFiniteAndNonPositive_AreCountedNotThrown()
    {
        ParitySet[] sets = [new("odd", [1, 2, double.NaN, double.PositiveInfinity, 0, -1], [1, 2.1, 3, 4, 0, -1])];
        var svg = FigureAssert.SaveAndCheck(Figures.Parity(sets, logLog: true), "parity-nonfinite", minPngBytes: 8_000);
        FigureAssert.ContainsText(svg, "4 points not shown (≤ 0 or non-finite)");
        FigureExport.Render(Figures.Parity(sets, logLog: false), FigureFormat.Png);
        FigureExport.Render(Figures.Parity([]), FigureFormat.Png);
    }

    [Fact]
    public void MismatchedLengths_Throw()
        => Assert.Throws<ArgumentException>(() => Figures.Parity([new ParitySet("bad", [1, 2], [1])]));

    [Fact]
    public void Rendering_IsDeterministic()
        => FigureAssert.Deterministic(() => FigureExport.Render(Figures.Parity(SampleData.ParitySets(), logLog: true), FigureFormat.Svg));
}
