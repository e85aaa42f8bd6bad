using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;

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
}
