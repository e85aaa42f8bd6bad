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
}
