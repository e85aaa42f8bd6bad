namespace SignalProp.Empirical.Tests;

public class ReplicaStatisticsTests
{
    [Fact]
    public void MeanAndStandardErrorOfKnownValues()
    {
        MeasuredValue value = ReplicaStatistics.Summarize([1.0, 2.0, 3.0, 4.0]);
        Assert.Equal(4, value.Count);
        Assert.Equal(2.5, value.Mean, 1e-15);
        // s² = (2.25 + 0.25 + 0.25 + 2.25)/3 = 5/3, standard error = √(5/3)/2.
        Assert.Equal(Math.Sqrt(5.0 / 3.0) / 2.0, value.StandardError, 1e-15);
    }

    [Fact]
    public void FewerThanTwoReplicasHaveNoStandardError()
    {
        var statistics = new ReplicaStatistics();
        Assert.True(double.IsNaN(statistics.Mean));
        statistics.Add(3.0);
        Assert.Equal(3.0, statistics.Mean);
        Assert.True(double.IsNaN(statistics.StandardError));
        Assert.Equal(1, statistics.Count);
    }

    [Fact]
    public void StandardScoreCountsStandardErrors()
    {
        var value = new MeasuredValue(10.0, 0.5, 30);
        Assert.Equal(2.0, value.StandardScore(11.0), 1e-15);
        Assert.True(value.IsConsistentWith(11.0, 2.0));
        Assert.False(value.IsConsistentWith(11.0, 1.9));
        Assert.Equal(0.0, new MeasuredValue(1.0, 0.0, 1).StandardScore(1.0));
        Assert.Equal(double.PositiveInfinity, new MeasuredValue(1.0, 0.0, 1).StandardScore(2.0));
    }

    [Fact]
    public void RatioOfMeansWithEqualDenominatorsIsTheMeanWithItsStandardError()
    {
        // b_i = 1: R₍ᵢ₎ = (Σa − a_i)/(n − 1), whose jackknife standard error is exactly s/√n.
        double[] a = [1.0, 2.0, 3.0, 4.0];
        MeasuredValue ratio = ReplicaStatistics.RatioOfMeans(a, [1.0, 1.0, 1.0, 1.0]);
        MeasuredValue mean = ReplicaStatistics.Summarize(a);
        Assert.Equal(mean.Mean, ratio.Mean, 1e-15);
        Assert.Equal(mean.StandardError, ratio.StandardError, 1e-14);
        Assert.Equal(4, ratio.Count);
    }

    [Fact]
    public void RatioOfMeansWeighsReplicasByTheirDenominator()
    {
        // Correlations 0.2 (variance 1) and 0.6 (variance 3): mean of ratios 0.4, ratio of means (0.2 + 1.8)/4 = 0.5.
        MeasuredValue ratio = ReplicaStatistics.RatioOfMeans([0.2, 1.8], [1.0, 3.0]);
        Assert.Equal(0.5, ratio.Mean, 1e-15);
        // Leave-one-out ratios 0.6 and 0.2: s.e. = √(½ · (0.2² + 0.2²)) = 0.2.
        Assert.Equal(0.2, ratio.StandardError, 1e-14);
        Assert.True(double.IsNaN(ReplicaStatistics.RatioOfMeans([1.0], [2.0]).StandardError));
        Assert.Equal(0.5, ReplicaStatistics.RatioOfMeans([1.0], [2.0]).Mean);
        Assert.True(double.IsNaN(ReplicaStatistics.RatioOfMeans([1.0, double.NaN], [2.0, 1.0]).Mean));
        Assert.Throws<ArgumentException>(() => ReplicaStatistics.RatioOfMeans([1.0], [1.0, 2.0]));
    }
}
