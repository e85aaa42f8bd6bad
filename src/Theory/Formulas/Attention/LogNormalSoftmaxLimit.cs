namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// The moment generating functions of ATTENTION.md §7's closed form, shared by the closed gradient
/// (<see cref="AttentionGradientFormulas.Closed"/>), the closed-form pair overlap (<see cref="AttentionGradientFormulas.Pattern"/>)
/// and the closed forward (<see cref="AttentionForwardFormulas"/>): the row variance v = V̄g with g ~ Gamma(κ, 1/κ),
/// κ = D/2, and the pair covariance c of the Wishart₂(D) model with τ = V̄/D.
/// </summary>
internal static class LogNormalSoftmaxLimit
{
    /// <summary>E e^v = (1 − V̄/κ)^{−κ} and E[g e^v] = (1 − V̄/κ)^{−κ−1}. Requires V̄ &lt; κ (the caller's domain check).</summary>
    public static (double ExpV, double GExpV) RowMoments(double vb, double kappa)
    {
        double basis = 1 - vb / kappa;
        // (1 − V̄/κ)^{−κ−1} = (1 − V̄/κ)^{−κ}/(1 − V̄/κ): one exponential instead of two (both are on every layer's path).
        double expV = MomentMath.Exp(-kappa * Math.Log(basis));
        return (expV, expV / basis);
    }

    /// <summary>E e^c = [(1 − τ(1+r))(1 + τ(1−r))]^{−D/2}, τ = V̄/D; +∞ where the MGF diverges (the product ≤ 0).</summary>
    public static double PairMoment(double vb, double r, double effectiveDimension)
    {
        double tau = vb / effectiveDimension;
        double product = (1 - tau * (1 + r)) * (1 + tau * (1 - r));
        return product > 0 ? MomentMath.Exp(-effectiveDimension / 2 * Math.Log(product)) : double.PositiveInfinity;
    }
}
