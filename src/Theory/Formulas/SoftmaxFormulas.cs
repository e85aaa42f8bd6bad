namespace SignalProp.Theory.Formulas;

/// <summary>
/// Moments of softmax over a row of L logits with variance σ² and pairwise correlation r (the mean is
/// irrelevant); s² = (1−r)σ². Source: THEORY.md §2.7 (the authors' <c>simulations/softmax.py</c>, a log-normal
/// approximation tested for σ ≤ 1 and L ≥ 300) and ATTENTION.md §11.2 (output and gradient correlation).
/// Evaluated in log space so that a huge score variance gives +∞, never NaN.
/// </summary>
public static class SoftmaxFormulas
{
    /// <summary>The output mean 1/L (exact: each row sums to 1).</summary>
    public static double Mean(int length) => 1.0 / length;

    /// <summary>Large-L approximation Var ≈ (e^{s²} − 1)/L².</summary>
    public static double VarianceApprox(double variance, double correlation, int length)
    {
        double s2 = (1 - correlation) * variance;
        return Math.Exp(LogExpm1(s2) - 2 * Math.Log(length));
    }

    /// <summary>
    /// Full form: with E = exp(s²L/(L−1)), Var = (E − 1)·E² / ((L−1)e^{s²} + 1)².
    /// </summary>
    public static double Variance(double variance, double correlation, int length)
    {
        double s2 = (1 - correlation) * variance;
        double u = s2 * length / (length - 1.0);
        double logDenominator = s2 + Math.Log(length - 1.0) + Math.Log(1 + Math.Exp(-s2) / (length - 1.0));
        return MomentMath.Exp(LogExpm1(u) + 2 * u - 2 * logDenominator);
    }

    /// <summary>
    /// Output token correlation across the softmax axis: exactly −1/(L−1) for any exchangeable input law, because
    /// every row sums to 1 (ATTENTION.md §11.2).
    /// </summary>
    public static double Correlation(int length) => -1.0 / (length - 1);

    /// <summary>Forward moments with the full (default) or approximate variance.</summary>
    public static ForwardMoments Forward(ForwardMoments logits, int length, bool approximate = false)
        => new(Mean(length),
            approximate ? VarianceApprox(logits.Variance, logits.Correlation, length) : Variance(logits.Variance, logits.Correlation, length),
            Correlation(length), IsGaussian: false);

    /// <summary>
    /// Backward gradient variance: full σ²_{g,in} = (1 − r_g) σ²_g (Var + 1/L²) = (1 − r_g) σ²_g E[p²]; approximate
    /// (1 − r_g) e^{s²} σ²_g / L². The authors' form is the r_g = 0 case (the only one they simulated); the factor
    /// (1 − r_g) is [DERIVED]: g_in,i = p_i (g_i − Σ_j p_j g_j) cancels the component shared by all tokens exactly.
    /// </summary>
    public static double GradientVariance(ForwardMoments logits, GradientMoments g, int length, bool approximate = false)
    {
        double secondMoment = approximate
            ? Math.Exp((1 - logits.Correlation) * logits.Variance - 2 * Math.Log(length))
            : Variance(logits.Variance, logits.Correlation, length) + 1.0 / ((double)length * length);
        return MomentMath.Product((1 - g.Correlation) * g.Variance, secondMoment);
    }

    /// <summary>
    /// Backward moments: the variance of <see cref="GradientVariance"/>; the correlation is exactly −1/(L−1) whatever
    /// r_g, by the sum rule 1ᵀJ = 0 of the softmax Jacobian (ATTENTION.md §11.2).
    /// </summary>
    public static GradientMoments Backward(ForwardMoments logits, GradientMoments g, int length, bool approximate = false)
        => new(GradientVariance(logits, g, length, approximate), Correlation(length));

    /// <summary>log(e^u − 1) for u ≥ 0, accurate for small u and finite for large u (−∞ at u = 0).</summary>
    private static double LogExpm1(double u)
        => u > 30 ? u + Math.Log(1 - Math.Exp(-u)) : Math.Log(MomentMath.Expm1(u));
}
