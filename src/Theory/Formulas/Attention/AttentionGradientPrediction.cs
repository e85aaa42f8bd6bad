namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// The input-gradient moments of softmax self-attention per input feature (ATTENTION.md §7): σ²_{g,in} = E[g_ik²] and
/// C_{g,in} = E[g_ik g_jk] (i ≠ j), with their decomposition into the value (V), query (Q) and key (K) paths.
/// All path terms include the gain γ = dσ_g²σ_v²; Variance = VV + QQ + KK + 2·VK and
/// Covariance = VVc + QQc + KKc + VKc. +∞ marks an overflowed prediction; results are never NaN.
/// </summary>
/// <param name="Variance">σ²_{g,in}.</param>
/// <param name="Covariance">C_{g,in}.</param>
/// <param name="VV">Value path, γ[(1/(1−p) − r_g)M₂ + r_g Ec²] (§5.1).</param>
/// <param name="QQ">Query path (§5.2, with the 1/D corrections of §5.4).</param>
/// <param name="KK">Key path (§5.3, §5.4), including r_g(L−1)cO_K.</param>
/// <param name="VK">Value–key cross term, counted twice in the variance (§5.5).</param>
/// <param name="VVc">Value-path covariance.</param>
/// <param name="QQc">Query-path covariance (r_g only).</param>
/// <param name="KKc">Key-path covariance, −KK/(L−1) by the exact sum rule.</param>
/// <param name="VKc">Cross-term covariance, −2VK/(L−1).</param>
/// <param name="ScoreVariance">S² = n²σ_x⁴σ_q²σ_k².</param>
/// <param name="EffectiveDimension">D (§6.1).</param>
/// <param name="M2">M₂ = E Σ P² averaged over the Gamma row-variance law.</param>
/// <param name="Ec2">Ec² = E(Σ_j P_ji)² = M₂ + (L−1)O, the second moment of a column sum of P (§5.1).</param>
/// <param name="PairOverlap">O = E⟨P, P′⟩ (1/L when the pair terms are not computed, i.e. r_g = 0).</param>
public readonly record struct AttentionGradientPrediction(
    double Variance, double Covariance,
    double VV, double QQ, double KK, double VK,
    double VVc, double QQc, double KKc, double VKc,
    double ScoreVariance, double EffectiveDimension, double M2, double Ec2, double PairOverlap)
{
    /// <summary>The input-gradient token correlation C/σ² (0 when σ² = 0, clamped to [−1, 1]).</summary>
    public double Correlation => MomentMath.CorrelationOf(Covariance, Variance);

    /// <summary>The prediction as <see cref="GradientMoments"/>.</summary>
    public GradientMoments ToGradientMoments() => GradientMoments.FromCovariance(Variance, Covariance);

    /// <summary>Every additive term multiplied by <paramref name="factor"/> (the pattern statistics are unchanged): h identical heads (§9).</summary>
    public AttentionGradientPrediction Scale(double factor) => this with
    {
        Variance = MomentMath.Product(factor, Variance), Covariance = MomentMath.Product(factor, Covariance),
        VV = MomentMath.Product(factor, VV), QQ = MomentMath.Product(factor, QQ), KK = MomentMath.Product(factor, KK),
        VK = MomentMath.Product(factor, VK), VVc = MomentMath.Product(factor, VVc), QQc = MomentMath.Product(factor, QQc),
        KKc = MomentMath.Product(factor, KKc), VKc = MomentMath.Product(factor, VKc),
    };
}
