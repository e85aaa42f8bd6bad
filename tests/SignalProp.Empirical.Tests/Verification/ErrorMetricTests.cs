using SignalProp.Empirical.Verification;

namespace SignalProp.Empirical.Tests.Verification;

public class ErrorMetricTests
{
    [Fact]
    public void CalcErrFollowsTheAuthorsBranches()
    {
        Assert.Equal(0.1, ErrorMetric.CalcErr(1.0, 0.9), 12);                 // pure relative
        Assert.Equal(0.1, ErrorMetric.CalcErr(-1.0, -0.9), 12);
    }

    [Fact]
    public void CalcErrWithPredictedZeroTakesTheSmallerOfAbsoluteAndScaled()
    {
        Assert.Equal(0.25, ErrorMetric.CalcErr(-0.5, 0.0, 2.0), 12);
        Assert.Equal(0.1, ErrorMetric.CalcErr(0.1, 0.0, 0.5), 12);
    }

    [Fact]
    public void CalcErrWithPredictedVarianceTakesTheSmallerRelativeError()
    {
        // |a − p|/|a| = 0.1/0.2 = 0.5, |a − p|/pv = 0.1/4 = 0.025.
        Assert.Equal(0.025, ErrorMetric.CalcErr(0.2, 0.1, 4.0), 12);
        Assert.Equal(0.5, ErrorMetric.CalcErr(0.2, 0.1, 0.01), 12);
    }

    [Fact]
    public void SoftmaxErrHasNoAbsoluteValueWhenPredictedIsZero()
    {
        Assert.Equal(-0.5, ErrorMetric.SoftmaxErr(-0.5, 0.0, 2.0), 12);
        Assert.Equal(0.2, ErrorMetric.SoftmaxErr(1.0, 0.8, 2.0), 12);
    }

    [Fact]
    public void PercentilesUseZeroBasedTruncatedIndexOnSortedPercentages()
    {
        double[] errors = [.. Enumerable.Range(0, 10).Select(i => (9 - i) / 100.0)]; // 0.09 … 0.00
        // total = 10: p50 → errs[5] = 5%, p90 → errs[9] = 9%, p99 → errs[int(9.9)] = errs[9] = 9%.
        var p = ErrorMetric.Percentiles(errors);
        Assert.Equal(5.0, p.P50, 12);
        Assert.Equal(9.0, p.P90, 12);
        Assert.Equal(9.0, p.P99, 12);
        double[] hundred = [.. Enumerable.Range(0, 100).Select(i => i / 1000.0)];
        Assert.Equal(9.9, ErrorMetric.Percentile(hundred, 99), 12);
        Assert.Equal(5.0, ErrorMetric.Percentile(hundred, 50), 12);
    }
}
