using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Tests.Formulas;

/// <summary>
/// <see cref="LayerNormProjectionFormulas"/>: what a Post-LN LayerNorm backward removes from the gradient. Oracles here are
/// limits with elementary answers and, for a non-homogeneous activation, the closed form of the GeLU Euler defect; the
/// Monte Carlo oracle is the TorchSharp measurement in PostNormProjectionTests (Empirical, LongRunning).
/// </summary>
public class LayerNormProjectionFormulasTests
{
    [Fact] // an isotropic gradient loses 1/d along the feature mean and 1/d along y
    public void Keep_of_an_isotropic_gradient_and_its_clamps()
    {
        Assert.Equal(1 - 2.0 / 256, LayerNormProjectionFormulas.Keep(null, 256), 15);
        Assert.Equal(1 - 0.5 / 256, LayerNormProjectionFormulas.Keep(0.5, 256), 15);
        Assert.Equal(0.0, LayerNormProjectionFormulas.Keep(300, 256));
        Assert.Equal(0.0, LayerNormProjectionFormulas.Keep(double.PositiveInfinity, 256));
    }

    [Fact] // only the branch part β²t of the gradient brings a feature mean
    public void Feature_mean_is_the_branch_share_of_the_gradient()
    {
        Assert.Equal(0.0, LayerNormProjectionFormulas.FeatureMean(1.0, 0.0));
        Assert.Equal(1.0, LayerNormProjectionFormulas.FeatureMean(0.0, 2.0));
        Assert.Equal(1.5 / 2.5, LayerNormProjectionFormulas.FeatureMean(1.0, 1.5), 15);
        Assert.Equal(0.0, LayerNormProjectionFormulas.FeatureMean(0.0, 0.0));
        Assert.Equal(0.0, LayerNormProjectionFormulas.FeatureMean(1.0, double.PositiveInfinity));
    }

    [Fact] // ReLU and the identity are homogeneous of degree 1: By = f (Euler), nothing along y
    public void Homogeneous_activations_remove_nothing_along_the_output()
    {
        foreach (var activation in new[] { ElementwiseFunction.Relu, ElementwiseFunction.Identity })
            Assert.Equal(0.0, LayerNormProjectionFormulas.FeedForwardOutputDirection(activation, 1.0, 1.0, 0.1, 1.0, 1.0, 0.4, 0.4));
        // A user-defined ReLU (no reference shortcut) goes through the quadrature and also gives 0.
        var relu = new ElementwiseFunction("my-relu", x => Math.Max(x, 0), x => x > 0 ? 1 : 0, [0.0]);
        Assert.Equal(0.0, LayerNormProjectionFormulas.FeedForwardOutputDirection(relu, 1.0, 1.0, 0.1, 1.0, 1.0, 0.4, 0.4), 14);
    }

    [Theory] // GeLU: ψ = h·gelu'(h) − gelu(h) = h²φ(h), so E[ψ²] = 3q²/(2π(1 + 2q)^{5/2}) for h ~ N(0, q)
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Gelu_euler_defect_matches_its_closed_form(double q)
    {
        double psiSquare = 3 * q * q / (2 * Math.PI * Math.Pow(1 + 2 * q, 2.5));
        // β² small: the projection term (the part of W₂ψ along βf) is O(β⁴) and drops out; λ² + β²t = 1 (t = 0).
        const double beta2 = 1e-8;
        double result = LayerNormProjectionFormulas.FeedForwardOutputDirection(ElementwiseFunction.Gelu, q, 2.0, 0.0,
            skipScaleSquared: 1.0, branchScaleSquared: beta2, branchVariance: 0.5, branchGradientGain: 0.0);
        Assert.Equal(1.0, result / (beta2 * 2.0 * psiSquare), 6);
    }

    [Fact] // uniform attention (S² = 0), identical tokens (r = 1), uncorrelated gradient: X_i = v̄·(ḡ − g_i), so the
           // removal is β²G·κ_D/((1 − p)(λ² + β²t)) up to O(1/L); κ_D = 1 − β²s/(λ² + β²s) when all of f is the shared value
    public void Uniform_attention_on_identical_tokens()
    {
        const int L = 1_000_000;
        double lambda2 = 1, beta2 = 1, s = 1.5, t = 0.2, gain = 1.6;
        double kappaD = 1 - beta2 * s / (lambda2 + beta2 * s);
        double expected = beta2 * gain * kappaD / (lambda2 + beta2 * t);
        double result = LayerNormProjectionFormulas.AttentionOutputDirection(1.0, 0.0, L, gain, 0.0, 0.0, 0.0, lambda2, beta2, s, 1.0, t);
        Assert.Equal(expected, result, 5);
        // Without a skip (λ = 0) the gradient is orthogonal to f itself, so v̄·g' = 0: nothing along y.
        Assert.Equal(0.0, LayerNormProjectionFormulas.AttentionOutputDirection(1.0, 0.0, L, gain, 0.0, 0.0, 0.0, 0.0, beta2, s, 1.0, t), 5);
    }

    [Fact] // independent tokens (r = 0), no scores: only the token terms (value path and f) remain, c = 1, K = 0
    public void Independent_tokens_without_scores()
    {
        const int L = 128;
        double rg = 0.5, expectedQ = (1 - rg) * (1.0 / L) + rg; // (1 − r_g)m₂T₂ + r_g E(c + K)², T₂ = E(c+K)² = 1
        double result = LayerNormProjectionFormulas.AttentionOutputDirection(0.0, 0.0, L, 1.0, 0.0, 0.0, rg, 1.0, 1.0, 1.0, 0.0, 1.0);
        Assert.Equal(expectedQ / 2, result, 12);
    }

    [Fact] // the removal grows with the logit scale through the key path's uncentred logits (E(c + K)²) and is finite
    public void Grows_with_the_score_variance()
    {
        double Removed(double s2) => LayerNormProjectionFormulas.AttentionOutputDirection(0.86, s2, 128, 1.6, 0.1, 0.1, 0.5, 1, 1, 1.5, 0.9, 1.4);
        Assert.True(Removed(0.0) < Removed(1.0) && Removed(1.0) < Removed(2.56));
        Assert.True(double.IsFinite(Removed(50)));
    }
}
