using SignalProp.Empirical.Attention;
using Xunit.Abstractions;

namespace SignalProp.Empirical.Tests.Attention;

/// <summary>
/// The exact limit S² → 0 (σ_q = σ_k = 0: uniform softmax, no query or key path), where the authors' value-path
/// formula (AttentionFormulas.Backward, THEORY.md §2.8; §9 mapping for multi-head) is exact in expectation: the Monte
/// Carlo gVar and gCov must agree within 4 standard errors, single- and multi-head, with dropout and r_g &gt; 0. The
/// forward output moments are checked against the uniform-attention oracle
/// E[y²] = n σ_v² σ_x² (1/(1−p) + (L−1) r)/L, E[y_i y_j] = n σ_v² σ_x² (1 + (L−1) r)/L
/// (times d_m σ_o²/(1−p_h), resp. d_m σ_o², through W_O and the hidden dropout).
/// </summary>
[Trait("Category", "MonteCarlo")]
public class AttentionUniformLimitTests(ITestOutputHelper output)
{
    private const double Z = 4.0;

    [Fact]
    public void SingleHeadMatchesTheValuePathFormula()
        => Check(AttentionCase.SingleHead(1.3, 0.4, 0, 0, 0.9 / 32, 0.3, 2.0, 0.5, 32, 16, 16), new AttentionMonteCarloOptions(MaxRuns: 512, BatchRuns: 256));

    [Fact]
    public void SingleHeadWithoutVarianceReductionMatchesTheValuePathFormula()
        => Check(AttentionCase.SingleHead(1.0, 0.2, 0, 0, 1.0 / 24, 0.25, 1.0, 0.3, 24, 8, 12),
            new AttentionMonteCarloOptions(MaxRuns: 512, BatchRuns: 256, OrthogonalValue: false, FixedNormSharedGradient: false));

    [Fact]
    public void MultiHeadMatchesTheMappedValuePathFormula()
        => Check(AttentionCase.MultiHeadBlock(1.0, 0.3, 0, 0, 2.0 / 40, 1.0 / 32, 0.2, 0.3, 1.5, 0.4, 32, 4, 16), new AttentionMonteCarloOptions(MaxRuns: 256, BatchRuns: 128));

    private void Check(AttentionCase c, AttentionMonteCarloOptions options)
    {
        var experiment = new AttentionGradientExperiment(options: options with { TargetRelativeError = 0 });
        AttentionMeasurement m = experiment.Measure(c, 2024);
        AttentionPrediction p = AttentionPredictors.Authors(c);
        double headGain = c.ModelWidth * c.ValueVariance * c.InputVariance / c.Length;
        double outGain = c.MultiHead ? c.ModelWidth * c.OutputVariance : 1.0;
        double yVar = outGain / (1 - c.HiddenDropout) * headGain * (1 / (1 - c.AttentionDropout) + (c.Length - 1) * c.InputCorrelation);
        double yCov = outGain * headGain * (1 + (c.Length - 1) * c.InputCorrelation);
        output.WriteLine($"{c}: gVar {m.GradientVariance} vs {p.Variance:G6}; gCov {m.GradientCovariance} vs {p.Covariance:G6}; " +
                         $"yVar {m.OutputVariance} vs {yVar:G6}; yCov {m.OutputCovariance} vs {yCov:G6}; {m.Seconds:0.00} s");
        Assert.Equal(options.MaxRuns, m.Runs);
        Assert.Equal("runs", m.StopReason);
        Assert.True(m.GradientVarianceRelativeError < 0.03, "the s.e. must resolve a few-percent error");
        Assert.True(m.GradientVariance.IsConsistentWith(p.Variance, Z), $"gVar {m.GradientVariance} vs {p.Variance}");
        Assert.True(m.GradientCovariance.IsConsistentWith(p.Covariance, Z), $"gCov {m.GradientCovariance} vs {p.Covariance}");
        Assert.True(m.OutputVariance.IsConsistentWith(yVar, Z), $"yVar {m.OutputVariance} vs {yVar}");
        Assert.True(m.OutputCovariance.IsConsistentWith(yCov, Z), $"yCov {m.OutputCovariance} vs {yCov}");
    }
}
