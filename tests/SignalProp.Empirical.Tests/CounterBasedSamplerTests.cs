using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests;

/// <summary>
/// Monte Carlo and exactness checks of <see cref="SamplerAlgorithm.CounterBased"/>: the equicorrelated moments in both
/// precisions, the shape of the marginal (fourth moment, tail mass), independence of successive draws, of features, of
/// runs and of neighbouring stream positions, and reproducibility from the seed whatever the degree of parallelism.
/// Tolerances are a few standard errors of replica means (fixed seeds, so the outcome is reproducible).
/// </summary>
[Trait("Category", "MonteCarlo")]
public class CounterBasedSamplerTests
{
    private const int Replicas = 24;
    private const double AllowedStandardErrors = 4.5;
    private static readonly SampleShape Shape = new(40, 16, 64);

    public static TheoryData<double, double, double, bool> Moments => new()
    {
        { 0.0, 1.0, 0.0, true },
        { 3.333, 0.1, 0.2, true },
        { -10.0, 10.0, 2.0 / 3.0, true },
        { 1.0, 2.0, 0.95, true },
        { 0.5, 1.0, -0.5 / 15.0, true },   // negative r, half-way to the bound −1/(L−1)
        { 0.0, 4.0, -1.0 / 15.0, true },   // the bound itself
        { 0.0, 1.0, 0.0, false },
        { -3.333, 3.162, 0.4, false },
        { 2.0, 1.0, -1.0 / 30.0, false },
    };

    [Theory]
    [MemberData(nameof(Moments))]
    public void InputHasTheRequestedMoments(double mean, double variance, double correlation, bool singlePrecision)
    {
        ScalarType dataType = singlePrecision ? ScalarType.Float32 : ScalarType.Float64;
        using var sampler = new SignalSampler(2024, CPU, dataType, algorithm: SamplerAlgorithm.CounterBased);
        Assert.Equal(SamplerAlgorithm.CounterBased, sampler.Algorithm);
        var means = new ReplicaStatistics();
        var variances = new ReplicaStatistics();
        var covariances = new ReplicaStatistics();
        var featureCovariances = new ReplicaStatistics();
        for (int replica = 0; replica < Replicas; replica++)
        {
            using var scope = NewDisposeScope();
            Tensor sample = sampler.SampleInput(Shape, mean, variance, correlation);
            Assert.Equal(dataType, sample.dtype);
            MeasuredMoments measured = MomentEstimator.Measure(sample, includeFeatureCovariance: true);
            means.Add(measured.Mean);
            variances.Add(measured.Variance);
            covariances.Add(measured.TokenCovariance);
            featureCovariances.Add(measured.FeatureCovariance);
        }
        double length = Shape.Length;
        double expectedVariance = variance * (1 - (1 + (length - 1) * correlation) / Shape.ElementCount);
        AssertConsistent(means, mean, "mean");
        AssertConsistent(variances, expectedVariance, "variance");
        AssertConsistent(covariances, correlation * variance, "token covariance");
        AssertConsistent(featureCovariances, 0.0, "feature covariance");
        Assert.True(variances.StandardError < 0.02 * variance);
        Assert.True(covariances.StandardError < 0.02 * variance);
    }

    [Theory]
    [InlineData(ScalarType.Float32, false)]
    [InlineData(ScalarType.Float64, true)]
    [InlineData(ScalarType.Float64, false)]
    public void MarginalIsStandardNormal(ScalarType dataType, bool singlePrecision)
    {
        // 2^22 draws: mean 0, E z² = 1, E z⁴ = 3, P(|z| > 2) = 0.0455003, P(|z| > 4) = 6.334e-5 and a symmetric
        // P(z > 1) = 0.158655, each within 4.5 standard errors of its own binomial / moment s.e.
        using var scope = NewDisposeScope();
        using var sampler = new SignalSampler(99, CPU, dataType, singlePrecision, SamplerAlgorithm.CounterBased);
        Tensor z = sampler.SampleInput(new SampleShape(64, 256, 256), 0, 1, 0).to(ScalarType.Float64).flatten();
        double n = z.shape[0];
        double Mean(Tensor t) => t.mean().item<double>();
        AssertWithin(Mean(z), 0, Math.Sqrt(1 / n), "mean");
        AssertWithin(Mean(z.square()), 1, Math.Sqrt(2 / n), "second moment");
        AssertWithin(Mean(z.pow(4)), 3, Math.Sqrt(96 / n), "fourth moment");   // Var z⁴ = 105 − 9
        foreach ((double threshold, double p) in new[] { (2.0, 0.0455003), (4.0, 6.334e-5) })
        {
            AssertWithin(Mean(z.abs().gt(threshold).to(ScalarType.Float64)), p, Math.Sqrt(p * (1 - p) / n), $"P(|z| > {threshold})");
        }
        AssertWithin(Mean(z.gt(1.0).to(ScalarType.Float64)), 0.158655, Math.Sqrt(0.158655 * 0.841345 / n), "P(z > 1)");
        AssertWithin(Mean(z.lt(-1.0).to(ScalarType.Float64)), 0.158655, Math.Sqrt(0.158655 * 0.841345 / n), "P(z < -1)");
    }

    [Fact]
    public void NeighbouringDrawsAreUncorrelated()
    {
        // Lag-1 and lag-8/16 products (within a Box–Muller pair, across the two halves of a block, across blocks),
        // the (cos, sin) partners of a pair through z_i² z_{i+8}² (E = 1 for independent normals), and different
        // features and runs: all correlations consistent with 0.
        using var scope = NewDisposeScope();
        using var sampler = new SignalSampler(3, CPU, ScalarType.Float32, algorithm: SamplerAlgorithm.CounterBased);
        Tensor z = sampler.SampleInput(new SampleShape(16, 256, 1024), 0, 1, 0).to(ScalarType.Float64).flatten();
        long n = z.shape[0];
        foreach (long lag in new long[] { 1, 8, 16, 1024 })
        {
            double product = (z.narrow(0, 0, n - lag) * z.narrow(0, lag, n - lag)).mean().item<double>();
            AssertWithin(product, 0, Math.Sqrt(1.0 / (n - lag)), $"lag-{lag} product");
        }
        double squares = (z.narrow(0, 0, n - 8).square() * z.narrow(0, 8, n - 8).square()).mean().item<double>();
        AssertWithin(squares, 1, Math.Sqrt(8.0 / (n - 8)), "squared partners");
    }

    [Fact]
    public void GradientIsIndependentOfTheInput()
    {
        var crossCovariances = new ReplicaStatistics();
        var gradientCovariances = new ReplicaStatistics();
        using var sampler = new SignalSampler(7, CPU, ScalarType.Float32, algorithm: SamplerAlgorithm.CounterBased);
        for (int replica = 0; replica < Replicas; replica++)
        {
            using var scope = NewDisposeScope();
            Tensor input = sampler.SampleInput(Shape, 1.0, 1.0, 0.5);
            Tensor gradient = sampler.SampleGradient(Shape, 2.5, 0.4);
            crossCovariances.Add(((input - 1.0) * gradient).to(ScalarType.Float64).mean().item<double>());
            gradientCovariances.Add(MomentEstimator.Measure(gradient).TokenCovariance);
        }
        AssertConsistent(crossCovariances, 0.0, "input-gradient cross covariance");
        AssertConsistent(gradientCovariances, 0.4 * 2.5, "gradient token covariance");
    }

    [Fact]
    public void SameSeedGivesTheSameSamplesOnAnyNumberOfCores()
    {
        using var scope = NewDisposeScope();
        using var first = new SignalSampler(42, CPU, ScalarType.Float32, algorithm: SamplerAlgorithm.CounterBased);
        using var second = new SignalSampler(42, CPU, ScalarType.Float32, algorithm: SamplerAlgorithm.CounterBased);
        using var other = new SignalSampler(43, CPU, ScalarType.Float32, algorithm: SamplerAlgorithm.CounterBased);
        var shape = new SampleShape(2, 5, 3);
        Tensor a = first.SampleInput(shape, 1, 2, 0.3);
        Assert.True(Same(a, second.SampleInput(shape, 1, 2, 0.3)));
        Assert.False(Same(a, other.SampleInput(shape, 1, 2, 0.3)));
        Assert.False(Same(a, first.SampleInput(shape, 1, 2, 0.3)));   // the stream moves on

        // Large enough for the parallel chunks; the same numbers when the chunks are filled by one thread.
        var large = new SampleShape(9, 128, 256);
        Tensor b = first.SampleInput(large, 1, 2, 0.3);
        _ = second.SampleInput(shape, 1, 2, 0.3);
        Assert.True(Same(b, second.SampleInput(large, 1, 2, 0.3)));

        // float32 and float64-with-float32-draws use the same normals: the float64 tensor rounds to the float32 one.
        using var wide = new SignalSampler(42, CPU, ScalarType.Float64, drawInSinglePrecision: true, SamplerAlgorithm.CounterBased);
        Tensor d = wide.SampleInput(shape, 1, 2, 0.3);
        Assert.True(d.to(ScalarType.Float32).sub(a).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void TorchGeneratorsRemainTheDefault()
    {
        using var sampler = new SignalSampler(1);
        Assert.Equal(SamplerAlgorithm.TorchGenerators, sampler.Algorithm);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignalSampler(1, algorithm: (SamplerAlgorithm)7));
    }

    [Fact]
    public void ZeroVarianceGivesTheMeanExactly()
    {
        using var scope = NewDisposeScope();
        using var sampler = new SignalSampler(5, CPU, ScalarType.Float64, drawInSinglePrecision: true, SamplerAlgorithm.CounterBased);
        Assert.True(sampler.SampleInput(new SampleShape(3, 4, 5), 0.1, 0.0, 0.5).eq(0.1).all().item<bool>());
    }

    private static void AssertWithin(double measured, double expected, double standardError, string label)
        => Assert.True(Math.Abs(measured - expected) <= AllowedStandardErrors * standardError,
            $"{label}: measured {measured}, expected {expected}, {(measured - expected) / standardError:F2} standard errors away.");

    private static void AssertConsistent(ReplicaStatistics statistics, double expected, string label)
    {
        MeasuredValue value = statistics.ToMeasuredValue();
        Assert.True(value.IsConsistentWith(expected, AllowedStandardErrors),
            $"{label}: measured {value}, expected {expected}, {value.StandardScore(expected):F2} standard errors away.");
    }

    private static bool Same(Tensor first, Tensor second)
        => first.shape.SequenceEqual(second.shape) && first.eq(second).all().item<bool>();
}

/// <summary>The 512-bit and 256-bit forms of the counter-based generator give the same numbers, and a stream entered
/// at a later block continues the same sequence.</summary>
public class CounterNormalTests
{
    [Theory]
    [InlineData(1000, 0UL)]
    [InlineData(37, 5UL)]
    [InlineData(4096, 123UL)]
    public void WideAndPortableFormsAgreeBitForBit(int count, ulong firstBlock)
    {
        var wide = new float[count];
        var portable = new float[count];
        ulong next = CounterNormal.Fill(wide, 0xABCDEFUL, firstBlock);
        Assert.Equal(next, CounterNormal.FillPortable(portable, 0xABCDEFUL, firstBlock));
        Assert.Equal(portable, wide);
        Assert.Equal(firstBlock + (ulong)((count + CounterNormal.SingleBlock - 1) / CounterNormal.SingleBlock), next);
    }

    [Fact]
    public void StreamsCanBeEnteredAtAnyBlock()
    {
        var whole = new float[64];
        CounterNormal.Fill(whole, 9, 0);
        var tail = new float[32];
        CounterNormal.Fill(tail, 9, 2);
        Assert.Equal(whole[32..], tail);
    }
}
