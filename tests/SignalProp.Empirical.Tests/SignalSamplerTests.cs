using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests;

/// <summary>
/// Monte Carlo checks of the sampler: each statistic is measured on independent replica batches and compared with its
/// expectation within a few standard errors of the replica mean. Seeds are fixed, so the outcome is reproducible.
/// </summary>
[Trait("Category", "MonteCarlo")]
public class SignalSamplerTests
{
    private const int Replicas = 24;
    private const double AllowedStandardErrors = 4.5;
    private static readonly SampleShape Shape = new(40, 16, 64);

    public static TheoryData<double, double, double> Moments => new()
    {
        { 0.0, 1.0, 0.0 },
        { 3.333, 0.1, 0.2 },
        { -10.0, 10.0, 2.0 / 3.0 },
        { 1.0, 2.0, 0.95 },
        { 0.5, 1.0, -0.5 / 15.0 },   // negative r, half-way to the bound −1/(L−1)
        { 0.0, 4.0, -1.0 / 15.0 },   // the bound itself: the fully centred sequence
    };

    [Theory]
    [MemberData(nameof(Moments))]
    public void InputHasTheRequestedMoments(double mean, double variance, double correlation)
        => AssertInputMoments(new SignalSampler(2024, CPU, ScalarType.Float64), mean, variance, correlation);

    [Theory]
    [InlineData(-10.0, 0.1, 0.5)]
    [InlineData(0.0, 1.0, -1.0 / 30.0)]
    public void SinglePrecisionDrawsHaveTheRequestedMoments(double mean, double variance, double correlation)
    {
        var sampler = new SignalSampler(77, CPU, ScalarType.Float64, drawInSinglePrecision: true);
        Assert.True(sampler.DrawInSinglePrecision);
        AssertInputMoments(sampler, mean, variance, correlation);
    }

    [Fact]
    public void SinglePrecisionDrawsKeepTheMeanInDoublePrecision()
    {
        using var scope = NewDisposeScope();
        using var sampler = new SignalSampler(5, CPU, ScalarType.Float64, drawInSinglePrecision: true);
        Tensor sample = sampler.SampleInput(new SampleShape(2, 3, 4), 0.1, 0.0, 0.0);
        Assert.Equal(ScalarType.Float64, sample.dtype);
        Assert.True(sample.eq(0.1).all().item<bool>());   // 0.1 is not a float32 value
        Assert.False(new SignalSampler(5, CPU, ScalarType.Float32, drawInSinglePrecision: true).DrawInSinglePrecision);
    }

    private static void AssertInputMoments(SignalSampler owned, double mean, double variance, double correlation)
    {
        var means = new ReplicaStatistics();
        var variances = new ReplicaStatistics();
        var covariances = new ReplicaStatistics();
        var featureCovariances = new ReplicaStatistics();
        using var sampler = owned;
        for (int replica = 0; replica < Replicas; replica++)
        {
            using var scope = NewDisposeScope();
            MeasuredMoments measured = MomentEstimator.Measure(
                sampler.SampleInput(Shape, mean, variance, correlation), includeFeatureCovariance: true);
            means.Add(measured.Mean);
            variances.Add(measured.Variance);
            covariances.Add(measured.TokenCovariance);
            featureCovariances.Add(measured.FeatureCovariance);
        }

        // E[population variance] = σ² − Var(ȳ), Var(ȳ) = σ²(1 + (L−1)r)/N (runs and features independent).
        double length = Shape.Length;
        double expectedVariance = variance * (1 - (1 + (length - 1) * correlation) / Shape.ElementCount);
        AssertConsistent(means, mean, "mean");
        AssertConsistent(variances, expectedVariance, "variance");
        AssertConsistent(covariances, correlation * variance, "token covariance");   // torch.cov is unbiased
        AssertConsistent(featureCovariances, 0.0, "feature covariance");             // features are independent
        // The tolerances are meaningful: a few percent of the predicted values.
        Assert.True(variances.StandardError < 0.02 * variance);
        Assert.True(covariances.StandardError < 0.02 * variance);
    }

    [Fact]
    public void GradientHasTheRequestedMomentsAndIsIndependentOfTheInput()
    {
        const double gradientVariance = 2.5, gradientCorrelation = 0.4;
        var variances = new ReplicaStatistics();
        var covariances = new ReplicaStatistics();
        var means = new ReplicaStatistics();
        var crossCovariances = new ReplicaStatistics();
        using var sampler = new SignalSampler(7, CPU, ScalarType.Float64);
        for (int replica = 0; replica < Replicas; replica++)
        {
            using var scope = NewDisposeScope();
            Tensor input = sampler.SampleInput(Shape, 1.0, 1.0, 0.5);
            Tensor gradient = sampler.SampleGradient(Shape, gradientVariance, gradientCorrelation);
            MeasuredMoments measured = MomentEstimator.Measure(gradient);
            means.Add(measured.Mean);
            variances.Add(measured.Variance);
            covariances.Add(measured.TokenCovariance);
            crossCovariances.Add(((input - 1.0) * gradient).mean().item<double>());
        }
        double length = Shape.Length;
        AssertConsistent(means, 0.0, "gradient mean");
        AssertConsistent(variances, gradientVariance * (1 - (1 + (length - 1) * gradientCorrelation) / Shape.ElementCount), "gradient variance");
        AssertConsistent(covariances, gradientCorrelation * gradientVariance, "gradient token covariance");
        AssertConsistent(crossCovariances, 0.0, "input-gradient cross covariance");
    }

    [Fact]
    public void SameSeedGivesTheSameSamples()
    {
        using var scope = NewDisposeScope();
        using var first = new SignalSampler(42, CPU, ScalarType.Float64);
        using var second = new SignalSampler(42, CPU, ScalarType.Float64);
        using var other = new SignalSampler(43, CPU, ScalarType.Float64);
        var shape = new SampleShape(2, 5, 3);
        Tensor a = first.SampleInput(shape, 1, 2, 0.3);
        Assert.True(Same(a, second.SampleInput(shape, 1, 2, 0.3)));
        Assert.False(Same(a, other.SampleInput(shape, 1, 2, 0.3)));
        Assert.False(Same(a, first.SampleInput(shape, 1, 2, 0.3)));   // the stream moves on

        // Large enough for the parallel path: the slice → stream map keeps it reproducible.
        var large = new SampleShape(9, 128, 256);
        Tensor b = first.SampleInput(large, 1, 2, 0.3);
        _ = second.SampleInput(shape, 1, 2, 0.3);
        Assert.True(Same(b, second.SampleInput(large, 1, 2, 0.3)));
    }

    [Theory]
    [InlineData(1.01)]
    [InlineData(-0.2)]        // below −1/(L−1) = −1/15
    [InlineData(double.NaN)]
    public void RejectsImpossibleCorrelations(double correlation)
    {
        using var sampler = new SignalSampler(1);
        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => sampler.SampleInput(Shape, 0, 1, correlation));
        Assert.Equal("correlation", exception.ParamName);
    }

    [Fact]
    public void RejectsInvalidVarianceMeanAndShape()
    {
        using var sampler = new SignalSampler(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.SampleInput(Shape, 0, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.SampleInput(Shape, double.PositiveInfinity, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.SampleInput(new SampleShape(0, 2, 2), 0, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.SampleInput(new SampleShape(2, 1, 2), 0, 1, -0.1));
    }

    private static void AssertConsistent(ReplicaStatistics statistics, double expected, string label)
    {
        MeasuredValue value = statistics.ToMeasuredValue();
        Assert.True(value.IsConsistentWith(expected, AllowedStandardErrors),
            $"{label}: measured {value}, expected {expected}, {value.StandardScore(expected):F2} standard errors away.");
    }

    private static bool Same(Tensor first, Tensor second)
        => first.shape.SequenceEqual(second.shape) && first.eq(second).all().item<bool>();
}
