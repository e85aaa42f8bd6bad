using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Tests.Components;

public class SoftmaxTests
{
    [Fact]
    public void Softmax_and_attention_require_two_tokens()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Softmax(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SelfAttention(8, 8, 1, 1, 0.1, 0.1, 0.1));
        Assert.Equal("seq-len", e.ParamName);
    }
}
