using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Tests.Components;

public class DropoutTests
{
    [Fact]
    public void Dropout_validates_probability()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.0));
        Assert.Contains("p = 1 is out of range: must be in [0, 1)", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(-0.1));
        Assert.Equal(new ForwardMoments(1, 2, 0.5), new Dropout(0).Forward(new ForwardMoments(1, 2, 0.5)));
    }

    [Fact] // the shared instance of Dropout.Of is the same value as a new one, and validates p the same way
    public void Dropout_of_shares_equal_instances_and_validates()
    {
        Assert.Equal(new Dropout(0.1), Dropout.Of(0.1));
        Assert.Same(Dropout.Of(0.1), Dropout.Of(0.1));
        Assert.Equal(0.3, Dropout.Of(0.3).DropProbability);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Of(1.0));
        Assert.Contains("p = 1 is out of range: must be in [0, 1)", e.Message);
    }
}
