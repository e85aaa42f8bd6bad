using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas;

public class DropoutFormulasTests
{
    [Fact] // THEORY.md §7: Dropout fwd μ=1, σ²=2, r=0.5, p=0.1 → μ=1, σ²=2.33333, C=1.0, r=0.428571
    public void Forward_matches_reference_vector()
    {
        var y = DropoutFormulas.Forward(new ForwardMoments(1, 2, 0.5), 0.1);
        Assert.Equal(1.0, y.Mean);
        Approx.Printed(2.33333, y.Variance, 6);
        Approx.Relative(1.0, y.TokenCovariance, 1e-14);
        Approx.Printed(0.428571, y.Correlation, 6);
    }

    [Fact] // THEORY.md §7: Dropout bwd σ_g²=1, r_g=0.5, p=0.1 → σ_g²=1.11111, C_g=0.5, r_g=0.45
    public void Backward_matches_reference_vector()
    {
        var g = DropoutFormulas.Backward(new GradientMoments(1, 0.5), 0.1);
        Approx.Printed(1.11111, g.Variance, 6);
        Approx.Relative(0.5, g.TokenCovariance, 1e-14);
        Approx.Relative(0.45, g.Correlation, 1e-14);
    }

    [Fact] // exact second moment: E[(m x/(1−p))²] = E[x²]/(1−p) with m ~ Bernoulli(1−p)
    public void Second_moment_is_scaled_by_inverse_keep_probability()
    {
        var x = new ForwardMoments(-2, 3, 0.1);
        var y = DropoutFormulas.Forward(x, 0.4);
        Approx.Relative(x.SecondMoment / 0.6, y.SecondMoment, 1e-14);
    }

    [Fact]
    public void Zero_probability_is_the_identity()
    {
        var x = new ForwardMoments(1, 2, 0.3);
        Assert.Equal(x, DropoutFormulas.Forward(x, 0));
        Assert.Equal(new GradientMoments(2, 0.4), DropoutFormulas.Backward(new GradientMoments(2, 0.4), 0));
    }
}
