using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Components;

/// <summary>Spec-level checks of the thin components (their formulas are pinned in the Formulas tests).</summary>
public class SmallComponentTests
{
    [Fact]
    public void Dropout_validates_probability()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.0));
        Assert.Contains("p = 1 is out of range: must be in [0, 1)", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(-0.1));
        Assert.Equal(new ForwardMoments(1, 2, 0.5), new Dropout(0).Forward(new ForwardMoments(1, 2, 0.5)));
    }

    [Fact]
    public void LayerNorm_selects_map_and_divides_gradient_by_input_variance()
    {
        var x = new ForwardMoments(5, 4, 0.5);
        Assert.Equal(0.5 * (1 - 1.0 / 16), new LayerNorm(16).Forward(x).Correlation, 15);
        Assert.Equal(LayerNormFormulas.ExactCorrelation(0.5, 16), new LayerNorm(16, LayerNormCorrelation.Exact).Forward(x).Correlation, 15);
        Assert.Equal(0.5, new LayerNorm(16, LayerNormCorrelation.Unchanged).Forward(x).Correlation);
        Assert.Equal(0.25, new LayerNorm(16).Backward(x, GradientMoments.Unit).Variance);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm(1));
    }

    [Fact]
    public void Softmax_and_attention_require_two_tokens()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Softmax(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SelfAttention(8, 8, 1, 1, 0.1, 0.1, 0.1));
        Assert.Equal("seq-len", e.ParamName);
    }

    [Fact]
    public void Attention_without_value_requires_zero_mean()
        => Assert.Throws<AssumptionViolatedException>(() => new SelfAttention(8, 8, 1, 16, 0.1, 0.1, null).Forward(new ForwardMoments(1, 1, 0)));

    [Fact]
    public void Overflow_propagates_as_infinity_through_a_chain()
    {
        var huge = new SelfAttention(256, 64, 1, 128, 10, 10, 0.1);
        var y = new Linear(256, 256, 0.1).Forward(huge.Forward(new ForwardMoments(0, 1, 0.3)));
        Assert.True(double.IsPositiveInfinity(y.Variance));
        Assert.False(y.IsFinite);
    }
}
