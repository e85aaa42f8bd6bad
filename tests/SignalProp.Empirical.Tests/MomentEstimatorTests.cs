using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests;

public class MomentEstimatorTests
{
    /// <summary>The authors' definition (THEORY.md §5.1): an explicit L×L (or d×d) torch.cov.</summary>
    private static double ExplicitOffDiagonalCovariance(Tensor y, long dimension)
    {
        using var scope = NewDisposeScope();
        long variables = y.shape[dimension];
        Tensor matrix = cov(y.transpose(0, dimension).reshape(variables, -1));
        Tensor offDiagonal = matrix.masked_fill(eye(variables, dtype: ScalarType.Bool), 0.0);   // fill_diagonal_(0)
        return offDiagonal.mean().item<double>() * variables / (variables - 1);
    }

    [Theory]
    [InlineData(7, 5, 3, 10.0)]
    [InlineData(4, 2, 2, -3.0)]
    [InlineData(1, 6, 9, 0.0)]
    [InlineData(3, 11, 1, 1.5)]
    public void MatchesExplicitTorchCovariance(long runs, long length, long width, double offset)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(1234, CPU);
        // Deliberately not equicorrelated: independent per-token and per-feature means and scales.
        Tensor y = randn([runs, length, width], ScalarType.Float64, generator: generator)
            .mul(rand([1, length, width], ScalarType.Float64, generator: generator).add(0.5))
            .add(randn([1, length, 1], ScalarType.Float64, generator: generator))
            .add(randn([runs, 1, width], ScalarType.Float64, generator: generator))
            .add(offset);

        MeasuredMoments measured = MomentEstimator.Measure(y, includeFeatureCovariance: true);

        double mean = y.mean().item<double>();
        double variance = (y * y).mean().item<double>() - mean * mean;
        Assert.Equal(mean, measured.Mean, 1e-12);
        Assert.Equal(variance, measured.Variance, 1e-10);
        Assert.Equal(runs * length * width, measured.Count);
        if (length >= 2)
        {
            Assert.Equal(ExplicitOffDiagonalCovariance(y, 1), measured.TokenCovariance, 1e-10);
        }
        else
        {
            Assert.True(double.IsNaN(measured.TokenCovariance));
        }
        if (width >= 2)
        {
            Assert.Equal(ExplicitOffDiagonalCovariance(y, 2), measured.FeatureCovariance, 1e-10);
        }
        else
        {
            Assert.True(double.IsNaN(measured.FeatureCovariance));
        }
    }

    [Fact]
    public void FeatureCovarianceIsNaNUnlessRequested()
    {
        using var scope = NewDisposeScope();
        Tensor y = randn([2, 3, 4], ScalarType.Float64);
        Assert.True(double.IsNaN(MomentEstimator.Measure(y).FeatureCovariance));
    }

    [Fact]
    public void LayerNormOutputHasTheExactFeatureCovarianceIdentity()
    {
        // THEORY.md §2.5: each normalised row sums to 0 and has squared norm d, so covd = −1/(d−1) exactly.
        using var scope = NewDisposeScope();
        const long width = 16;
        Tensor x = randn([5, 7, width], ScalarType.Float64, generator: new Generator(7, CPU)).mul(3).add(-10);
        Tensor y = nn.functional.layer_norm(x, [width], eps: 0);
        MeasuredMoments measured = MomentEstimator.Measure(y, includeFeatureCovariance: true);
        Assert.Equal(0.0, measured.Mean, 1e-12);
        Assert.Equal(1.0, measured.Variance, 1e-10);
        // With every row summing to 0, Σ_ri P_ri² = 0 and the diagonal is n'(d − Σ_k f_k²), so the unbiased estimate is
        // −n'(d − Σ_k f_k²)/((n'−1)·d·(d−1)) ≈ −1/(d−1) (f_k: feature means over the n' = runs·L rows).
        double samples = 5 * 7;
        double featureMeanSquares = y.mean([0, 1]).square().sum().item<double>();
        double expected = -samples * (width - featureMeanSquares) / ((samples - 1) * width * (width - 1));
        Assert.Equal(expected, measured.FeatureCovariance, 1e-12);
        Assert.Equal(ExplicitOffDiagonalCovariance(y, 2), measured.FeatureCovariance, 1e-12);
    }

    [Fact]
    public void Float32IsAccurateDespiteALargeMean()
    {
        // μ = −10, σ = 0.316: E[y²] − mean² cancels 3 digits; the shifted computation keeps float32 accurate.
        using var scope = NewDisposeScope();
        using var sampler = new SignalSampler(99, CPU, ScalarType.Float64);
        Tensor y64 = sampler.SampleInput(new SampleShape(20, 100, 64), -10.0, 0.1, 0.4);
        Tensor y32 = y64.to(ScalarType.Float32);
        MeasuredMoments reference = MomentEstimator.Measure(y32.to(ScalarType.Float64), includeFeatureCovariance: true);
        MeasuredMoments single = MomentEstimator.Measure(y32, includeFeatureCovariance: true);
        Assert.Equal(reference.Mean, single.Mean, 1e-6 * 10);
        Assert.True(Math.Abs(single.Variance / reference.Variance - 1) < 1e-5, $"{single.Variance} vs {reference.Variance}");
        Assert.True(Math.Abs(single.TokenCovariance - reference.TokenCovariance) < 1e-5 * reference.Variance);
        Assert.True(Math.Abs(single.FeatureCovariance - reference.FeatureCovariance) < 1e-5 * reference.Variance);
    }

    [Fact]
    public void RejectsTensorsThatAreNotRankThree()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => MomentEstimator.Measure(zeros(3, 4)));
        Assert.Throws<ArgumentException>(() => MomentEstimator.Measure(zeros([2, 3, 4], ScalarType.Int64)));
    }

    [Fact]
    public void DoesNotModifyOrTrackItsInput()
    {
        using var scope = NewDisposeScope();
        Tensor y = randn([3, 4, 5], ScalarType.Float64).requires_grad_(true);
        Tensor copy = y.detach().clone();
        _ = MomentEstimator.Measure(y, includeFeatureCovariance: true);
        Assert.True(y.detach().eq(copy).all().item<bool>());
        Assert.Null(y.grad);
    }
}

/// <summary>The fused CPU pass (contiguous float32/float64) against the libtorch path (taken for a non-contiguous
/// view of the same values), including vector tails, d = 1 and a large mean.</summary>
public class FusedMomentEstimatorTests
{
    [Theory]
    [InlineData(6, 9, 37, -10.0, ScalarType.Float32)]
    [InlineData(5, 33, 1, 3.333, ScalarType.Float32)]
    [InlineData(9, 16, 64, 0.0, ScalarType.Float32)]
    [InlineData(4, 7, 19, -10.0, ScalarType.Float64)]
    [InlineData(300, 20, 1, 1.0, ScalarType.Float64)]
    public void FusedPassMatchesTheTorchPath(long runs, long length, long width, double offset, ScalarType dataType)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(77, CPU);
        Tensor y = randn([runs, length, width], ScalarType.Float64, generator: generator)
            .mul(rand([1, length, width], ScalarType.Float64, generator: generator).add(0.5))
            .add(randn([1, length, 1], ScalarType.Float64, generator: generator))
            .add(randn([runs, 1, width], ScalarType.Float64, generator: generator).mul(0.5))
            .add(offset).to(dataType);
        Tensor strided = y.transpose(1, 2).contiguous().transpose(1, 2);   // same values, not contiguous
        Assert.True(y.is_contiguous());
        Assert.False(strided.is_contiguous() && width > 1);
        MeasuredMoments fused = MomentEstimator.Measure(y, includeFeatureCovariance: true);
        MeasuredMoments reference = MomentEstimator.Measure(strided, includeFeatureCovariance: true);
        double tolerance = dataType == ScalarType.Float32 ? 2e-5 : 1e-11;
        double scale = Math.Max(1, Math.Abs(reference.Mean));
        Assert.Equal(reference.Mean, fused.Mean, tolerance * scale);
        Assert.Equal(reference.Variance, fused.Variance, tolerance * reference.Variance * scale * scale);
        Assert.Equal(reference.TokenCovariance, fused.TokenCovariance, tolerance * reference.Variance * scale * scale);
        if (width >= 2)
        {
            Assert.Equal(reference.FeatureCovariance, fused.FeatureCovariance, tolerance * reference.Variance * scale * scale);
        }
        else
        {
            Assert.True(double.IsNaN(fused.FeatureCovariance));
        }
    }
}
