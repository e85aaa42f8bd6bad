namespace SignalProp.Empirical.Attention;

/// <summary>
/// What one attention configuration measured (ATTENTION.md §10.1): means over i.i.d. runs (fresh weights, input,
/// upstream gradient and dropout masks per run) with standard errors std/√runs.
/// </summary>
/// <param name="GradientVariance">σ²_{g,in} = E[g_ik²], g = ∂L/∂X.</param>
/// <param name="GradientCovariance">C_{g,in} = E[g_ik g_jk], i ≠ j.</param>
/// <param name="OutputVariance">The forward output's E[y_ik²] (Y for a single head, O for multi-head).</param>
/// <param name="OutputCovariance">The forward output's E[y_ik y_jk], i ≠ j.</param>
/// <param name="Runs">The number of runs.</param>
/// <param name="Seconds">Wall time of the measurement.</param>
/// <param name="StopReason">Why the adaptive loop stopped: <c>target</c>, <c>runs</c> or <c>time</c>.</param>
public sealed record AttentionMeasurement(
    MeasuredValue GradientVariance,
    MeasuredValue GradientCovariance,
    MeasuredValue OutputVariance,
    MeasuredValue OutputCovariance,
    long Runs,
    double Seconds,
    string StopReason)
{
    /// <summary>The relative standard error of the gradient variance, s.e./|mean|.</summary>
    public double GradientVarianceRelativeError => GradientVariance.StandardError / Math.Abs(GradientVariance.Mean);
}
