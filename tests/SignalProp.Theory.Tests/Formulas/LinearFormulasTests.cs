using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas;

public class LinearFormulasTests
{
    [Fact] // THEORY.md §7: Linear fwd μ=1, σ²=2, r=0.3, d_in=100, σ_w²=0.01 → σ²=3.0, C=1.6, r=0.533333
    public void Forward_matches_reference_vector()
    {
        var y = LinearFormulas.Forward(new ForwardMoments(1, 2, 0.3), 100, 0.1);
        Assert.Equal(0.0, y.Mean);
        Approx.Relative(3.0, y.Variance, 1e-14);
        Approx.Relative(1.6, y.TokenCovariance, 1e-14);
        Approx.Printed(0.533333, y.Correlation, 6);
    }

    [Fact] // THEORY.md §7: Linear bwd σ_g²=1.5, r_g=0.2, d_out=400, σ_w²=0.0025 → σ_g²=1.5, r_g=0.2
    public void Backward_matches_reference_vector()
    {
        var g = LinearFormulas.Backward(new GradientMoments(1.5, 0.2), 400, 0.05);
        Approx.Relative(1.5, g.Variance, 1e-14);
        Assert.Equal(0.2, g.Correlation);
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.0)]
    [InlineData(0.5, 2.0, 1.0)]
    [InlineData(-3.0, 0.1, -0.2)]
    public void Forward_correlation_is_second_moment_ratio_and_gain_free(double mean, double variance, double r)
    {
        var x = new ForwardMoments(mean, variance, r);
        var a = LinearFormulas.Forward(x, 10, 0.3);
        var b = LinearFormulas.Forward(x, 1000, 0.01);
        Approx.Absolute((mean * mean + r * variance) / (mean * mean + variance), a.Correlation, 1e-15);
        Assert.Equal(a.Correlation, b.Correlation);
        Assert.True(a.IsGaussian);
    }

    [Fact]
    public void Zero_weights_silence_even_an_overflowed_signal()
    {
        var y = LinearFormulas.Forward(new ForwardMoments(0, double.PositiveInfinity, 0.5), 10, 0.0);
        Assert.Equal(0.0, y.Variance);
    }
}
