using System.Globalization;

namespace SignalProp.Empirical;

/// <summary>
/// A quantity measured on independent replicas: the sample mean, its standard error and the number of replicas.
/// </summary>
/// <param name="Mean">The mean of the replica values, (1/n) Σ v_i.</param>
/// <param name="StandardError">s/√n with the unbiased sample standard deviation
/// s = √(Σ(v_i − mean)²/(n − 1)); NaN when n &lt; 2.</param>
/// <param name="Count">n, the number of replicas.</param>
public readonly record struct MeasuredValue(double Mean, double StandardError, long Count)
{
    /// <summary>
    /// The number of standard errors between the mean and an expected value, |mean − expected| / standard error
    /// (+∞ when the standard error is 0 and the values differ, 0 when they are equal).
    /// </summary>
    /// <param name="expected">The predicted value.</param>
    /// <returns>The z-score of the difference.</returns>
    public double StandardScore(double expected)
    {
        double difference = Math.Abs(Mean - expected);
        if (difference == 0)
        {
            return 0;
        }
        return StandardError > 0 ? difference / StandardError : double.PositiveInfinity;
    }

    /// <summary>True when |mean − expected| ≤ <paramref name="standardErrors"/> · standard error.</summary>
    /// <param name="expected">The predicted value.</param>
    /// <param name="standardErrors">The allowed number of standard errors, e.g. 4 or 5 for tests.</param>
    /// <returns>Whether the measurement agrees with the prediction.</returns>
    public bool IsConsistentWith(double expected, double standardErrors) => StandardScore(expected) <= standardErrors;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Mean:G6} ± {StandardError:G3} (n = {Count})");
}
