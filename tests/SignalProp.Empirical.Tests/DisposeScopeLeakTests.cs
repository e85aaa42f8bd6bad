using TorchSharp;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests;

public class DisposeScopeLeakTests
{
    [Fact]
    public void SamplingPropagationAndEstimationLeaveNoLiveTensors()
    {
        using var sampler = new SignalSampler(17, CPU, ScalarType.Float64);
        var shape = new SampleShape(4, 8, 6);
        Tensor weight = randn([6, 5], ScalarType.Float64, generator: new Generator(1, CPU));
        // Warm-up outside the measured window (lazy native initialisation).
        RunTrial(sampler, shape, weight);

        ThreadDisposeScopeStatistics statistics = DisposeScopeManager.Statistics;
        long liveBefore = statistics.ThreadTotalLiveCount;
        long createdOutsideBefore = statistics.CreatedOutsideScopeCount;
        long createdInsideBefore = statistics.CreatedInScopeCount;
        double total = 0;
        for (int iteration = 0; iteration < 300; iteration++)
        {
            total += RunTrial(sampler, shape, weight);
        }

        Assert.True(double.IsFinite(total));
        Assert.True(statistics.CreatedInScopeCount - createdInsideBefore > 300 * 10, "the trials made no tensors?");
        Assert.Equal(createdOutsideBefore, statistics.CreatedOutsideScopeCount);
        Assert.Equal(liveBefore, statistics.ThreadTotalLiveCount);
        weight.Dispose();
    }

    private static double RunTrial(SignalSampler sampler, SampleShape shape, Tensor weight)
    {
        using var scope = NewDisposeScope();
        PropagationResult result = VectorJacobianProduct.Propagate(
            sampler, t => t.matmul(weight), shape, 1.0, 2.0, 0.3, 1.0, 0.2);
        MeasuredMoments output = MomentEstimator.Measure(result.Output, includeFeatureCovariance: true);
        MeasuredMoments gradient = MomentEstimator.Measure(result.InputGradient);
        return output.Variance + gradient.TokenCovariance;
    }
}
