using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas;

public class ReluFormulasTests
{
    public static TheoryData<double, double> Grid()
    {
        var data = new TheoryData<double, double>();
        foreach (var v in new[] { 0.1, 1.0, 2.0, 10.0 })
            foreach (var r in new[] { -0.9, -0.3, 0.0, 0.2, 0.5, 0.8, 0.99, 1.0 })
                data.Add(v, r);
        return data;
    }

    [Fact] // THEORY.md §7: ReLU fwd σ²=2, r=0.5 → μ=0.56419, σ²=0.68169, C=0.290688, r=0.426422, E[y_iy_j]=0.608998
    public void Forward_matches_reference_vector()
    {
        var y = ReluFormulas.Forward(2, 0.5);
        Approx.Printed(0.56419, y.Mean, 5);
        Approx.Printed(0.68169, y.Variance, 5);
        Approx.Printed(0.290688, y.TokenCovariance, 6);
        Approx.Printed(0.426422, y.Correlation, 6);
        Approx.Printed(0.608998, ReluFormulas.CrossMoment(2, 0.5), 6);
        Assert.False(y.IsGaussian);
    }

    [Fact] // THEORY.md §7: ReLU bwd σ_g²=1, r_g=0.4, r_x=0.5 → σ_g²=0.5, C_g=0.133333, r_g=0.266667
    public void Backward_matches_reference_vector()
    {
        var g = ReluFormulas.Backward(0.5, new GradientMoments(1, 0.4));
        Approx.Relative(0.5, g.Variance, 1e-15);
        Approx.Printed(0.133333, g.TokenCovariance, 6);
        Approx.Printed(0.266667, g.Correlation, 6);
    }

    [Theory, MemberData(nameof(Grid))] // second oracle: Gaussian quadrature of max(0,x) (issue: agree to 1e-8)
    public void Closed_form_agrees_with_quadrature(double variance, double r)
    {
        var closed = ReluFormulas.Forward(variance, r);
        var quad = ActivationQuadrature.Forward(ElementwiseFunction.Relu, new ForwardMoments(0, variance, r));
        Approx.Relative(closed.Mean, quad.Mean, 1e-10, what: "mean");
        Approx.Relative(closed.Variance, quad.Variance, 1e-10, what: "variance");
        Approx.Absolute(closed.TokenCovariance, quad.TokenCovariance, 1e-10 * variance, "covariance");
        var g = new GradientMoments(1.7, 0.6);
        var closedG = ReluFormulas.Backward(r, g);
        var quadG = ActivationQuadrature.Backward(ElementwiseFunction.Relu, new ForwardMoments(0, variance, r), g);
        Approx.Relative(closedG.Variance, quadG.Variance, 1e-10, what: "gradient variance");
        Approx.Absolute(closedG.TokenCovariance, quadG.TokenCovariance, 1e-10, "gradient covariance");
    }

    [Fact] // approximations.py plots r_out ≈ 0.7r + 0.3r² against the exact map; it is within a few percent
    public void Correlation_map_endpoints_and_authors_approximation()
    {
        Approx.Absolute(1.0, ReluFormulas.Forward(1, 1).Correlation, 1e-15, "r=1 → 1");
        Approx.Absolute(0.0, ReluFormulas.Forward(1, 0).Correlation, 1e-15, "r=0 → 0");
        for (double r = 0.1; r < 1; r += 0.1)
            Approx.Absolute(0.7 * r + 0.3 * r * r, ReluFormulas.Forward(1, r).Correlation, 0.03, $"r={r}");
    }
}
