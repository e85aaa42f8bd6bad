using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas;

public class AttentionFormulasTests
{
    private static readonly double S = 1 / Math.Sqrt(256);

    [Fact] // THEORY.md §7: SHA fwd σ_x²=1, r=0.3, d_in=256, L=128, σ_q²=σ_k²=σ_v²=1/256, p=0.1 → σ²=0.314269, C=0.305499, r=0.972092, S²=1
    public void Forward_matches_reference_vector()
    {
        var x = new ForwardMoments(0, 1, 0.3);
        Approx.Relative(1.0, AttentionFormulas.ScoreVariance(256, 1, S, S), 1e-14);
        var y = AttentionFormulas.Forward(x, 256, 128, S, S, S, 0.1);
        Approx.Printed(0.314269, y.Variance, 6);
        Approx.Printed(0.305499, y.TokenCovariance, 6);
        Approx.Printed(0.972092, y.Correlation, 6);
    }

    [Fact] // THEORY.md §7: SHA bwd σ_g²=1, r_g=0.2, d_out=64, L=128, σ_v²=1/256, p=0.1 → σ_g²=0.0517795, C_g=0.0515625
    public void Backward_matches_reference_vector()
    {
        var g = AttentionFormulas.Backward(new GradientMoments(1, 0.2), 64, 128, S, 0.1);
        Approx.Printed(0.0517795, g.Variance, 6);
        Approx.Printed(0.0515625, g.TokenCovariance, 6);
    }

    [Fact] // THEORY.md §2.8: r_g,in = (1−p)(1 + (L−1)r_g)/(1 + (L−1)r_g(1−p)); (1−p) at r_g = 0; → 1 as L → ∞
    public void Gradient_correlation_law()
    {
        Approx.Relative(0.9, AttentionFormulas.Backward(new GradientMoments(1, 0), 64, 128, S, 0.1).Correlation, 1e-14);
        double rg = 0.3, p = 0.2, l = 500;
        double expected = (1 - p) * (1 + (l - 1) * rg) / (1 + (l - 1) * rg * (1 - p));
        Approx.Relative(expected, AttentionFormulas.Backward(new GradientMoments(2, rg), 64, (int)l, S, p).Correlation, 1e-14);
    }

    [Fact] // THEORY.md §2.9: without V the factor d_in σ_v² (forward) and d_out σ_v² (backward) is dropped
    public void Without_value_projection_drops_the_value_gain()
    {
        var x = new ForwardMoments(0, 1.3, 0.4);
        double sv = 0.07;
        var withV = AttentionFormulas.Forward(x, 256, 128, S, S, sv, 0.1);
        var withoutV = AttentionFormulas.Forward(x, 256, 128, S, S, null, 0.1);
        Approx.Relative(withV.Variance / (256 * sv * sv), withoutV.Variance, 1e-13);
        Approx.Relative(withV.Correlation, withoutV.Correlation, 1e-13);
        var g = new GradientMoments(1, 0.2);
        Approx.Relative(AttentionFormulas.Backward(g, 64, 128, sv, 0.1).Variance / (64 * sv * sv),
            AttentionFormulas.Backward(g, 64, 128, null, 0.1).Variance, 1e-13);
    }

    [Fact] // THEORY.md §2.8 leading order: small S², large L → σ²_out ≈ d_in σ_v² σ_x² [r + (1−r)/(L(1−p))]
    public void Leading_order_limit()
    {
        var x = new ForwardMoments(0, 1, 0.3);
        double tiny = 1e-6 / Math.Sqrt(256);
        var y = AttentionFormulas.Forward(x, 256, 100_000, tiny, tiny, S, 0.1);
        Approx.Relative(0.3 + 0.7 / (100_000 * 0.9), y.Variance, 1e-9);
    }

    [Fact] // the issue: overflow (exp of a huge score variance) gives +∞, never NaN
    public void Huge_scores_overflow_to_infinity()
    {
        var y = AttentionFormulas.Forward(new ForwardMoments(0, 1, 0.3), 256, 128, 10, 10, S, 0.1);
        Assert.True(double.IsPositiveInfinity(y.Variance));
        Assert.False(double.IsNaN(y.Correlation));
        var zeroV = AttentionFormulas.Forward(new ForwardMoments(0, 1, 0.3), 256, 128, 10, 10, 0.0, 0.1);
        Assert.Equal(0.0, zeroV.Variance);
    }

    [Fact] // [DERIVED] a mean enters only through the projections: (μ, σ², r) acts as (0, σ²+μ², (μ²+rσ²)/(σ²+μ²))
    public void Mean_is_absorbed_by_the_projections()
    {
        var shifted = AttentionFormulas.Forward(new ForwardMoments(1, 3, 0.2), 64, 50, 0.1, 0.1, 0.1, 0);
        var equivalent = AttentionFormulas.Forward(new ForwardMoments(0, 4, (1 + 0.6) / 4), 64, 50, 0.1, 0.1, 0.1, 0);
        Approx.Relative(equivalent.Variance, shifted.Variance, 1e-14);
        Approx.Relative(equivalent.Correlation, shifted.Correlation, 1e-14);
    }
}
