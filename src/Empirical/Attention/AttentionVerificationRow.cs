namespace SignalProp.Empirical.Attention;

/// <summary>One configuration of an attention verification: the case, the measurement and every predictor's result.</summary>
/// <param name="Index">Position in the sweep.</param>
/// <param name="Case">The configuration.</param>
/// <param name="Measurement">The Monte Carlo result, or null when the measurement failed.</param>
/// <param name="Predictions">One result per predictor, in registration order (empty when the measurement failed).</param>
/// <param name="Seed">The Monte Carlo seed of this configuration.</param>
/// <param name="Failure">Why the measurement failed, or null.</param>
public sealed record AttentionVerificationRow(
    int Index,
    AttentionCase Case,
    AttentionMeasurement? Measurement,
    IReadOnlyList<AttentionPredictorResult> Predictions,
    ulong Seed,
    string? Failure = null)
{
    /// <summary>True when the measurement succeeded and is finite.</summary>
    public bool Succeeded => Failure is null && Measurement is not null;
}
