using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Components;

public class ActivationTests
{
    [Fact]
    public void Uses_closed_form_at_zero_mean_and_quadrature_otherwise()
    {
        Assert.True(Activation.Relu.UsesClosedForm(new ForwardMoments(0, 1, 0)));
        Assert.False(Activation.Relu.UsesClosedForm(new ForwardMoments(0.5, 1, 0)));
        Assert.False((Activation.Relu with { Method = ActivationMethod.Quadrature }).UsesClosedForm(new ForwardMoments(0, 1, 0)));
        Assert.False(new Activation(ElementwiseFunction.Silu).UsesClosedForm(new ForwardMoments(0, 1, 0)));
    }

    [Fact] // the closed form is the μ → 0 limit of the quadrature path (continuity across the switch)
    public void Nonzero_mean_is_continuous_at_zero()
    {
        var g = new GradientMoments(1, 0.3);
        foreach (var act in new[] { Activation.Relu, Activation.Gelu })
        {
            var at0 = act.Forward(new ForwardMoments(0, 1.5, 0.4));
            var near0 = act.Forward(new ForwardMoments(1e-9, 1.5, 0.4));
            Approx.Relative(at0.Variance, near0.Variance, 1e-8);
            Approx.Absolute(at0.Correlation, near0.Correlation, 1e-8);
            Approx.Relative(act.Backward(new ForwardMoments(0, 1.5, 0.4), g).Variance, act.Backward(new ForwardMoments(1e-9, 1.5, 0.4), g).Variance, 1e-8);
        }
    }

    [Fact] // ReLU with mean μ: E[y] = μΦ(μ/σ) + σφ(μ/σ) (rectified Gaussian), E[ReLU'(x)²] = Φ(μ/σ)
    public void Relu_with_mean_matches_rectified_gaussian()
    {
        double mu = 0.8, sd = 1.2, z = mu / sd;
        double cdf = MathNet.Numerics.Distributions.Normal.CDF(0, 1, z), pdf = MathNet.Numerics.Distributions.Normal.PDF(0, 1, z);
        var y = Activation.Relu.Forward(new ForwardMoments(mu, sd * sd, 0.2));
        Approx.Relative(mu * cdf + sd * pdf, y.Mean, 1e-11);
        Approx.Relative((mu * mu + sd * sd) * cdf + mu * sd * pdf - y.Mean * y.Mean, y.Variance, 1e-10);
        Approx.Relative(cdf, Activation.Relu.Backward(new ForwardMoments(mu, sd * sd, 0.2), GradientMoments.Unit).Variance, 1e-11);
    }

    [Fact] // odd activations of zero-mean input have zero mean; identity passes moments through
    public void Symmetry_and_identity_laws()
    {
        var x = new ForwardMoments(0, 2, 0.6);
        Assert.Equal(0.0, new Activation(ElementwiseFunction.Tanh).Forward(x).Mean, 12);
        var id = new Activation(ElementwiseFunction.Identity).Forward(x);
        Approx.Relative(2, id.Variance, 1e-12);
        Approx.Relative(0.6, id.Correlation, 1e-12);
        var user = new Activation(new ElementwiseFunction("cube", t => t * t * t));
        Approx.Relative(15 * 8, user.Forward(new ForwardMoments(0, 2, 0)).Variance, 1e-10); // E[x⁶] = 15σ⁶
        Approx.Relative(27 * 4 * 0.5, user.Backward(new ForwardMoments(0, 2, 0), new GradientMoments(0.5, 0)).Variance, 1e-8); // E[(3x²)²] = 27σ⁴
    }

    [Fact] // DESIGN.md lesson 3: assumptions are data and are enforced
    public void Rejects_non_gaussian_input()
        => Assert.Throws<AssumptionViolatedException>(() => Activation.Relu.Forward(new ForwardMoments(0, 1, 0, IsGaussian: false)));

    [Fact]
    public void Activation_names_resolve()
    {
        Assert.Same(ElementwiseFunction.Silu, ElementwiseFunction.FromName("Swish"));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ElementwiseFunction.FromName("softplus2"));
        Assert.Contains("relu", e.Message);
    }
}
