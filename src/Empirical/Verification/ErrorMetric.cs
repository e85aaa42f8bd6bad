namespace SignalProp.Empirical.Verification;

/// <summary>
/// The authors' error metric and percentiles (THEORY.md §5.1), transcribed exactly.
/// </summary>
public static class ErrorMetric
{
    /// <summary>
    /// <c>calc_err(actual, predicted, pred_var=0)</c>: |a − p|/|a| when pred_var = 0; min(|a|, |a/pred_var|) when
    /// p = 0; else min(|a − p|/|a|, |a − p|/pred_var). <paramref name="predictedVariance"/> is always a predicted
    /// variance (never a std).
    /// </summary>
    /// <param name="actual">The measured value.</param>
    /// <param name="predicted">The predicted value.</param>
    /// <param name="predictedVariance">The scale passed by the authors, or 0 for a pure relative error.</param>
    /// <returns>The error as a fraction (not percent).</returns>
    public static double CalcErr(double actual, double predicted, double predictedVariance = 0.0)
    {
        if (predictedVariance == 0) return Math.Abs(actual - predicted) / Math.Abs(actual);
        if (predicted == 0) return Math.Min(Math.Abs(actual), Math.Abs(actual / predictedVariance));
        return Math.Min(Math.Abs(actual - predicted) / Math.Abs(actual), Math.Abs(actual - predicted) / predictedVariance);
    }

    /// <summary>softmax.py's variant: min(a, a/pred_var) (no abs) when p = 0, else the relative error |a − p|/|a|.</summary>
    /// <param name="actual">The measured value.</param>
    /// <param name="predicted">The predicted value.</param>
    /// <param name="predictedVariance">The scale used when the prediction is 0.</param>
    /// <returns>The error as a fraction.</returns>
    public static double SoftmaxErr(double actual, double predicted, double predictedVariance)
        => predicted == 0 ? Math.Min(actual, actual / predictedVariance) : Math.Abs(actual - predicted) / Math.Abs(actual);

    /// <summary>
    /// The authors' percentile: sort the errors, multiply by 100, take <c>errs[int(total·q/100)]</c> (0-based, no
    /// interpolation; clamped to the last element).
    /// </summary>
    /// <param name="errors">Errors as fractions; NaN entries are dropped.</param>
    /// <param name="q">The percentile, e.g. 50, 90, 99.</param>
    /// <returns>The percentile in percent; NaN for no errors.</returns>
    public static double Percentile(IEnumerable<double> errors, double q)
    {
        double[] sorted = [.. errors.Where(e => !double.IsNaN(e)).Select(e => e * 100).Order()];
        if (sorted.Length == 0) return double.NaN;
        int index = (int)(sorted.Length * q / 100);
        return sorted[Math.Min(index, sorted.Length - 1)];
    }

    /// <summary>p50, p90 and p99 of <paramref name="errors"/> (fractions in, percent out).</summary>
    /// <param name="errors">Errors as fractions.</param>
    /// <returns>The three percentiles.</returns>
    public static ErrorPercentiles Percentiles(IReadOnlyCollection<double> errors)
        => new(Percentile(errors, 50), Percentile(errors, 90), Percentile(errors, 99));
}

/// <summary>The 50th, 90th and 99th percentile of a set of errors, in percent (THEORY.md §5.1).</summary>
/// <param name="P50">Median error, percent.</param>
/// <param name="P90">90th percentile, percent.</param>
/// <param name="P99">99th percentile, percent.</param>
public readonly record struct ErrorPercentiles(double P50, double P90, double P99)
{
    /// <summary>The percentile named 50, 90 or 99.</summary>
    /// <param name="q">50, 90 or 99.</param>
    public double this[int q] => q switch { 50 => P50, 90 => P90, 99 => P99, _ => throw new ArgumentOutOfRangeException(nameof(q)) };
}
