using System.Runtime.CompilerServices;

namespace SignalProp.Theory;

/// <summary>
/// Per-coordinate moments of the gradient g = ∂Loss/∂x at one point of a network: variance σ_g² and
/// token–token correlation r_g, so that the gradient token covariance is C_g = r_g σ_g² (THEORY.md §1).
/// The gradient mean is 0 at initialisation for every component and is not carried.
/// </summary>
/// <param name="Variance">σ_g². Range: σ_g² ≥ 0 (+∞ marks an overflowed prediction).</param>
/// <param name="Correlation">r_g. Range: −1 ≤ r_g ≤ 1.</param>
public readonly record struct GradientMoments(double Variance, double Correlation)
{
    /// <summary>
    /// d × the fraction of E|g|² that a LayerNorm backward at this point removes (its projection off the feature mean and
    /// off the LayerNorm's output): 2 for an isotropic gradient (the default, and the case
    /// <see cref="Formulas.LayerNormFormulas.Backward"/> assumes); a Post-LN sub-layer sets it on the gradient it passes
    /// to the LayerNorm below (<see cref="WithLayerNormProjection"/>, <see cref="Formulas.LayerNormProjectionFormulas"/>).
    /// Kept by <see cref="Scale"/> and <c>with</c>.
    /// </summary>
    public double LayerNormProjection => Formulas.LayerNormProjectionFormulas.Isotropic + layerNormProjectionExcess;

    // Stored as the excess over the isotropic 2 so that default and new(σ², r) mean "isotropic" (one double, not a
    // double?: the moments are copied through every component of every sub-layer, and their size shows in the sweeps).
    private readonly double layerNormProjectionExcess;

    /// <summary>The same moments with <see cref="LayerNormProjection"/> set to <paramref name="removed"/>.</summary>
    /// <param name="removed">d × the removed fraction (2 = isotropic).</param>
    public GradientMoments WithLayerNormProjection(double removed)
        => new(Variance, Correlation, removed - Formulas.LayerNormProjectionFormulas.Isotropic);

    private GradientMoments(double variance, double correlation, double layerNormProjectionExcess) : this(variance, correlation)
        => this.layerNormProjectionExcess = layerNormProjectionExcess;

    /// <summary>The gradient token covariance C_g = r_g σ_g².</summary>
    public double TokenCovariance => MomentMath.Product(Correlation, Variance);

    /// <summary>True when both moments are finite.</summary>
    public bool IsFinite => double.IsFinite(Variance) && double.IsFinite(Correlation);

    /// <summary>Unit variance, uncorrelated tokens: the authors' injected gradient with σ_g = 1, r_g = 0.</summary>
    public static GradientMoments Unit => new(1.0, 0.0);

    /// <summary>Builds gradient moments from a variance and a covariance (r_g = C_g/σ_g², clamped to [−1, 1]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientMoments FromCovariance(double variance, double covariance)
        => new(variance, MomentMath.CorrelationOf(covariance, variance));

    /// <summary>Returns the same moments with the variance multiplied by <paramref name="factor"/> (backward maps are homogeneous in σ_g²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public GradientMoments Scale(double factor) => this with { Variance = MomentMath.Product(factor, Variance) };

    /// <summary>Checks 0 ≤ σ_g² &lt; ∞ and −1 ≤ r_g ≤ 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A moment is NaN, infinite or out of range.</exception>
    public GradientMoments EnsureValid(string parameterName = "gradient")
    {
        Require.NonNegativeFinite(Variance, $"{parameterName}.{nameof(Variance)}");
        Require.Correlation(Correlation, $"{parameterName}.{nameof(Correlation)}");
        return this;
    }
}
