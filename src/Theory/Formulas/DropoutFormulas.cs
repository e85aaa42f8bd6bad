using System.Runtime.CompilerServices;

namespace SignalProp.Theory.Formulas;

/// <summary>
/// Moments through inverted dropout with drop probability p (PyTorch's p: keep with 1−p, scale by 1/(1−p)).
/// Source: THEORY.md §2.6, the authors' <c>simulations/dropout.py</c>. Exact.
/// </summary>
public static class DropoutFormulas
{
    /// <summary>
    /// Forward: μ_out = μ, σ²_out = (σ² + pμ²)/(1−p), C_out = rσ² (unchanged), so r_out = rσ²(1−p)/(σ² + pμ²).
    /// The output is not Gaussian unless p = 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ForwardMoments Forward(ForwardMoments x, double p)
    {
        if (p == 0) return x;
        double variance = (x.Variance + p * x.Mean * x.Mean) / (1 - p);
        return ForwardMoments.FromCovariance(x.Mean, variance, x.TokenCovariance, isGaussian: false);
    }

    /// <summary>Backward: σ²_{g,in} = σ²_{g,out}/(1−p), C_{g,in} = C_{g,out}, so r_{g,in} = (1−p) r_{g,out}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientMoments Backward(GradientMoments g, double p)
        => p == 0 ? g : new(g.Variance / (1 - p), (1 - p) * g.Correlation);
}
