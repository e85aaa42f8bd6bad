using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Tests.Formulas;

/// <summary>
/// <see cref="LayerNormFormulas.ResidualJensenFactor"/>: the per-token Jensen factor E[1/σ²_{z,i}]·E[σ²_{z,i}] of a Post-LN
/// LayerNorm's backward, σ²_{z,i} the variance over features of token i of z = λx + βf. Oracles: its limits (no branch:
/// a fixed-norm skip gives 1, a Gaussian skip the Gaussian LayerNorm's m/(m − 2)), its reduction to the per-token E[ε²]
/// of <see cref="LayerNormFormulas.NormalisedSkipCorrelation"/>'s expansion for one Gaussian map, and a direct Monte
/// Carlo of tokens under the stated model (x a previous LayerNorm's output, f = √ρ·w + √(1−ρ)·e_i with w one vector
/// per sequence whose squared norm has a chosen extra spread). The whole-model TorchSharp check is
/// PostNormJensenFactorTests (Empirical).
/// </summary>
public class LayerNormJensenFactorTests
{
    [Fact]
    public void Limits_without_a_branch()
    {
        Assert.Equal(1.0, LayerNormFormulas.ResidualJensenFactor(1.0, 0.0, 0.9, 256));
        Assert.Equal(1.0, LayerNormFormulas.ResidualJensenFactor(0.0, 0.0, 0.9, 256)); // n₁ = 0
        Assert.Equal(1.0, LayerNormFormulas.ResidualJensenFactor(1.0, double.PositiveInfinity, 0.9, 256)); // overflowed: no factor
        // A Gaussian skip alone: |x|² ~ χ²_m, E[1/σ²]E[σ²] = m/(m − 2) = 1 + 2/m + O(1/m²).
        Assert.Equal(1 + 2.0 / 255, LayerNormFormulas.ResidualJensenFactor(1.0, 0.0, 0.9, 256, skipIsNormalised: false), 14);
    }

    [Theory] // one Gaussian map (κ = 2/m): the shared vector fluctuates like a token's own, so ρ drops out
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void One_gaussian_map_gives_the_per_token_norm_fluctuation(double rho)
    {
        double a = 1.0, b = 1.5, m = 255;
        Assert.Equal(1 + (4 * a * b + 2 * b * b) / (m * (a + b) * (a + b)), LayerNormFormulas.ResidualJensenFactor(a, b, rho, 256), 14);
    }

    [Fact] // κ = Σ 2/w_i over the random maps a token-shared vector passes: attention W_V, W_O; FFN W_1, W_2; Linear W
    public void Shared_norm_fluctuation_of_the_bodies()
    {
        Assert.Equal(4.0 / 256, SharedNormFluctuation.Of(new MultiHeadAttention(256, 4, 128, 0.1, 0.1, 0.1, 0.1)), 15);
        Assert.Equal(2.0 / 1024 + 2.0 / 256, SharedNormFluctuation.Of(new FeedForward(256, 1024, Activation.Relu, 0.1, 0.1)), 15);
        Assert.Equal(2.0 / 64, SharedNormFluctuation.Of(new Linear(32, 64, 0.1)), 15);
        Assert.Equal(0.0, SharedNormFluctuation.Of(new Dropout(0.1)));
    }

    [Theory]
    [InlineData(1.0, 1.5, 0.7, 0.9, 20.0)]  // Xavier Post-LN attention-like, with a shared norm spread 1/k = 5 %
    [InlineData(1.0, 0.5, 0.5, 0.6, 1e9)]   // FFN-like, one Gaussian shared vector
    public void Matches_a_Monte_Carlo_of_tokens(double skipScaleSquared, double branchVariance, double rx, double rho, double shape)
    {
        const int d = 32, length = 16, sequences = 20_000;
        var rng = new Random(11);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        // Gamma(k, 1/k) by Marsaglia–Tsang: the shared vector's extra squared-norm factor (mean 1, relative variance 1/k).
        double Gamma(double k)
        {
            double c0 = k - 1.0 / 3, c1 = 1 / Math.Sqrt(9 * c0);
            while (true)
            {
                double z = Normal(), v = Math.Pow(1 + c1 * z, 3);
                if (v > 0 && Math.Log(1 - rng.NextDouble()) < 0.5 * z * z + c0 - c0 * v + c0 * Math.Log(v)) return c0 * v / k;
            }
        }
        double lambda = Math.Sqrt(skipScaleSquared), beta = Math.Sqrt(branchVariance);
        var u = new double[d]; var w = new double[d]; var x = new double[d]; var z = new double[d];
        double sumVariance = 0, sumInverse = 0;
        var perSequence = new double[sequences]; // each sequence's mean 1/σ², for the s.e. (tokens of a sequence are correlated)
        for (int s = 0; s < sequences; s++)
        {
            double spread = Math.Sqrt(Gamma(shape));
            for (int k = 0; k < d; k++) { u[k] = Normal(); w[k] = spread * Normal(); }
            for (int i = 0; i < length; i++)
            {
                for (int k = 0; k < d; k++) x[k] = Math.Sqrt(rx) * u[k] + Math.Sqrt(1 - rx) * Normal();
                Normalise(x);
                double mean = 0, square = 0;
                for (int k = 0; k < d; k++)
                {
                    z[k] = lambda * x[k] + beta * (Math.Sqrt(rho) * w[k] + Math.Sqrt(1 - rho) * Normal());
                    mean += z[k] / d;
                }
                for (int k = 0; k < d; k++) square += (z[k] - mean) * (z[k] - mean);
                double variance = square / (d - 1);
                sumVariance += variance;
                sumInverse += 1 / variance;
                perSequence[s] += 1 / variance / length;
            }
        }
        double meanVariance = sumVariance / (sequences * length), meanInverse = sumInverse / (sequences * length);
        double measured = meanInverse * meanVariance;
        double spreadOfSequences = Math.Sqrt(perSequence.Sum(v => (v - meanInverse) * (v - meanInverse)) / (sequences - 1));
        double se = spreadOfSequences / Math.Sqrt(sequences) * meanVariance;
        // κ of the shared vector: its centred Gaussian part has E|w|⁴/(E|w|²)² = (m + 2)/m, times the Gamma factor's 1 + 1/k.
        double m = d - 1, kappa = (1 + 1 / shape) * (m + 2) / m - 1;
        // The normalised x has sample variance d/(d − 1) over its features, so a = λ²·d/m.
        double predicted = LayerNormFormulas.ResidualJensenFactor(skipScaleSquared * d / m, branchVariance, rho, d, kappa);
        // Slack: 4 s.e. plus the expansion's O(CV⁴) and O(1/m²) remainders.
        double cv2 = predicted - 1, slack = 4 * se + 2 * cv2 * cv2 + 3 / (m * m);
        Assert.True(Math.Abs(measured - predicted) <= slack, $"MC {measured:F5} ± {se:F5}, predicted {predicted:F5}, slack {slack:F5}");
        Assert.True(measured - 1 > 0.5 * (predicted - 1), "the effect itself is resolved");
    }

    private static void Normalise(double[] v)
    {
        double mean = v.Average(), norm = 0;
        for (int k = 0; k < v.Length; k++) { v[k] -= mean; norm += v[k] * v[k]; }
        double scale = Math.Sqrt(v.Length / norm);
        for (int k = 0; k < v.Length; k++) v[k] *= scale;
    }
}
