namespace SignalProp.Plots;

/// <summary>The 50th, 90th and 99th percentiles of a relative error, in percent (THEORY.md §5.4).</summary>
/// <param name="P50">Median relative error, %.</param>
/// <param name="P90">90th percentile, %.</param>
/// <param name="P99">99th percentile, %.</param>
public readonly record struct Percentiles(double P50, double P90, double P99)
{
    /// <summary>The three values in order p50, p90, p99.</summary>
    public double[] ToArray() => [P50, P90, P99];
}
