using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Formulas.Attention;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Components;

public class SelfAttentionTests
{
    [Fact]
    public void Attention_without_value_requires_zero_mean()
        => Assert.Throws<AssumptionViolatedException>(() => new SelfAttention(8, 8, 1, 16, 0.1, 0.1, null).Forward(new ForwardMoments(1, 1, 0)));

    [Fact]
    public void Overflow_propagates_as_infinity_through_a_chain()
    {
        var huge = new SelfAttention(256, 64, 1, 128, 10, 10, 0.1) { BackwardFormula = AttentionBackward.Value }; // the authors' log-normal forward
        var y = new Linear(256, 256, 0.1).Forward(huge.Forward(new ForwardMoments(0, 1, 0.3)));
        Assert.True(double.IsPositiveInfinity(y.Variance));
        Assert.False(y.IsFinite);
    }

    [Theory] // beyond the closed form's domain (V̄ = (1 − r)S² ≥ D/2) the forward is +∞, never NaN: at p = 0 it used to
             // multiply the overflowed M₂ by the dropout factor 𝗊 = 0 and return NaN
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void Closed_forward_beyond_its_domain_overflows_to_infinity(double attentionDropout)
    {
        var sha = new SelfAttention(64, 16, 4, 32, 1.0, 1.0, 0.1, attentionDropout) { BackwardFormula = AttentionBackward.Closed };
        var x = new ForwardMoments(0, 1, 0.2); // S² = 64⁴·1 = 4096
        var y = sha.Forward(x);
        Assert.True(double.IsPositiveInfinity(y.Variance), $"variance {y.Variance}");
        Assert.False(double.IsNaN(y.Correlation));
        var g = sha.Backward(x, new GradientMoments(1, 0.1));
        Assert.True(double.IsPositiveInfinity(g.Variance), $"gradient variance {g.Variance}");
    }

    [Theory] // the closed backward's lean sum (variance and covariance only, h heads) is the formula's path-term sum
             // VV + QQ + KK + 2VK and VVc + QQc + KKc + VKc (AttentionGradientFormulas.Closed, checked against predict_sha_closed)
    [InlineData(256, 64, 1, 128, 0.05, 0.0, 0.0, 0.0)]
    [InlineData(256, 64, 4, 128, 0.08, 0.3, 0.1, 0.4)]
    [InlineData(512, 32, 16, 300, 0.03, 0.7, 0.2, 0.9)]
    public void Closed_backward_equals_the_path_term_sum(int n, int d, int heads, int length, double qk, double r, double p, double rg)
    {
        double sv = Math.Sqrt(2.0 / (n + d));
        var sha = new SelfAttention(n, d, heads, length, qk, qk, sv, p) { BackwardFormula = AttentionBackward.Closed };
        var x = new ForwardMoments(0, 1.3, r);
        var g = new GradientMoments(0.7, rg);
        var formula = AttentionGradientFormulas.Closed(new AttentionGradientInputs(1.3, r, qk * qk, qk * qk, sv * sv, p, 0.7, rg, n, d, length));
        Assert.True(formula.Variance > 0 && formula.QQ > 0 && formula.KK > 0);
        var component = sha.Backward(x, g);
        Approx.Relative(heads * (formula.VV + formula.QQ + formula.KK + 2 * formula.VK), component.Variance, 1e-12);
        Approx.Relative((formula.VVc + formula.QQc + formula.KKc + formula.VKc) / (formula.VV + formula.QQ + formula.KK + 2 * formula.VK),
            component.Correlation, 1e-12);
    }
}
