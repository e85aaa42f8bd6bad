using SignalProp.Empirical.Attention;

namespace SignalProp.Empirical.Tests.Attention;

/// <summary>The grids carry exactly the value sets of ATTENTION.md §10.1 and sample reproducibly.</summary>
public class AttentionGridsTests
{
    private static double[] Axis(AttentionGrid grid, string name) => [.. grid.Axes.Single(a => a.Name == name).Values];

    [Fact]
    public void GridValueSetsAreThoseOfAttentionMd()
    {
        Assert.Equal([0.1, 0.245, 0.6], Axis(AttentionGrids.A, "cqk"));
        Assert.Equal([100, 316, 1000], Axis(AttentionGrids.A, "n"));
        Assert.Equal([32, 64, 128, 256], Axis(AttentionGrids.A, "d"));
        Assert.Equal([300, 547, 1000], Axis(AttentionGrids.A, "L"));
        Assert.Equal([0.6, 1.0, 1.2, 1.41], Axis(AttentionGrids.B, "cqk"));
        Assert.Equal([64, 256], Axis(AttentionGrids.B, "n"));
        Assert.Equal([16, 64], Axis(AttentionGrids.B, "d"));
        Assert.Equal([32, 128, 512], Axis(AttentionGrids.B, "L"));
        Assert.Equal([0.316, 1, 3.162], Axis(AttentionGrids.B, "cv"));
        // wide: (b)'s weight scales over issue 8's extended sizes (d_in 64–1000, head width 16–256, L 32–1000)
        Assert.Equal(Axis(AttentionGrids.B, "cqk"), Axis(AttentionGrids.Wide, "cqk"));
        Assert.Equal([64, 256, 1000], Axis(AttentionGrids.Wide, "n"));
        Assert.Equal([16, 64, 256], Axis(AttentionGrids.Wide, "d"));
        Assert.Equal([32, 128, 512, 1000], Axis(AttentionGrids.Wide, "L"));
        Assert.Equal([128, 256], Axis(AttentionGrids.MultiHead, "dm"));
        Assert.Equal([1, 2, 4, 8], Axis(AttentionGrids.MultiHead, "h"));
        Assert.Equal([32, 128, 256], Axis(AttentionGrids.MultiHead, "L"));
        Assert.Equal([0, 0.2, 0.5, 0.8], Axis(AttentionGrids.MultiHead, "r"));
        Assert.Equal([0, 0.1, 0.3], Axis(AttentionGrids.MultiHead, "p"));
        Assert.Equal([0, 0.3, 0.7], Axis(AttentionGrids.MultiHead, "rg"));
    }

    [Fact]
    public void SamplingIsSeededAndInsideTheGrid()
    {
        var first = AttentionGrids.Sample(AttentionGrids.B, 50, 12345);
        Assert.Equal(first, AttentionGrids.Sample(AttentionGrids.B, 50, 12345));
        Assert.NotEqual(first, AttentionGrids.Sample(AttentionGrids.B, 50, 1));
        foreach (var c in first)
        {
            Assert.False(c.MultiHead);
            Assert.Contains(c.ModelWidth, new[] { 64, 256 });
            Assert.Equal(c.QueryVariance, c.KeyVariance);
            double cqk = Math.Sqrt(c.QueryVariance * c.ModelWidth);
            Assert.Contains(Axis(AttentionGrids.B, "cqk"), v => Math.Abs(v - cqk) < 1e-12);
            Assert.True(c.ScoreVariance <= 3.96);
        }
    }

    [Fact]
    public void MultiHeadCasesUseTheXavierScales()
    {
        foreach (var c in AttentionGrids.Sample(AttentionGrids.MultiHead, 40, 7))
        {
            Assert.True(c.MultiHead);
            Assert.Equal(c.ModelWidth, c.Heads * c.HeadWidth);
            Assert.Equal(2.0 / (c.ModelWidth + c.HeadWidth), c.ValueVariance, 15);
            Assert.Equal(1.0 / c.ModelWidth, c.OutputVariance, 15);
            Assert.Equal(c.AttentionDropout, c.HiddenDropout);
        }
        Assert.Contains(AttentionGrids.Sample(AttentionGrids.MultiHead, 40, 7), c => Math.Abs(c.QueryVariance - 2.0 / (c.ModelWidth + c.HeadWidth)) < 1e-15);
    }

    [Fact]
    public void QuickGridIsSmallAndMixesSingleAndMultiHead()
    {
        var cases = AttentionGrids.Sample(AttentionGrids.Quick, 40, 3);
        Assert.All(cases, c => Assert.True(c.ModelWidth <= 128 && c.Length <= 128));
        Assert.Contains(cases, c => c.MultiHead);
        Assert.Contains(cases, c => !c.MultiHead);
        Assert.Same(AttentionGrids.B, AttentionGrids.Get("B"));
        Assert.Throws<ArgumentException>(() => AttentionGrids.Get("c"));
    }
}
