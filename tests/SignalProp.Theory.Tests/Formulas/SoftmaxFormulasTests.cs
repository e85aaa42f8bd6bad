using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas;

public class SoftmaxFormulasTests
{
    private static readonly ForwardMoments Logits = new(0, 1, 0.2);

    [Fact] // THEORY.md §7: Softmax fwd σ²=1, r=0.2, L=300 → μ=0.00333333, Var_approx=1.36171e−5, Var_full=1.38074e−5
    public void Forward_matches_reference_vector()
    {
        Approx.Printed(0.00333333, SoftmaxFormulas.Mean(300), 6);
        Approx.Printed(1.36171e-5, SoftmaxFormulas.VarianceApprox(1, 0.2, 300), 6);
        Approx.Printed(1.38074e-5, SoftmaxFormulas.Variance(1, 0.2, 300), 6);
    }

    [Fact] // THEORY.md §7: Softmax bwd σ_g²=1 (same input) → approx 2.47282e−5, full 2.49185e−5
    public void Backward_matches_reference_vector()
    {
        Approx.Printed(2.47282e-5, SoftmaxFormulas.GradientVariance(Logits, GradientMoments.Unit, 300, approximate: true), 6);
        Approx.Printed(2.49185e-5, SoftmaxFormulas.GradientVariance(Logits, GradientMoments.Unit, 300), 6);
    }

    [Fact] // ATTENTION.md §11.2: the sum rule gives r_out = r_g,in = −1/(L−1) exactly
    public void Correlations_follow_the_sum_rule()
    {
        Assert.Equal(-1.0 / 299, SoftmaxFormulas.Forward(Logits, 300).Correlation);
        Assert.Equal(-1.0 / 299, SoftmaxFormulas.Backward(Logits, new GradientMoments(1, 0.5), 300).Correlation);
    }

    [Fact] // the full and the large-L forms converge as L grows (the full form has the exact E[p] = 1/L normalisation)
    public void Full_form_tends_to_approximation_at_large_length()
    {
        double ratioSmall = SoftmaxFormulas.Variance(1, 0, 300) / SoftmaxFormulas.VarianceApprox(1, 0, 300);
        double ratioLarge = SoftmaxFormulas.Variance(1, 0, 1_000_000) / SoftmaxFormulas.VarianceApprox(1, 0, 1_000_000);
        Assert.True(Math.Abs(ratioLarge - 1) < Math.Abs(ratioSmall - 1));
        Approx.Relative(1, ratioLarge, 1e-4);
    }

    [Fact] // a deterministic (r = 1 or σ = 0) row is uniform: variance 0
    public void Uniform_row_has_zero_variance()
    {
        Assert.Equal(0.0, SoftmaxFormulas.Variance(5, 1, 100), 15);
        Assert.Equal(0.0, SoftmaxFormulas.VarianceApprox(0, 0.3, 100), 15);
    }

    [Fact] // the issue: overflow gives +∞, never NaN
    public void Huge_score_variance_overflows_to_infinity_not_nan()
    {
        double v = SoftmaxFormulas.Variance(1e6, 0, 128);
        Assert.True(double.IsPositiveInfinity(v), $"got {v}");
        Assert.True(double.IsPositiveInfinity(SoftmaxFormulas.VarianceApprox(1e6, 0, 128)));
        Assert.True(double.IsPositiveInfinity(SoftmaxFormulas.GradientVariance(new ForwardMoments(0, 1e6, 0), GradientMoments.Unit, 128)));
    }

    [Fact] // [DERIVED] the shared gradient component cancels: (1 − r_g) factor, r_g = 0 is the authors' case
    public void Shared_gradient_component_cancels()
    {
        double at0 = SoftmaxFormulas.GradientVariance(Logits, new GradientMoments(1, 0), 300);
        Approx.Relative(0.4 * at0, SoftmaxFormulas.GradientVariance(Logits, new GradientMoments(1, 0.6), 300), 1e-14);
    }
}
