using SignalProp.Theory.Formulas;
using SignalProp.Theory.Formulas.Attention;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas.Attention;

/// <summary>Identities, limits, edge cases and validation of <see cref="AttentionGradientFormulas"/> (ATTENTION.md §5–§9).</summary>
public class AttentionGradientFormulasTests
{
    // A grid (b)-like configuration: n = 64, d = 16, Xavier-sized Q, K (S² = 4), L = 128.
    private static AttentionGradientInputs Xavier(double r = 0.2, double p = 0.1, double rg = 0.3, int L = 128)
        => new(1.0, r, 2.0 / 64, 2.0 / 64, 1.0 / 64, p, 1.0, rg, 64, 16, L);

    private static void AssertNoNaN(AttentionGradientPrediction o)
    {
        double[] all = [o.Variance, o.Covariance, o.VV, o.QQ, o.KK, o.VK, o.VVc, o.QQc, o.KKc, o.VKc, o.M2, o.Ec2, o.PairOverlap];
        Assert.DoesNotContain(all, double.IsNaN);
    }

    [Theory] // ATTENTION.md §5.1: with S² = 0 the softmax is uniform and the prediction is exactly the value-path formula
    [InlineData(0.0, 0.0, 32)] [InlineData(0.1, 0.0, 128)] [InlineData(0.3, 0.5, 2)] [InlineData(0.0, 0.9, 1000)]
    public void Zero_score_variance_is_exactly_the_value_path_formula(double p, double rg, int L)
    {
        var inputs = new AttentionGradientInputs(1.3, 0.4, 0.0, 0.02, 0.05, p, 2.0, rg, 64, 16, L);
        var expected = AttentionFormulas.Backward(new GradientMoments(2.0, rg), 16, L, Math.Sqrt(0.05), p);
        foreach (var o in new[] { AttentionGradientFormulas.Full(inputs), AttentionGradientFormulas.Closed(inputs), AttentionGradientFormulas.Authors(inputs) })
        {
            Assert.Equal(expected.Variance, o.Variance, 12);
            Approx.Relative(expected.TokenCovariance, o.Covariance, 1e-12);
        }
        var full = AttentionGradientFormulas.Full(inputs);
        Assert.Equal(expected.Variance, full.Variance);                 // bit-exact
        Assert.Equal(expected.TokenCovariance, full.Covariance);
    }

    [Fact] // S² → 0 is continuous: tiny Q/K approach the value-path formula
    public void Small_score_variance_tends_to_the_value_path_formula()
    {
        var inputs = Xavier() with { QueryVariance = 1e-9, KeyVariance = 1e-9 };
        var expected = AttentionFormulas.Backward(new GradientMoments(1.0, 0.3), 16, 128, Math.Sqrt(1.0 / 64), 0.1);
        var o = AttentionGradientFormulas.Full(inputs);
        Approx.Relative(expected.Variance, o.Variance, 1e-6);
        Approx.Relative(expected.TokenCovariance, o.Covariance, 1e-6);
    }

    [Fact] // Edge cases: L = 2, r = 1 (V̄ = 0), p = 0, r_g = ±1 — finite, no NaN, sum rule KKc = −KK/(L−1)
    public void Edge_cases_are_finite()
    {
        var cases = new[]
        {
            Xavier(L: 2), Xavier(r: 1.0), Xavier(r: 1.0, p: 0.0), Xavier(p: 0.0), Xavier(rg: 1.0), Xavier(rg: -1.0 / 127), Xavier(r: -1.0 / 127), Xavier(r: -1.0, L: 2), Xavier(rg: -1.0, L: 2),
            Xavier(rg: 0.5, L: 2), Xavier() with { QueryVariance = 0.5, KeyVariance = 0.5 }, // V̄ = 1024: clamped, saturated rows
        };
        foreach (var inputs in cases)
        {
            var o = AttentionGradientFormulas.Full(inputs);
            AssertNoNaN(o);
            Assert.True(double.IsFinite(o.Variance) && o.Variance > 0, $"{inputs}: {o}");
            Approx.Relative(-o.KK / (inputs.Length - 1), o.KKc, 1e-12);
            var c = AttentionGradientFormulas.Closed(inputs);
            AssertNoNaN(c);
        }
        // r = 1: V̄ = 0, the query path vanishes, the key path survives only through dropout (ω = p/(1−p)).
        var shared = AttentionGradientFormulas.Full(Xavier(r: 1.0));
        Assert.Equal(0.0, shared.QQ);
        Assert.True(shared.KK > 0);
        Assert.Equal(0.0, AttentionGradientFormulas.Full(Xavier(r: 1.0, p: 0.0)).KK);
    }

    [Fact] // Overflow → +∞, never NaN (closed form beyond its MGF's pole; huge weights)
    public void Overflow_gives_infinity_not_nan()
    {
        var beyond = Xavier() with { QueryVariance = 0.2, KeyVariance = 0.2 }; // V̄ ≫ D/2
        Assert.False(AttentionGradientFormulas.ClosedFormValid(beyond));
        var closed = AttentionGradientFormulas.Closed(beyond);
        Assert.Equal(double.PositiveInfinity, closed.Variance);
        AssertNoNaN(closed);
        var huge = new AttentionGradientInputs(1e100, 0.0, 1e100, 1e100, 1.0, 0.1, 1.0, 0.5, 64, 16, 32);
        var o = AttentionGradientFormulas.Full(huge);
        Assert.Equal(double.PositiveInfinity, o.Variance);
        AssertNoNaN(o);
        AssertNoNaN(AttentionGradientFormulas.Closed(huge));
        // zero gain silences an overflowed pattern
        Assert.Equal(0.0, AttentionGradientFormulas.Full(huge with { ValueVariance = 0 }).Variance);
    }

    [Fact] // Monotonicity: the variance grows with S² at fixed everything else; M2 ≥ 1/L; Ec² ≥ 1 at r ≥ 0
    public void Variance_grows_with_score_variance()
    {
        double previous = 0;
        foreach (double c in new[] { 0.0, 0.1, 0.3, 0.6, 1.0, 1.41 })
        {
            var inputs = Xavier() with { QueryVariance = c * c / 64, KeyVariance = c * c / 64 };
            var o = AttentionGradientFormulas.Full(inputs);
            Assert.True(o.Variance > previous, $"c = {c}");
            Assert.True(o.M2 >= 1.0 / 128 * (1 - 1e-12));
            Assert.True(o.Ec2 >= 1 - 1e-9);
            previous = o.Variance;
        }
    }

    [Fact] // §9: MultiHead is h × the single-head prediction; HeadGradient = (d_m σ_o² σ_g²/(1−p_h), r_g(1−p_h))
    public void MultiHead_is_a_sum_of_heads()
    {
        var head = AttentionGradientFormulas.HeadGradient(256, 1.0 / 256, new GradientMoments(2.0, 0.5), 0.2);
        Approx.Relative(2.0 / 0.8, head.Variance, 1e-15);
        Approx.Relative(0.4, head.Correlation, 1e-15);
        var inputs = new AttentionGradientInputs(1.0, 0.2, 0.006, 0.006, 0.006, 0.1, head.Variance, head.Correlation, 256, 64, 128);
        var one = AttentionGradientFormulas.Full(inputs);
        var four = AttentionGradientFormulas.MultiHead(inputs, 4);
        Assert.Equal(4 * one.Variance, four.Variance, 14);
        Assert.Equal(4 * one.KKc, four.KKc, 14);
        Assert.Equal(one.M2, four.M2);
    }

    [Fact] // Pattern(): M2 equals Full's; the closed-form overlap is the log-normal limit, close to the exact one when unsaturated
    public void Pattern_statistics()
    {
        var inputs = Xavier(rg: 0.5) with { QueryVariance = 0.3 / 64, KeyVariance = 0.3 / 64 };
        var full = AttentionGradientFormulas.Full(inputs);
        var exact = AttentionGradientFormulas.Pattern(inputs.MeanRowVariance, 0.2, full.EffectiveDimension, 128, includePairs: true);
        var closed = AttentionGradientFormulas.Pattern(inputs.MeanRowVariance, 0.2, full.EffectiveDimension, 128, includePairs: false);
        Assert.Equal(full.M2, exact.M2, 15);
        Assert.Equal(full.PairOverlap, exact.PairOverlap, 15);
        Approx.Relative(exact.PairOverlap, closed.PairOverlap, 2e-2);
        Assert.True(exact.ColumnCorrelation > 0 && exact.ColumnCorrelation < 1);
        var uniform = AttentionGradientFormulas.Pattern(0, 0.2, 10, 128, includePairs: true);
        Assert.Equal(1.0 / 128, uniform.M2, 15);
        Assert.Equal(0.0, uniform.ColumnCorrelation);
    }

    [Fact] // d_eff = 2/relvar(v) (ATTENTION.md §6.1): ≈ 1/(1/d + 2/n) for large n; predict.py::d_eff(64, 16) = 10.18272218769422
    public void Effective_dimension()
    {
        Approx.Relative(10.18272218769422, AttentionGradientFormulas.EffectiveDimension(64, 16), 1e-14);
        Approx.Relative(1 / (1 / 64.0 + 2 / 4096.0), AttentionGradientFormulas.EffectiveDimension(4096, 64), 2e-2);
    }

    [Theory] // Validation: each bad input names the parameter, its value and the range (Require's message format)
    [InlineData("input-variance", "input-variance = -1 is out of range: must be a finite number ≥ 0.")]
    [InlineData("input-correlation", "input-correlation = 1.5 is out of range: must be in [-1, 1].")]
    [InlineData("q-variance", "q-variance = NaN is out of range: must be a finite number ≥ 0.")]
    [InlineData("k-variance", "k-variance = Infinity is out of range: must be a finite number ≥ 0.")]
    [InlineData("v-variance", "v-variance = -0.5 is out of range: must be a finite number ≥ 0.")]
    [InlineData("attention-dropout", "attention-dropout = 1 is out of range: must be in [0, 1).")]
    [InlineData("gradient-variance", "gradient-variance = -2 is out of range: must be a finite number ≥ 0.")]
    [InlineData("gradient-correlation", "gradient-correlation = -1.1 is out of range: must be in [-1, 1].")]
    [InlineData("d-in", "d-in = 0 is out of range: must be an integer ≥ 1.")]
    [InlineData("d-out", "d-out = 0 is out of range: must be an integer ≥ 1.")]
    [InlineData("seq-len", "seq-len = 1 is out of range: must be an integer ≥ 2.")]
    public void Invalid_inputs_are_rejected_with_a_clear_message(string parameter, string message)
    {
        var ok = Xavier();
        Func<AttentionGradientInputs> make = parameter switch
        {
            "input-variance" => () => ok with { InputVariance = -1 },
            "input-correlation" => () => ok with { InputCorrelation = 1.5 },
            "q-variance" => () => ok with { QueryVariance = double.NaN },
            "k-variance" => () => ok with { KeyVariance = double.PositiveInfinity },
            "v-variance" => () => new AttentionGradientInputs(1, 0, 0.1, 0.1, -0.5, 0, 1, 0, 64, 16, 32),
            "attention-dropout" => () => ok with { AttentionDropout = 1.0 },
            "gradient-variance" => () => ok with { GradientVariance = -2 },
            "gradient-correlation" => () => ok with { GradientCorrelation = -1.1 },
            "d-in" => () => ok with { InFeatures = 0 },
            "d-out" => () => ok with { HeadFeatures = 0 },
            _ => () => ok with { Length = 1 },
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(make);
        Assert.Equal(parameter, e.ParamName);
        Assert.StartsWith(message, e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionGradientFormulas.MultiHead(ok, 0));
        // Cross-parameter constraint: r, r_g ≥ −1/(L−1) for exchangeable tokens.
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => AttentionGradientFormulas.Full(ok with { GradientCorrelation = -0.5 }));
        Assert.Equal("gradient-correlation", negative.ParamName);
        Assert.Contains("≥ -1/(L-1)", negative.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionGradientFormulas.Closed(ok with { InputCorrelation = -0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionGradientFormulas.Pattern(-1, 0, 10, 32, false));
    }
}
