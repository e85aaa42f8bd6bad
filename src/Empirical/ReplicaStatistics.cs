using MathNet.Numerics.Statistics;

namespace SignalProp.Empirical;

/// <summary>
/// Accumulates one statistic over independent replicas (for example the token covariance measured on several
/// independently seeded batches) and gives its mean and standard error, using MathNet's numerically stable
/// <see cref="RunningStatistics"/> (Welford's one-pass update).
/// </summary>
public sealed class ReplicaStatistics
{
    private readonly RunningStatistics statistics = new();

    /// <summary>The number of replica values added, n.</summary>
    public long Count => statistics.Count;

    /// <summary>The mean of the replica values, (1/n) Σ v_i; NaN when n = 0.</summary>
    public double Mean => Count > 0 ? statistics.Mean : double.NaN;

    /// <summary>The unbiased sample standard deviation s = √(Σ(v_i − mean)²/(n − 1)); NaN when n &lt; 2.</summary>
    public double StandardDeviation => Count > 1 ? statistics.StandardDeviation : double.NaN;

    /// <summary>The standard error of the mean, s/√n; NaN when n &lt; 2.</summary>
    public double StandardError => Count > 1 ? statistics.StandardDeviation / Math.Sqrt(Count) : double.NaN;

    /// <summary>Adds one replica value.</summary>
    /// <param name="value">The statistic measured on one replica.</param>
    public void Add(double value) => statistics.Push(value);

    /// <summary>Adds several replica values.</summary>
    /// <param name="values">The statistics measured on several replicas.</param>
    public void AddRange(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (double value in values)
        {
            statistics.Push(value);
        }
    }

    /// <summary>The current mean, standard error and count.</summary>
    /// <returns>A snapshot of the statistics.</returns>
    public MeasuredValue ToMeasuredValue() => new(Mean, StandardError, Count);

    /// <summary>Summarises a sequence of replica values.</summary>
    /// <param name="values">The statistics measured on independent replicas.</param>
    /// <returns>Their mean, standard error and count.</returns>
    public static MeasuredValue Summarize(IEnumerable<double> values)
    {
        var replicas = new ReplicaStatistics();
        replicas.AddRange(values);
        return replicas.ToMeasuredValue();
    }
}
