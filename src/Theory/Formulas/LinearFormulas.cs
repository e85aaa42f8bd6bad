using System.Runtime.CompilerServices;

namespace SignalProp.Theory.Formulas;

/// <summary>
/// Moments through a linear layer y = x W without bias, W ∈ R^{d_in×d_out} with i.i.d. N(0, σ_w²) entries.
/// Source: THEORY.md §2.2, the authors' <c>simulations/linear.py</c>. Exact in expectation; needs only W
/// independent of x with zero mean.
/// </summary>
public static class LinearFormulas
{
    /// <summary>
    /// Forward: μ_out = 0, σ²_out = d_in σ_w² (σ² + μ²), C_out = d_in σ_w² (μ² + r σ²), so
    /// r_out = (μ² + rσ²)/(μ² + σ²). The output is Gaussian by the central limit theorem over d_in.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ForwardMoments Forward(ForwardMoments x, int inFeatures, double weightStd)
    {
        double gain = inFeatures * weightStd * weightStd;
        double variance = MomentMath.Product(gain, x.SecondMoment);
        // r_out = C_out/σ²_out does not depend on the gain; computing it from the input keeps it defined
        // when σ_w = 0 or when σ² overflowed.
        double correlation = x.SecondMoment == 0 || !double.IsFinite(x.SecondMoment) ? x.Correlation
            : Math.Clamp((x.Mean * x.Mean + x.TokenCovariance) / x.SecondMoment, -1.0, 1.0);
        return new ForwardMoments(0.0, variance, correlation, IsGaussian: true);
    }

    /// <summary>Backward: ∂L/∂x = g Wᵀ, σ²_{g,in} = d_out σ_w² σ²_{g,out}, r_{g,in} = r_{g,out}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientMoments Backward(GradientMoments g, int outFeatures, double weightStd)
        => new(MomentMath.Product(outFeatures * weightStd * weightStd, g.Variance), g.Correlation);
}
