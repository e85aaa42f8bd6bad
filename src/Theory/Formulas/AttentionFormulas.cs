namespace SignalProp.Theory.Formulas;

/// <summary>
/// The authors' moments of single-head softmax self-attention Y = dropout_p(softmax(QKᵀ/√d_out))·V with
/// Q = XW_Q, K = XW_K, V = XW_V (each d_in→d_out). Source: THEORY.md §2.8 (the authors' <c>simulations/SHA.py</c>,
/// rewritten in the score variance S²), §2.9 (without V, [DERIVED]) and §2.10 (heads). The backward pass covers the
/// value path only: the gradient through the attention pattern's dependence on Q and K is ignored, which THEORY.md
/// §2.8 shows fails at Xavier-sized Q/K; use it for small S².
/// </summary>
public static class AttentionFormulas
{
    /// <summary>
    /// The logit variance S² = d_in² σ_x⁴ σ_q² σ_k² of q_i·k_j/√d_out for uncorrelated zero-mean input (THEORY.md §1);
    /// independent of d_out. For input with mean μ, σ_x² is replaced by E[x²] = σ² + μ².
    /// </summary>
    public static double ScoreVariance(int inFeatures, double inputSecondMoment, double queryStd, double keyStd)
    {
        double a = inFeatures * inputSecondMoment;
        return MomentMath.Product(a * a, queryStd * queryStd * keyStd * keyStd);
    }

    /// <summary>
    /// The moments every attention formula reads: a mean μ is absorbed as E[x²] = σ² + μ² and
    /// r_eff = (μ² + rσ²)/(σ² + μ²), because every path from X passes through a zero-mean projection [DERIVED]. Where E[x²]
    /// is 0 or +∞ the input's own correlation is kept.
    /// </summary>
    public static (double SecondMoment, double Correlation) AbsorbMean(ForwardMoments x)
    {
        double second = x.SecondMoment;
        return second is > 0 and < double.PositiveInfinity
            ? (second, Math.Clamp((x.Mean * x.Mean + x.TokenCovariance) / second, -1.0, 1.0))
            : (second, x.Correlation);
    }

    /// <summary>
    /// Forward (THEORY.md §2.8), with u = 1 − r:
    /// σ²_out = G·σ_x²·[ r + (1/L)( u²(L−1)S²/d_in + e^{uS²}/(1−p)·(4u²S²/d_in + u) ) ],
    /// C_out = G·σ_x²·[ r + (1/L)( 2u²S²/d_in + u ) ], where G = d_in σ_v² with V and G = 1 without V (§2.9).
    /// Zero-mean input is assumed; with V, a mean μ is absorbed exactly at the level of the projections by using
    /// σ² + μ² and r_eff = (μ² + rσ²)/(σ² + μ²) [DERIVED: every path from X passes through a zero-mean projection].
    /// </summary>
    /// <param name="x">Input moments.</param>
    /// <param name="inFeatures">d_in.</param>
    /// <param name="length">L, the sequence length (softmax axis), ≥ 2.</param>
    /// <param name="queryStd">σ_q.</param>
    /// <param name="keyStd">σ_k.</param>
    /// <param name="valueStd">σ_v, or null for attention without a V projection.</param>
    /// <param name="attentionDropout">p, the dropout probability on the attention probabilities.</param>
    public static ForwardMoments Forward(ForwardMoments x, int inFeatures, int length, double queryStd, double keyStd,
        double? valueStd, double attentionDropout)
    {
        var (second, r) = AbsorbMean(x);
        double s2 = ScoreVariance(inFeatures, second, queryStd, keyStd);
        double u = 1 - r;
        double gain = valueStd is double sv ? inFeatures * sv * sv : 1.0;
        double scale = MomentMath.Product(gain, second);
        double exponential = MomentMath.Exp(u * s2) / (1 - attentionDropout);
        double varianceBracket = r + ((u * u * (length - 1) * s2 / inFeatures)
                                     + MomentMath.Product(exponential, 4 * u * u * s2 / inFeatures + u)) / length;
        double covarianceBracket = r + (2 * u * u * s2 / inFeatures + u) / length;
        double variance = MomentMath.Product(scale, varianceBracket);
        double covariance = MomentMath.Product(scale, covarianceBracket);
        return ForwardMoments.FromCovariance(0.0, variance, covariance, isGaussian: true);
    }

    /// <summary>
    /// Backward, value path only (THEORY.md §2.8):
    /// σ²_{g,in} = σ²_g·G·(1 + (L−1) r_g (1−p))/(L(1−p)),  C_{g,in} = σ²_g·G·(1 + (L−1) r_g)/L,
    /// with G = d_out σ_v² (d_out summed over heads: h·d_h, §2.10) and G = 1 without V.
    /// </summary>
    public static GradientMoments Backward(GradientMoments g, int totalOutFeatures, int length, double? valueStd, double attentionDropout)
    {
        double gain = valueStd is double sv ? totalOutFeatures * sv * sv : 1.0;
        double keep = 1 - attentionDropout;
        double variance = MomentMath.Product(g.Variance, gain) * (1 + (length - 1) * g.Correlation * keep) / (length * keep);
        double covariance = MomentMath.Product(g.Variance, gain) * (1 + (length - 1) * g.Correlation) / length;
        return GradientMoments.FromCovariance(variance, covariance);
    }
}
