using SignalProp.Empirical.Attention;
using SignalProp.Theory.Components;
using Xunit.Abstractions;

namespace SignalProp.Empirical.Tests.Attention;

/// <summary>
/// The full attention formulas (ATTENTION.md §7 backward, the exact-softmax forward of
/// <see cref="SignalProp.Theory.Formulas.Attention.AttentionForwardFormulas"/>) through the Theory components against the
/// fresh-weights TorchSharp Monte Carlo at Xavier-sized Q/K, where the authors' formulas are far off. Tolerance: 4 standard
/// errors of the measurement plus 2 % of the prediction for the formulas' own approximations (ATTENTION.md §8: A2–A5 leave
/// 1–2 % at n = 64; §10.3 measured max 3.7 % at S² ≈ 4, so these cases stay at S² ≤ 2.6).
/// </summary>
[Trait("Category", "MonteCarlo")]
public class FullAttentionAgreementTests(ITestOutputHelper output)
{
    private const double Z = 4, Allowance = 0.02;

    public static TheoryData<string, AttentionCase> Cases => new()
    {
        // single head, n = 64, d = 16, L = 64, Xavier Q/K (nσ² = 1.6 → S² = 2.56), r = 0.2, dropout, r_g = 0 and 0.5
        { "sha r_g=0", AttentionCase.SingleHead(1, 0.2, 1.6 / 64, 1.6 / 64, 1.0 / 64, 0.1, 1, 0.0, 64, 16, 64) },
        { "sha r_g=0.5", AttentionCase.SingleHead(1, 0.2, 1.6 / 64, 1.6 / 64, 1.0 / 64, 0.1, 1, 0.5, 64, 16, 64) },
        // multi-head block, d_m = 64, 4 heads, Xavier per head, hidden dropout
        { "mha", AttentionCase.MultiHeadBlock(1, 0.3, 2.0 / 80, 2.0 / 80, 2.0 / 80, 1.0 / 64, 0.1, 0.1, 1, 0.3, 64, 4, 64) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Full_formulas_match_the_Monte_Carlo_where_the_authors_do_not(string name, AttentionCase c)
    {
        var m = new AttentionGradientExperiment(options: new(TargetRelativeError: 0.01, MaxRuns: 768, BatchRuns: 128, MaxSeconds: 60)).Measure(c, 11);
        var backward = AttentionPredictors.Component(c, AttentionBackward.Full);
        var forward = AttentionPredictors.ComponentForward(c, AttentionBackward.Full);
        var authors = AttentionPredictors.Component(c, AttentionBackward.Value);
        var authorsForward = AttentionPredictors.ComponentForward(c, AttentionBackward.Value);
        output.WriteLine($"{name} S² = {c.ScoreVariance:G3}, {m.Runs} runs: gVar {m.GradientVariance} full {backward.Variance:G5} authors {authors.Variance:G5}; " +
                         $"gCov {m.GradientCovariance} full {backward.Covariance:G5}; yVar {m.OutputVariance} full {forward.Variance:G5} authors {authorsForward.Variance:G5}; " +
                         $"yCov {m.OutputCovariance} full {forward.Covariance:G5}");
        Check(m.GradientVariance, backward.Variance, backward.Variance, "gVar");
        // Covariances: the authors' metric scale (|Δ| relative to the predicted variance, ATTENTION.md §10.1).
        Check(m.GradientCovariance, backward.Covariance, backward.Variance, "gCov");
        Check(m.OutputVariance, forward.Variance, forward.Variance, "yVar");
        Check(m.OutputCovariance, forward.Covariance, forward.Variance, "yCov");
        // The authors' value-path gradient is outside the same band: the test can tell the formulas apart.
        Assert.True(Math.Abs(m.GradientVariance.Mean - authors.Variance) > Z * m.GradientVariance.StandardError + Allowance * authors.Variance,
            $"{name}: the authors' formula is within tolerance here, so this case does not discriminate");
    }

    private static void Check(MeasuredValue measured, double predicted, double scale, string what)
    {
        double tolerance = Z * measured.StandardError + Allowance * Math.Abs(scale);
        Assert.True(Math.Abs(measured.Mean - predicted) <= tolerance,
            $"{what}: measured {measured} vs predicted {predicted:G6} (|Δ| = {Math.Abs(measured.Mean - predicted):G4} > {tolerance:G4})");
    }
}
