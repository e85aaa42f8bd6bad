using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;

namespace SignalProp.Theory.Tests.Composition;

public class RepeatTests
{
    [Fact]
    public void Repeat_equals_the_unrolled_chain()
    {
        var block = new Residual(new Sequential(("ln", new LayerNorm(32)), ("lin", new Linear(32, 32, 0.1))));
        var repeat = new Repeat(block, 4);
        var unrolled = new Sequential(Enumerable.Range(0, 4).Select(i => new Named($"[{i}]", block)));
        var x = new ForwardMoments(0, 1, 0.2);
        var g = new GradientMoments(1, 0.1);
        Assert.Equal(unrolled.Forward(x), repeat.Forward(x));
        Assert.Equal(unrolled.Backward(x, g), repeat.Backward(x, g));
        Assert.Equal(["[0]", "[1]", "[2]", "[3]"], repeat.Children.Select(c => c.Name));
    }

    [Fact]
    public void Zero_repetitions_is_identity_and_negative_is_rejected()
    {
        var x = new ForwardMoments(0.1, 3, 0.2);
        Assert.Equal(x, new Repeat(new Linear(4, 4, 1), 0).Forward(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Repeat(new Linear(4, 4, 1), -1));
    }
}
