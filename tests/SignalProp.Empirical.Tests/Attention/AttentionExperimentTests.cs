using SignalProp.Empirical.Attention;

namespace SignalProp.Empirical.Tests.Attention;

/// <summary>Reproducibility, fresh weights per run, the adaptive loop and validation.</summary>
public class AttentionExperimentTests
{
    private static readonly AttentionCase Small = AttentionCase.SingleHead(1, 0.3, 1.0 / 16, 1.0 / 16, 1.0 / 16, 0.2, 1, 0.3, 16, 8, 8);

    [Fact]
    public void SameSeedReproducesAndDifferentSeedsDiffer()
    {
        var experiment = new AttentionGradientExperiment(options: new(TargetRelativeError: 0, MaxRuns: 32, BatchRuns: 16));
        var first = experiment.Measure(Small, 1);
        var again = experiment.Measure(Small, 1);
        var other = experiment.Measure(Small, 2);
        Assert.Equal(first.GradientVariance, again.GradientVariance);
        Assert.Equal(first.GradientCovariance, again.GradientCovariance);
        Assert.Equal(first.OutputVariance, again.OutputVariance);
        Assert.NotEqual(first.GradientVariance.Mean, other.GradientVariance.Mean);
    }

    [Fact]
    public void EveryRunDrawsFreshWeights()
    {
        // Each run (batch element) gets its own W_Q, W_K, W_V, W_O: the slices differ and each has the requested variance.
        var c = AttentionCase.MultiHeadBlock(1, 0, 0.5, 0.25, 2.0, 0.125, 0, 0, 1, 0, 64, 4, 8);
        foreach (bool orthogonal in new[] { true, false })
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var experiment = new AttentionGradientExperiment(options: new(OrthogonalValue: orthogonal));
            using var generator = new TorchSharp.torch.Generator(10);
            var w = experiment.DrawWeights(c, 3, generator);
            foreach (var (tensor, variance) in new[] { (w.Query, 0.5), (w.Key, 0.25), (w.Value, 2.0), (w.Output!, 0.125) })
            {
                Assert.Equal(3, tensor.shape[0]);
                for (int run = 0; run < 3; run++)
                {
                    double meanSquare = tensor[run].square().mean().item<double>();
                    Assert.InRange(meanSquare / variance, 0.9, 1.1);   // 4096 entries: relative s.d. of the mean square ≈ 2 %
                    for (int other = run + 1; other < 3; other++) Assert.False(tensor[run].allclose(tensor[other]));
                }
            }
        }
        // And successive batches continue the stream: runs are never repeated.
        var sampling = new AttentionGradientExperiment();
        using var sampler = new SignalSampler(9);
        using var stream = new TorchSharp.torch.Generator(10);
        var first = sampling.SampleRuns(Small, sampler, stream, 8);
        var next = sampling.SampleRuns(Small, sampler, stream, 8);
        Assert.Equal(8, first.GradientVariance.Concat(next.GradientVariance).Take(8).Distinct().Count());
        Assert.Empty(first.GradientVariance.Intersect(next.GradientVariance));
    }

    [Fact]
    public void ChunkingDoesNotChangeTheNumberOfRunsOrFiniteness()
    {
        var experiment = new AttentionGradientExperiment(options: new(TargetRelativeError: 0, MaxRuns: 12, BatchRuns: 12, ChunkElements: 100));
        var m = experiment.Measure(Small, 3);
        Assert.Equal(12, m.Runs);
        Assert.True(double.IsFinite(m.GradientVariance.Mean) && m.GradientVariance.Mean > 0);
    }

    [Fact]
    public void AdaptiveLoopStopsAtTheTarget()
    {
        var experiment = new AttentionGradientExperiment(options: new(TargetRelativeError: 0.5, MaxRuns: 4096, BatchRuns: 16));
        var m = experiment.Measure(Small, 4);
        Assert.Equal("target", m.StopReason);
        Assert.Equal(16, m.Runs);
    }

    [Fact]
    public void MeasureLeavesNoLiveTensors()
    {
        var experiment = new AttentionGradientExperiment(options: new(TargetRelativeError: 0, MaxRuns: 8, BatchRuns: 4, ChunkElements: 200));
        var mha = AttentionCase.MultiHeadBlock(1, 0.2, 0.05, 0.05, 0.05, 0.05, 0.1, 0.1, 1, 0.3, 8, 2, 6);
        experiment.Measure(mha, 1);   // warm-up (lazy native initialisation)
        var statistics = TorchSharp.DisposeScopeManager.Statistics;
        long liveBefore = statistics.ThreadTotalLiveCount;
        long createdOutsideBefore = statistics.CreatedOutsideScopeCount;
        for (int i = 0; i < 5; i++)
        {
            experiment.Measure(mha, (ulong)i);
            experiment.Measure(Small, (ulong)i);
        }
        Assert.Equal(createdOutsideBefore, statistics.CreatedOutsideScopeCount);
        Assert.Equal(liveBefore, statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void InvalidCasesAreRejected()
    {
        var experiment = new AttentionGradientExperiment();
        Assert.Throws<ArgumentOutOfRangeException>(() => experiment.Measure(Small with { Length = 1 }, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => experiment.Measure(Small with { AttentionDropout = 1 }, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => experiment.Measure(AttentionCase.MultiHeadBlock(1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 10, 3, 4), 1));
    }
}
