using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas;

public class LayerNormFormulasTests
{
    [Fact] // THEORY.md §7: LN fwd r=0.5, d=100 → σ²=1, C=0.495, feature cov −0.010101
    public void Forward_matches_reference_vector()
    {
        var y = LayerNormFormulas.Forward(0.5, 100, LayerNormCorrelation.Authors);
        Assert.Equal(0.0, y.Mean);
        Assert.Equal(1.0, y.Variance);
        Approx.Relative(0.495, y.TokenCovariance, 1e-14);
        Approx.Printed(-0.010101, LayerNormFormulas.FeatureCovariance(100), 5);
    }

    [Fact] // THEORY.md §7: LN bwd σ_g²=1, r_g=0.3, σ_x²=4 → σ_g²=0.25, C_g=0.075
    public void Backward_matches_reference_vector()
    {
        var g = LayerNormFormulas.Backward(4, new GradientMoments(1, 0.3));
        Approx.Relative(0.25, g.Variance, 1e-15);
        Approx.Relative(0.075, g.TokenCovariance, 1e-14);
    }

    [Theory] // ATTENTION.md §11.1 table, "exact" column (4 printed digits)
    [InlineData(4, 0.5, 0.4360)] [InlineData(4, 0.9, 0.8540)] [InlineData(16, 0.5, 0.4873)]
    [InlineData(16, 0.9, 0.8937)] [InlineData(100, 0.5, 0.4981)] [InlineData(100, 0.9, 0.89912)]
    public void Exact_map_matches_reference_table(int d, double r, double expected)
        => Approx.Printed(expected, LayerNormFormulas.ExactCorrelation(r, d), expected.ToString("R").Length - 2);

    [Theory] // independent oracle: for d = 2 (m = 1) the cosine is sign(u_i u_j), whose mean is (2/π)·arcsin r
    [InlineData(0.1)] [InlineData(0.5)] [InlineData(0.9)] [InlineData(-0.4)]
    public void Exact_map_at_two_features_is_the_arcsine_law(double r)
        => Approx.Relative(2 / Math.PI * Math.Asin(r), LayerNormFormulas.ExactCorrelation(r, 2), 1e-9);

    [Fact] // ATTENTION.md §11.1: r_out = r[1 − (1−r²)/(2m) + O(m⁻²)] and r_out(±1) = ±1
    public void Exact_map_asymptotics_and_endpoints()
    {
        foreach (var r in new[] { 0.2, 0.6, 0.95 })
        {
            int m = 4000;
            Approx.Absolute(r * (1 - (1 - r * r) / (2.0 * m)), LayerNormFormulas.ExactCorrelation(r, m + 1), 2.0 / ((double)m * m));
        }
        Assert.Equal(1.0, LayerNormFormulas.ExactCorrelation(1, 8));
        Assert.Equal(-1.0, LayerNormFormulas.ExactCorrelation(-1, 8));
        Assert.Equal(0.0, LayerNormFormulas.ExactCorrelation(0, 8));
    }

    [Fact] // THEORY.md §2.5 note: r(1−1/d) is pessimistic; the exact map stays closer to r
    public void Authors_map_is_below_exact_map()
    {
        foreach (var d in new[] { 8, 64, 256 })
            foreach (var r in new[] { 0.3, 0.5, 0.8 })
                Assert.True(LayerNormFormulas.AuthorsCorrelation(r, d) < LayerNormFormulas.ExactCorrelation(r, d));
    }
}
