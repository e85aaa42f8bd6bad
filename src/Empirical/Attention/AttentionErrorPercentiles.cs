using SignalProp.Empirical.Verification;

namespace SignalProp.Empirical.Attention;

/// <summary>
/// p50, p90, p99 and max of a set of errors, in percent, with the DSLM indexing of <see cref="ErrorMetric.Percentile"/>
/// (sorted, index ⌊N·q/100⌋, clamped), as ATTENTION.md §10.1 reports them.
/// </summary>
/// <param name="P50">Median, percent.</param>
/// <param name="P90">90th percentile, percent.</param>
/// <param name="P99">99th percentile, percent.</param>
/// <param name="Max">Largest error, percent.</param>
/// <param name="Count">Number of (non-NaN) errors.</param>
public readonly record struct AttentionErrorPercentiles(double P50, double P90, double P99, double Max, int Count)
{
    /// <summary>The percentiles of <paramref name="errors"/> (fractions; NaN entries dropped).</summary>
    /// <param name="errors">Errors as fractions.</param>
    public static AttentionErrorPercentiles From(IEnumerable<double> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        double[] valid = [.. errors.Where(e => !double.IsNaN(e))];
        return new(ErrorMetric.Percentile(valid, 50), ErrorMetric.Percentile(valid, 90), ErrorMetric.Percentile(valid, 99),
            valid.Length == 0 ? double.NaN : valid.Max() * 100, valid.Length);
    }

    /// <summary>True when every percentile is at most the tolerance's (NaN fails).</summary>
    /// <param name="tolerance">The limits, percent.</param>
    public bool IsWithin(AttentionErrorPercentiles tolerance)
        => P50 <= tolerance.P50 && P90 <= tolerance.P90 && P99 <= tolerance.P99 && Max <= tolerance.Max;
}
