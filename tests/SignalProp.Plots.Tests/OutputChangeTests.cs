using SignalProp.Plots;

namespace SignalProp.Plots.Tests;

public class OutputChangeTests
{
    [Fact]
    public void FromMatrices_PostLnGrowsLinearly_PreLnLogarithmically()
    {
        var matrices = SampleData.Dependency(201);
        var post = matrices[1].CumulativeDiagonalSquares();
        var pre = matrices[0].CumulativeDiagonalSquares();
        Assert.Equal(200, post.Length);
        Assert.True(post[^1] > 5 * pre[^1], $"Post-LN {post[^1]} vs Pre-LN {pre[^1]}");

        double[] measuredX = [1, 10, 50, 100, 200];
        var measured = Series.Measured("Post-LN (measured)", measuredX, measuredX.Select(x => post[(int)x - 1] * 1.05).ToArray(),
            measuredX.Select(x => 0.05 * post[(int)x - 1]).ToArray(), "Post-LN");
        var svg = FigureAssert.SaveAndCheck(Figures.OutputChange(matrices, [measured]), "fig5b-output-change");
        FigureAssert.ContainsText(svg, "Output change vs depth", "number of sub-layers N", "output change Σᵢ β²ᵢ,ᵢ (units of C)",
            "Pre-LN", "Post-LN", "Admin", "Post-LN (measured)");
    }

    [Fact]
    public void LogX_HasPowerOfTenTicks()
    {
        var options = Figures.OutputChangeDefaults with { LogX = true, Title = "Output change (log N)" };
        var svg = FigureAssert.SaveAndCheck(Figures.OutputChange(SampleData.Dependency(201), null, options), "fig5b-output-change-logx");
        FigureAssert.HasLogTicks(svg, atLeast: 3);
    }

    [Fact]
    public void NonFinite_DoNotThrow()
    {
        var beta = SampleData.PostLn(9);
        beta[4, 4] = double.PositiveInfinity;
        beta[6, 6] = double.NaN;
        FigureExport.Render(Figures.OutputChange([new DependencyMatrix("odd", beta)]), FigureFormat.Png);
        FigureExport.Render(Figures.OutputChange([new DependencyMatrix("one", new double[,] { { 1 } })]), FigureFormat.Png);
    }

    [Fact]
    public void Rendering_IsDeterministic()
        => FigureAssert.Deterministic(() => FigureExport.Render(Figures.OutputChange(SampleData.Dependency(13)), FigureFormat.Svg));
}
