using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Components;

/// <summary>Runs <see cref="ComponentContract"/> over every component type on a grid of inputs.</summary>
public class ComponentContractTests
{
    public static IEnumerable<object[]> Components()
    {
        yield return [new Linear(64, 32, 0.1)];
        yield return [Activation.Relu];
        yield return [Activation.Gelu];
        yield return [new Activation(ElementwiseFunction.Silu)];
        yield return [new Activation(ElementwiseFunction.Tanh)];
        yield return [new LayerNorm(64)];
        yield return [new LayerNorm(64, LayerNormCorrelation.Exact)];
        yield return [new Dropout(0.3)];
        yield return [new Softmax(128)];
        yield return [new Softmax(128, Approximate: true)];
        yield return [new SelfAttention(64, 16, 4, 32, 0.1, 0.1, 0.1, 0.1)];
        yield return [new SelfAttention(64, 64, 1, 32, 0.1, 0.1, null, 0.1)];
        yield return [new MultiHeadAttention(64, 4, 32, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1)];
        yield return [new FeedForward(64, 256, Activation.Gelu, 0.1, 0.05, 0.1)];
        yield return [new Embedding(1000, 1.0, 0.5, 0.5, 0.5, 2, 0.1)];
        yield return [new Residual(new Linear(8, 8, 0.3), 0.8, 0.6)];
        yield return [new Sequential(("a", new LayerNorm(8)), ("b", new Linear(8, 8, 0.3)))];
        yield return [new Repeat(new Residual(new Linear(8, 8, 0.3)), 3)];
        yield return [Identity.Instance];
    }

    [Theory, MemberData(nameof(Components))]
    public void Satisfies_contract(IComponent component)
    {
        foreach (var r in new[] { 0.0, 0.3, 0.9, 1.0 })
            foreach (var rg in new[] { 0.0, 0.5 })
                ComponentContract.Check(component, new ForwardMoments(0, 1.7, r), new GradientMoments(0.9, rg));
    }

    [Theory, MemberData(nameof(Components))]
    public void Rejects_invalid_input_naming_the_moment(IComponent component)
    {
        if (component is Identity) return; // the identity does not look at its input
        var bad = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => component.Forward(new ForwardMoments(0, -1, 0)));
        Assert.Contains("Variance", bad.Message);
        bad = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => component.Forward(new ForwardMoments(0, 1, 1.5)));
        Assert.Contains("Correlation", bad.Message);
        Assert.Contains("[-1, 1]", bad.Message);
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => component.Forward(new ForwardMoments(double.NaN, 1, 0)));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => component.Backward(new ForwardMoments(0, 1, 0), new GradientMoments(double.NaN, 0)));
    }

    [Theory, MemberData(nameof(Components))]
    public void Overflowed_input_gives_infinity_not_nan(IComponent component)
    {
        var y = component.Forward(new ForwardMoments(0, double.PositiveInfinity, 0.5));
        Assert.False(double.IsNaN(y.Mean) || double.IsNaN(y.Variance) || double.IsNaN(y.Correlation), $"{component}: {y}");
        var g = component.Backward(new ForwardMoments(0, 1, 0.5), new GradientMoments(double.PositiveInfinity, 0.1));
        Assert.False(double.IsNaN(g.Variance) || double.IsNaN(g.Correlation), $"{component}: {g}");
    }
}
