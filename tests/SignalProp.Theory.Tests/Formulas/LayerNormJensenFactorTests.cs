using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Tests.Formulas;

/// <summary>
/// <see cref="LayerNormFormulas.NormalisedSkipGradientFactor"/>: the Jensen factor E[1/σ̄²_z]·E[σ̄²_z] of a Post-LN
/// LayerNorm's backward, σ̄²_z the variance of z = λx + βf averaged over a sequence's tokens. Oracles: its limits, the
/// shared part of the per-token E[ε²] it derives from, and a direct Monte Carlo of sequences under the stated model
/// (x a previous LayerNorm's output, f = √ρ·g + √(1−ρ)·e_i with g one Gaussian vector per sequence).
/// The whole-model TorchSharp check is PostNormJensenFactorTests (Empirical).
/// </summary>
public class LayerNormJensenFactorTests
{
    [Fact]
    public void Is_one_without_a_branch_or_without_shared_parts()
    {
        Assert.Equal(1.0, LayerNormFormulas.NormalisedSkipGradientFactor(0.8, 1.0, 0.0, 0.9, 256));
        Assert.Equal(1.0, LayerNormFormulas.NormalisedSkipGradientFactor(0.8, 1.0, 1.5, 0.0, 256));
        Assert.Equal(1.0, LayerNormFormulas.NormalisedSkipGradientFactor(0.8, 0.0, 0.0, 0.9, 256)); // n₁ = 0
    }

    [Fact] // fully shared tokens (r_x = ρ = 1), one Gaussian map: the per-token E[ε²] of NormalisedSkipCorrelation's expansion
    public void Fully_shared_tokens_give_the_per_token_norm_fluctuation()
    {
        double a = 1.0, b = 1.5, m = 255;
        Assert.Equal(1 + (4 * a * b + 2 * b * b) / (m * (a + b) * (a + b)), LayerNormFormulas.NormalisedSkipGradientFactor(1.0, a, b, 1.0, 256), 14);
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
    [InlineData(1.0, 1.5, 0.7, 0.9)]  // Xavier Post-LN attention-like
    [InlineData(1.0, 0.5, 0.5, 0.6)]  // FFN-like
    public void Matches_a_Monte_Carlo_of_sequences(double skipScaleSquared, double branchVariance, double rx, double rho)
    {
        const int d = 32, length = 16, sequences = 20_000;
        var rng = new Random(11);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        double lambda = Math.Sqrt(skipScaleSquared), beta = Math.Sqrt(branchVariance);
        var u = new double[d]; var g = new double[d]; var x = new double[d];
        double sumVariance = 0, sumInverse = 0, sumInverse2 = 0;
        for (int s = 0; s < sequences; s++)
        {
            for (int k = 0; k < d; k++) { u[k] = Normal(); g[k] = Normal(); }
            double sequenceVariance = 0;
            for (int i = 0; i < length; i++)
            {
                for (int k = 0; k < d; k++) x[k] = Math.Sqrt(rx) * u[k] + Math.Sqrt(1 - rx) * Normal();
                Normalise(x);
                double mean = 0, square = 0;
                var z = new double[d];
                for (int k = 0; k < d; k++)
                {
                    z[k] = lambda * x[k] + beta * (Math.Sqrt(rho) * g[k] + Math.Sqrt(1 - rho) * Normal());
                    mean += z[k] / d;
                }
                for (int k = 0; k < d; k++) square += (z[k] - mean) * (z[k] - mean);
                sequenceVariance += square / (d - 1) / length;
            }
            sumVariance += sequenceVariance;
            sumInverse += 1 / sequenceVariance;
            sumInverse2 += 1 / (sequenceVariance * sequenceVariance);
        }
        double meanVariance = sumVariance / sequences, meanInverse = sumInverse / sequences;
        double measured = meanInverse * meanVariance;
        double se = Math.Sqrt((sumInverse2 / sequences - meanInverse * meanInverse) / sequences) * meanVariance;
        double skipR = LayerNormFormulas.ExactCorrelation(rx, d);
        double predicted = LayerNormFormulas.NormalisedSkipGradientFactor(skipR, skipScaleSquared, branchVariance, rho, d);
        // Slack: 4 s.e., the tokens' own fluctuation that the sequence mean keeps (per-token E[ε²]/L) and O(1/m²).
        double n1 = skipScaleSquared + branchVariance, m = d - 1;
        double perToken = (4 * skipScaleSquared * branchVariance + 2 * branchVariance * branchVariance) / (m * n1 * n1);
        double slack = 4 * se + perToken / length + 3 / (m * m);
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
