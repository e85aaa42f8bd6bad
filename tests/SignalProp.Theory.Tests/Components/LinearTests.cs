using SignalProp.Theory.Components;

namespace SignalProp.Theory.Tests.Components;

public class LinearTests
{
    [Fact]
    public void Validates_parameters_with_name_value_and_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(0, 4, 0.1));
        Assert.Equal("d-in", e.ParamName);
        Assert.Contains("d-in = 0", e.Message);
        Assert.Contains("≥ 1", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(4, 4, -0.1));
        Assert.Contains("weight-std = -0.1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(4, 4, 0.1) with { OutFeatures = -2 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(4, 4, double.NaN));
    }

    [Fact]
    public void Fan_in_scaling_preserves_second_moment()
    {
        var y = Linear.FanIn(300, 50).Forward(new ForwardMoments(1, 3, 0.2));
        Assert.Equal(4.0, y.Variance, 12);
    }

    [Fact]
    public void Structural_equality()
    {
        Assert.Equal(new Linear(4, 5, 0.1), new Linear(4, 5, 0.1));
        Assert.NotEqual(new Linear(4, 5, 0.1), new Linear(4, 5, 0.2));
    }

    [Fact] // the backward map of a linear layer does not read the forward input, so an overflowed input leaves it finite
    public void Backward_ignores_an_overflowed_forward_input()
    {
        var g = new Linear(4, 8, 0.5).Backward(new ForwardMoments(0, double.PositiveInfinity, 0), new GradientMoments(1, 0.3));
        Assert.Equal(new GradientMoments(2, 0.3), g);
    }
}
