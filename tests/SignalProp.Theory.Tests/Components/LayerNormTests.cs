using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Tests.Components;

public class LayerNormTests
{
    [Fact]
    public void LayerNorm_selects_map_and_divides_gradient_by_input_variance()
    {
        var x = new ForwardMoments(5, 4, 0.5);
        Assert.Equal(0.5 * (1 - 1.0 / 16), new LayerNorm(16, LayerNormCorrelation.Authors).Forward(x).Correlation, 15);
        Assert.Equal(LayerNormFormulas.ExactCorrelation(0.5, 16), new LayerNorm(16).Forward(x).Correlation, 15); // exact is the default
        Assert.Equal(0.5, new LayerNorm(16, LayerNormCorrelation.Unchanged).Forward(x).Correlation);
        Assert.Equal(0.25, new LayerNorm(16).Backward(x, GradientMoments.Unit).Variance);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm(1));
    }
}
