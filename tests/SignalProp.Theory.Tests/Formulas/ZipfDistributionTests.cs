using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas;

public class ZipfDistributionTests
{
    [Theory] // THEORY.md §2.1: Zipf(1): |V| = 30522 → 0.01384, |V| = 50257 → 0.01265
    [InlineData(30522, 0.01384)]
    [InlineData(50257, 0.01265)]
    public void Collision_probability_matches_reference(int vocabulary, double expected)
        => Approx.Printed(expected, ZipfDistribution.CollisionProbability(vocabulary, 1.0), 4);

    [Fact] // THEORY.md §2.1: ≈ (π²/6)/(ln|V| + γ)² to 4 digits for s = 1
    public void Collision_probability_matches_asymptotic_form()
    {
        double v = 30522;
        Approx.Relative(Math.PI * Math.PI / 6 / Math.Pow(Math.Log(v) + 0.5772156649, 2), ZipfDistribution.CollisionProbability(30522, 1), 2e-3);
    }

    [Theory] // Euler–Maclaurin tail against the direct sum (independent computation)
    [InlineData(123_457, 1.0)] [InlineData(200_000, 0.7)] [InlineData(150_001, 1.3)] [InlineData(99_999, 2.0)]
    public void Harmonic_number_tail_matches_direct_sum(int n, double s)
    {
        double direct = 0;
        for (int v = n; v >= 1; v--) direct += Math.Pow(v, -s);
        Approx.Relative(direct, ZipfDistribution.HarmonicNumber(n, s), 1e-13);
    }

    [Fact]
    public void Uniform_law_and_explicit_distribution()
    {
        Approx.Relative(1.0 / 1000, ZipfDistribution.CollisionProbability(1000, 0), 1e-13);
        Approx.Relative(0.5 * 0.5 + 0.25 * 0.25 * 2, ZipfDistribution.CollisionProbability([2.0, 1.0, 1.0]), 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>(() => ZipfDistribution.CollisionProbability(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ZipfDistribution.CollisionProbability(10, -1));
    }
}
