using MathNet.Numerics;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas;

public class GaussianExpectationTests
{
    [Theory]
    [InlineData(0.0, 1.0)] [InlineData(2.0, 0.5)] [InlineData(-1.0, 3.0)]
    public void Polynomial_moments_are_exact(double mean, double std)
    {
        Approx.Relative(mean * mean + std * std, GaussianExpectation.Of(x => x * x, mean, std), 1e-13);
        double fourth = Math.Pow(mean, 4) + 6 * mean * mean * std * std + 3 * Math.Pow(std, 4);
        Approx.Relative(fourth, GaussianExpectation.Of(x => Math.Pow(x, 4), mean, std), 1e-12);
    }

    [Theory] // E[x_i x_j] = μ² + rσ², including the degenerate r = ±1 paths
    [InlineData(0.0, 1.0, 0.5)] [InlineData(1.5, 2.0, -0.3)] [InlineData(0.3, 1.0, 1.0)] [InlineData(0.3, 1.0, -1.0)] [InlineData(-2, 0.7, 0.999)]
    public void Joint_second_moment_is_exact(double mean, double std, double r)
        => Approx.Relative(mean * mean + r * std * std, GaussianExpectation.Joint(x => x, x => x, mean, std, r), 1e-12);

    [Theory] // rectified Gaussian: E[max(0,x)] = μΦ(μ/σ) + σφ(μ/σ) (an oracle independent of the ReLU closed form)
    [InlineData(0.7, 1.3)] [InlineData(-2.0, 0.5)] [InlineData(3.0, 1.0)]
    public void Rectified_mean_with_nonzero_input_mean(double mean, double std)
    {
        double z = mean / std;
        double expected = mean * 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2)) + std * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
        Approx.Relative(expected, GaussianExpectation.Of(x => Math.Max(0, x), mean, std, [0.0]), 1e-12);
    }

    [Fact] // Pr(x_i > 0, x_j > 0) = 1/4 + arcsin(r)/(2π) (Sheppard), a kinked 2-D integrand
    public void Orthant_probability()
    {
        foreach (var r in new[] { -0.8, 0.0, 0.5, 0.95 })
            Approx.Relative(0.25 + Math.Asin(r) / (2 * Math.PI),
                GaussianExpectation.Joint(x => x > 0 ? 1 : 0, x => x > 0 ? 1 : 0, 0, 1, r, [0.0], [0.0]), 1e-10);
    }

    [Fact]
    public void Zero_variance_is_a_point_mass() => Assert.Equal(Math.Tanh(0.4), GaussianExpectation.Of(Math.Tanh, 0.4, 0));
}
