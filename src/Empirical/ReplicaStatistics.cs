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

    /// <summary>
    /// The ratio of replica means R = (Σ a_i)/(Σ b_i) with its delete-one jackknife standard error
    /// s.e. = √((n−1)/n · Σ (R₍ᵢ₎ − R̄₍·₎)²), R₍ᵢ₎ = (Σ a − a_i)/(Σ b − b_i) (Efron &amp; Tibshirani, An Introduction to the
    /// Bootstrap, §11.2). Use it for a quantity the theory defines as a ratio of expectations — e.g. a token correlation
    /// E[C]/E[σ²] over random weights, with a_i = r_i·σ²_i the replica's covariance and b_i = σ²_i its variance: when σ²_i
    /// varies a lot between replicas (a deep stack's gradient is a product of random per-layer gains) the mean of the
    /// replica ratios r_i weighs every replica equally and estimates a different quantity.
    /// </summary>
    /// <param name="numerators">a_i, one per replica.</param>
    /// <param name="denominators">b_i, one per replica (same count).</param>
    /// <returns>R, its jackknife standard error (NaN when n &lt; 2) and n. A NaN in any replica gives NaN.</returns>
    public static MeasuredValue RatioOfMeans(IReadOnlyList<double> numerators, IReadOnlyList<double> denominators)
    {
        ArgumentNullException.ThrowIfNull(numerators);
        ArgumentNullException.ThrowIfNull(denominators);
        if (numerators.Count != denominators.Count)
            throw new ArgumentException("One denominator per numerator is needed.", nameof(denominators));
        int n = numerators.Count;
        if (n == 0) return new(double.NaN, double.NaN, 0);
        double a = numerators.Sum(), b = denominators.Sum();
        double ratio = a / b;
        if (n < 2) return new(ratio, double.NaN, n);
        var leaveOneOut = new double[n];
        for (int i = 0; i < n; i++) leaveOneOut[i] = (a - numerators[i]) / (b - denominators[i]);
        double mean = leaveOneOut.Average();
        double squares = leaveOneOut.Sum(v => (v - mean) * (v - mean));
        return new(ratio, Math.Sqrt((n - 1.0) / n * squares), n);
    }
}
