namespace SignalProp.Empirical.Attention;

/// <summary>One predictor's prediction for one configuration and its errors against the measurement
/// (ATTENTION.md §10.1; fractions, NaN when the prediction is unavailable).</summary>
/// <param name="Name">The predictor's name.</param>
/// <param name="Prediction">Predicted variance and covariance.</param>
/// <param name="VarianceError">|m − p|/|m| of gVar.</param>
/// <param name="CovarianceError">min(|m − p|/|m|, |m − p|/predicted variance) of gCov.</param>
/// <param name="CovarianceRelativeError">|m − p|/|m| of gCov.</param>
/// <param name="Message">Why the prediction is unavailable, or null.</param>
public sealed record AttentionPredictorResult(
    string Name,
    AttentionPrediction Prediction,
    double VarianceError,
    double CovarianceError,
    double CovarianceRelativeError,
    string? Message = null)
{
    /// <summary>The error of quantity <paramref name="quantity"/> (an <see cref="AttentionQuantities"/> name).</summary>
    /// <param name="quantity">gVar, gCov or gCovRel.</param>
    public double Error(string quantity) => quantity switch
    {
        AttentionQuantities.GVar => VarianceError,
        AttentionQuantities.GCov => CovarianceError,
        AttentionQuantities.GCovRelative => CovarianceRelativeError,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Unknown quantity."),
    };
}
