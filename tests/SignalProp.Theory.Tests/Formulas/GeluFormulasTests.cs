using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas;

public class GeluFormulasTests
{
    [Fact] // THEORY.md §7: GeLU fwd σ²=2, r=0.5 → μ=0.460659, σ²=0.709876, C=0.298203, r=0.420077
    public void Forward_matches_reference_vector()
    {
        var y = GeluFormulas.Forward(2, 0.5);
        Approx.Printed(0.460659, y.Mean, 6);
        Approx.Printed(0.709876, y.Variance, 6);
        Approx.Printed(0.298203, y.TokenCovariance, 6);
        Approx.Printed(0.420077, y.Correlation, 6);
    }

    [Fact] // THEORY.md §7: GeLU bwd σ_g²=1, r_g=0.4, σ_x²=2, r_x=0.5 → σ_g²=0.489512, C_g=0.139453
    public void Backward_matches_reference_vector()
    {
        var g = GeluFormulas.Backward(2, 0.5, new GradientMoments(1, 0.4));
        Approx.Printed(0.489512, g.Variance, 6);
        Approx.Printed(0.139453, g.TokenCovariance, 6);
    }

    [Theory]
    [InlineData(0.1, 0.0)] [InlineData(0.5, 0.3)] [InlineData(1.0, -0.5)] [InlineData(2.0, 0.5)]
    [InlineData(5.0, 0.9)] [InlineData(10.0, 0.99)] [InlineData(3.0, 1.0)] [InlineData(1.0, -1.0)]
    public void Closed_form_agrees_with_quadrature(double variance, double r)
    {
        var x = new ForwardMoments(0, variance, r);
        var closed = GeluFormulas.Forward(variance, r);
        var quad = ActivationQuadrature.Forward(ElementwiseFunction.Gelu, x);
        Approx.Relative(closed.Mean, quad.Mean, 1e-10, what: "mean");
        Approx.Relative(closed.Variance, quad.Variance, 1e-10, what: "variance");
        Approx.Absolute(closed.TokenCovariance, quad.TokenCovariance, 1e-10 * variance, "covariance");
        var g = new GradientMoments(0.8, 0.3);
        var closedG = GeluFormulas.Backward(variance, r, g);
        var quadG = ActivationQuadrature.Backward(ElementwiseFunction.Gelu, x, g);
        Approx.Relative(closedG.Variance, quadG.Variance, 1e-10, what: "gradient variance");
        Approx.Absolute(closedG.TokenCovariance, quadG.TokenCovariance, 1e-10, "gradient covariance");
    }

    [Fact] // THEORY.md §2.4 states σ²_out as (σ²/2π)[π − a − arccos a + 2a√((1−a)/(1+a))]; it must equal E[y²] − μ²
    public void Variance_equals_the_alternative_printed_form()
    {
        foreach (var s2 in new[] { 0.05, 0.5, 2.0, 20.0 })
        {
            double a = s2 / (1 + s2);
            double printed = s2 / (2 * Math.PI) * (Math.PI - a - Math.Acos(a) + 2 * a * Math.Sqrt((1 - a) / (1 + a)));
            Approx.Relative(printed, GeluFormulas.Forward(s2, 0).Variance, 1e-12, what: $"σ²={s2}");
        }
    }

    [Fact] // at r = 1 the covariance formulas reduce to the variance formulas (THEORY.md §2.4 consistency check)
    public void Cross_moments_reduce_to_second_moments_at_r_equal_one()
    {
        foreach (var s2 in new[] { 0.3, 1.0, 4.0 })
        {
            Approx.Relative(GeluFormulas.SecondMoment(s2), GeluFormulas.CrossMoment(s2, 1), 1e-13);
            Approx.Relative(GeluFormulas.DerivativeSecondMoment(s2), GeluFormulas.DerivativeCrossMoment(s2, 1), 1e-13);
        }
    }
}
