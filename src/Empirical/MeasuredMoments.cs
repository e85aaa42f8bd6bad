namespace SignalProp.Empirical;

/// <summary>
/// The statistics the authors measure on one tensor of shape <c>[runs, L, d]</c> (THEORY.md §5.1, "Measured
/// quantities"), as computed by <see cref="MomentEstimator.Measure"/>.
/// </summary>
/// <param name="Mean">Σy / N over all N = runs·L·d elements.</param>
/// <param name="Variance">E[y²] − mean² over all elements (population form, divisor N).</param>
/// <param name="TokenCovariance">Mean off-diagonal entry of the unbiased L×L token–token covariance matrix
/// <c>torch.cov(y.transpose(0, 1).reshape(L, −1))</c>; NaN when L &lt; 2 or runs·d &lt; 2.</param>
/// <param name="FeatureCovariance">Mean off-diagonal entry of the unbiased d×d feature–feature covariance matrix
/// <c>torch.cov(y.transpose(0, 2).reshape(d, −1))</c> (the LayerNorm "covd"); NaN when not requested, when d &lt; 2
/// or when runs·L &lt; 2.</param>
/// <param name="Count">N, the number of elements.</param>
public readonly record struct MeasuredMoments(
    double Mean,
    double Variance,
    double TokenCovariance,
    double FeatureCovariance,
    long Count)
{
    /// <summary>The token–token correlation r = C/σ² (THEORY.md §1); NaN when σ² = 0.</summary>
    public double TokenCorrelation => Variance > 0 ? TokenCovariance / Variance : double.NaN;

    /// <summary>The feature–feature correlation C_d/σ²; NaN when σ² = 0 or the feature covariance was not
    /// measured.</summary>
    public double FeatureCorrelation => Variance > 0 ? FeatureCovariance / Variance : double.NaN;
}
