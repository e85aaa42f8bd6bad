using System.Runtime.CompilerServices;

namespace SignalProp.Theory;

/// <summary>
/// Per-coordinate moments of the forward signal at one point of a network: mean μ = E[x_ik], variance
/// σ² = Var[x_ik] and token–token correlation r = Corr[x_ik, x_jk] for two distinct tokens i ≠ j and the
/// same feature k (THEORY.md §1). Distinct features are assumed independent.
/// </summary>
/// <param name="Mean">μ, the mean of one entry. Any finite value.</param>
/// <param name="Variance">σ², the variance of one entry. Range: σ² ≥ 0 (+∞ marks an overflowed prediction).</param>
/// <param name="Correlation">r, the token–token correlation. Range: −1 ≤ r ≤ 1.</param>
/// <param name="IsGaussian">
/// Whether the entries are (approximately) jointly Gaussian. Elementwise activations require it
/// (their formulas are Gaussian expectations); they return <c>false</c>, a linear projection restores it (CLT).
/// </param>
public readonly record struct ForwardMoments(double Mean, double Variance, double Correlation, bool IsGaussian = true)
{
    /// <summary>E[x²] = σ² + μ².</summary>
    public double SecondMoment => Variance + Mean * Mean;

    /// <summary>The token–token covariance C = r σ² (what the authors' scripts measure).</summary>
    public double TokenCovariance => MomentMath.Product(Correlation, Variance);

    /// <summary>True when every moment is finite (no overflow happened upstream).</summary>
    public bool IsFinite => double.IsFinite(Mean) && double.IsFinite(Variance) && double.IsFinite(Correlation);

    /// <summary>Zero mean, unit variance, uncorrelated tokens.</summary>
    public static ForwardMoments StandardNormal => new(0.0, 1.0, 0.0);

    /// <summary>
    /// Builds moments from a mean, a variance and a token covariance C (r = C/σ², 0 when σ² = 0),
    /// clamping r to [−1, 1] against rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ForwardMoments FromCovariance(double mean, double variance, double covariance, bool isGaussian = true)
        => new(mean, variance, MomentMath.CorrelationOf(covariance, variance), isGaussian);

    /// <summary>
    /// Checks that the moments are a valid input: finite mean, 0 ≤ σ² &lt; ∞, −1 ≤ r ≤ 1.
    /// </summary>
    /// <param name="parameterName">Name used in the exception, e.g. the CLI option or parameter.</param>
    /// <exception cref="ArgumentOutOfRangeException">A moment is NaN, infinite or out of range.</exception>
    public ForwardMoments EnsureValid(string parameterName = "input")
    {
        Require.Finite(Mean, $"{parameterName}.{nameof(Mean)}");
        Require.NonNegativeFinite(Variance, $"{parameterName}.{nameof(Variance)}");
        Require.Correlation(Correlation, $"{parameterName}.{nameof(Correlation)}");
        return this;
    }
}
