namespace SignalProp.Empirical.Attention;

/// <summary>
/// The per-run estimates of one batch of attention runs (ATTENTION.md §10.1; <see cref="AttentionMomentEstimator"/>):
/// one entry per run in each array.
/// </summary>
/// <param name="GradientVariance">σ̂² of the input gradient, per run.</param>
/// <param name="GradientCovariance">Ĉ of the input gradient, per run.</param>
/// <param name="OutputVariance">σ̂² of the forward output, per run.</param>
/// <param name="OutputCovariance">Ĉ of the forward output, per run.</param>
public sealed record AttentionRunMoments(
    double[] GradientVariance,
    double[] GradientCovariance,
    double[] OutputVariance,
    double[] OutputCovariance)
{
    /// <summary>The number of runs.</summary>
    public int Runs => GradientVariance.Length;
}
