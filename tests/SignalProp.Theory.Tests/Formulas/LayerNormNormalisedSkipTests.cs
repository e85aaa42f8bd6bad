using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Tests.Formulas;

/// <summary>
/// <see cref="LayerNormFormulas.NormalisedSkipCorrelation"/>: the Post-LN LayerNorm of z = λx + βf with x a previous
/// LayerNorm's output (fixed norm) and f a Gaussian branch. Oracles: its two limits, and a direct Monte Carlo of the
/// cosine of two LayerNormed tokens (tolerance 4 standard errors plus the O(1/m²) the second-order expansion drops).
/// </summary>
public class LayerNormNormalisedSkipTests
{
    [Theory]
    [InlineData(0.3, 256)] [InlineData(0.7, 256)] [InlineData(0.5, 64)]
    public void Without_a_skip_it_is_the_exact_map_to_second_order(double r, int d)
    {
        double expansion = LayerNormFormulas.NormalisedSkipCorrelation(0.1, 0.0, 2.0, r, d);
        Assert.Equal(LayerNormFormulas.ExactCorrelation(r, d), expansion, 2.0 / ((d - 1.0) * (d - 1.0)));
    }

    [Fact]
    public void Without_a_branch_the_normalised_skip_keeps_its_correlation()
        => Assert.Equal(0.63, LayerNormFormulas.NormalisedSkipCorrelation(0.63, 0.9, 0.0, 0.2, 256), 15);

    [Theory]
    [InlineData(1.0, 0.05, 0.6, 0.9)]  // DSLM-like: a small branch on a normalised stream
    [InlineData(1.0, 0.8, 0.5, 0.7)]   // Xavier Post-LN-like: branch and skip of similar size
    public void Matches_a_Monte_Carlo_of_two_layernormed_tokens(double skipScaleSquared, double branchVariance, double rx, double rho)
    {
        const int d = 32, samples = 100_000;
        var rng = new Random(2024);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var xi = new double[d]; var xj = new double[d]; var zi = new double[d]; var zj = new double[d];
        double sum = 0, sum2 = 0, lambda = Math.Sqrt(skipScaleSquared), beta = Math.Sqrt(branchVariance);
        for (int n = 0; n < samples; n++)
        {
            // x: two Gaussian tokens with correlation rx, each LayerNormed (centred, norm √d) — a previous LN's output.
            for (int k = 0; k < d; k++)
            {
                double shared = Normal();
                xi[k] = Math.Sqrt(rx) * shared + Math.Sqrt(1 - rx) * Normal();
                xj[k] = Math.Sqrt(rx) * shared + Math.Sqrt(1 - rx) * Normal();
            }
            Normalise(xi); Normalise(xj);
            for (int k = 0; k < d; k++)
            {
                double shared = Normal();
                zi[k] = lambda * xi[k] + beta * (Math.Sqrt(rho) * shared + Math.Sqrt(1 - rho) * Normal());
                zj[k] = lambda * xj[k] + beta * (Math.Sqrt(rho) * shared + Math.Sqrt(1 - rho) * Normal());
            }
            Normalise(zi); Normalise(zj);
            double cos = 0;
            for (int k = 0; k < d; k++) cos += zi[k] * zj[k] / d;
            sum += cos; sum2 += cos * cos;
        }
        double mean = sum / samples, se = Math.Sqrt((sum2 / samples - mean * mean) / samples);
        // The skip's own correlation after its LayerNorm is the exact map of rx (the input of this step).
        double skipR = LayerNormFormulas.ExactCorrelation(rx, d);
        double predicted = LayerNormFormulas.NormalisedSkipCorrelation(skipR, skipScaleSquared, branchVariance, rho, d);
        double slack = 4 * se + 2.0 / ((d - 1.0) * (d - 1.0));
        Assert.True(Math.Abs(mean - predicted) <= slack, $"MC {mean:F5} ± {se:F5}, predicted {predicted:F5}");
        // The Gaussian exact map of the mixed correlation is further off when the branch is small (the case it fixes).
        double gaussian = LayerNormFormulas.ExactCorrelation((skipScaleSquared * skipR + branchVariance * rho) / (skipScaleSquared + branchVariance), d);
        if (branchVariance < 0.1) Assert.True(Math.Abs(mean - gaussian) > slack, $"exact map {gaussian:F5} is within {slack:F5} of MC {mean:F5}");
    }

    private static void Normalise(double[] v)
    {
        double mean = v.Average(), norm = 0;
        for (int k = 0; k < v.Length; k++) { v[k] -= mean; norm += v[k] * v[k]; }
        double scale = Math.Sqrt(v.Length / norm);
        for (int k = 0; k < v.Length; k++) v[k] *= scale;
    }
}
