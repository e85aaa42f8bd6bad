using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests;

public class VectorJacobianProductTests
{
    [Fact]
    public void LinearScalingGivesTwiceTheUpstreamGradient()
    {
        using var scope = NewDisposeScope();
        using var sampler = new SignalSampler(5, CPU, ScalarType.Float64);
        var shape = new SampleShape(3, 4, 5);
        Tensor x = sampler.SampleInput(shape, 1, 1, 0.5);
        Tensor g = sampler.SampleGradient(shape, 1, 0.2);

        PropagationResult result = VectorJacobianProduct.Compute(t => t * 2, x, g);

        Assert.True(Same(result.Output, x * 2));
        Assert.True(Same(result.InputGradient, g * 2));
        Assert.False(result.Output.requires_grad);
        Assert.False(result.InputGradient.requires_grad);
        Assert.False(x.requires_grad);   // the caller's tensor is left alone
    }

    [Fact]
    public void PropagateSamplesAGradientOfTheOutputShapeAndLeavesParametersAlone()
    {
        using var scope = NewDisposeScope();
        using var sampler = new SignalSampler(11, CPU, ScalarType.Float64);
        Tensor weight = randn([6, 9], ScalarType.Float64).requires_grad_(true);   // d_in = 6 → d_out = 9

        PropagationResult result = VectorJacobianProduct.Propagate(
            sampler, t => t.matmul(weight), new SampleShape(2, 3, 6),
            mean: 0.5, variance: 1.0, correlation: 0.3, gradientVariance: 2.0, gradientCorrelation: 0.1);

        Assert.Equal(new long[] { 2, 3, 9 }, result.Output.shape);
        Assert.Equal(new long[] { 2, 3, 9 }, result.OutputGradient.shape);
        Assert.Equal(new long[] { 2, 3, 6 }, result.InputGradient.shape);
        // y = xW ⇒ ∂Loss/∂x = g Wᵀ.
        Tensor expected = result.OutputGradient.matmul(weight.detach().t());
        Assert.True(result.InputGradient.allclose(expected, rtol: 1e-12, atol: 1e-12));
        Assert.Null(weight.grad);
    }

    [Fact]
    public void ElementwiseSquareGivesTwoXTimesG()
    {
        using var scope = NewDisposeScope();
        using var sampler = new SignalSampler(3, CPU, ScalarType.Float64);
        PropagationResult result = VectorJacobianProduct.Propagate(
            sampler, t => t * t, new SampleShape(2, 3, 4), 0, 1, 0, 1, 0);
        Assert.True(result.InputGradient.allclose(result.Input * result.OutputGradient * 2, rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void RejectsOutputsThatDoNotDependOnTheInput()
    {
        using var scope = NewDisposeScope();
        Tensor x = zeros([1, 2, 3], ScalarType.Float64);
        Assert.Throws<InvalidOperationException>(
            () => VectorJacobianProduct.Compute(t => zeros_like(t), x, zeros_like(x)));
        Assert.Throws<ArgumentException>(
            () => VectorJacobianProduct.Compute(t => t * 2, x, zeros([1, 2, 4], ScalarType.Float64)));
    }

    private static bool Same(Tensor first, Tensor second)
        => first.shape.SequenceEqual(second.shape) && first.eq(second).all().item<bool>();
}
