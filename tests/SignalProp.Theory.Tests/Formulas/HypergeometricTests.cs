using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas;

public class HypergeometricTests
{
    [Theory] // Abramowitz & Stegun 15.1.6: ₂F₁(1/2, 1/2; 3/2; z²) = arcsin(z)/z
    [InlineData(0.1)] [InlineData(0.5)] [InlineData(0.9)] [InlineData(0.99)]
    public void Matches_arcsine_identity(double z) => Approx.Relative(Math.Asin(z) / z, Hypergeometric.TwoF1(0.5, 0.5, 1.5, z * z), 1e-8);

    [Theory] // A&S 15.1.3: ₂F₁(1, 1; 2; z) = −ln(1−z)/z
    [InlineData(0.2)] [InlineData(0.7)]
    public void Matches_logarithm_identity(double z) => Approx.Relative(-Math.Log(1 - z) / z, Hypergeometric.TwoF1(1, 1, 2, z), 1e-12);

    [Fact]
    public void Rejects_argument_outside_unit_interval()
        => Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.TwoF1(0.5, 0.5, 1.5, 1.0));
}
