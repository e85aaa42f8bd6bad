namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Forward moments of softmax self-attention Y = dropout_p(softmax(XW_Q(XW_K)ᵀ/√d))·XW_V with the exact softmax-row
/// statistics of ATTENTION.md §6 in place of the authors' log-normal approximation (THEORY.md §2.8), which overflows as
/// e^{(1−r)S²} instead of saturating and is 5–115 % high at Xavier-sized Q/K ([DERIVED] here; checked against Monte Carlo
/// in <c>docs/derivations/attention_forward_mc.py</c> and by the TorchSharp verifier).
/// </summary>
/// <remarks>
/// <para>Derivation (same setting and notation as ATTENTION.md §1, §5.4). Per output feature,
/// E[Y_ic²] = σ_v²·E|Σ_j A_ij x_j|² with x_j = x̄ + x̃_j. The shared part gives |x̄|²·E(Σ_j A_ij)² = nrσ_x²(1 + 𝗊M₂)
/// (E_M(Σ M P)² = 1 + 𝗊ΣP², 𝗊 = p/(1−p)); the cross term vanishes (W_K → −W_K symmetry). The row's logits see the token
/// parts only along h = Ψᵀx_i/|Ψᵀx_i|: x̃_j = σ̃(t_j h + x_j^⊥) with t_j the standardised logit and x_j^⊥ ∈ ℝ^{n−1}
/// independent of the row's softmax, so E|Σ_j A_ij x̃_j|² = σ̃²[(n−1)E ΣA² + E(Σ A t)²], and after the masks
/// E ΣA² = M₂/(1−p), E(ΣAt)² = E(ΣPt)² + 𝗊 E ΣP²t². Hence</para>
/// <para>σ²_out = σ_v²·{ nrσ_x²(1 + 𝗊M₂) + σ̃²[(n−1)M₂/(1−p) + E(ΣPt)² + 𝗊 E ΣP²t²] },
/// C_out = σ_v²·{ nrσ_x² + nσ̃²O },</para>
/// <para>with σ̃² = (1−r)σ_x², M₂ = E ΣP², O = E⟨P_i, P_i′⟩ (the pair overlap of §6.3; its 1/n corrections are dropped) and
/// the row functionals averaged over the Gamma row-variance law of §6.1. Without V (Y = AX) the gain nσ_v² is replaced by
/// 1 per feature. At S² = 0 this is the authors' formula plus the exact attention-dropout term nrσ_x²σ_v²𝗊/L on the
/// shared part, which they omit.</para>
/// <para>The closed variant uses the log-normal limits of §7 averaged with the Gamma/Wishart moment generating functions:
/// M₂ ≈ Ee^v/L, E(ΣPt)² ≈ V̄ + 1/L, E ΣP²t² ≈ (Ee^v + 4V̄E[ge^v])/L, O ≈ Ee^c/L; valid far from saturation only
/// (<see cref="AttentionGradientFormulas.ClosedFormValid"/>); +∞ where the MGF diverges.</para>
/// </remarks>
public static class AttentionForwardFormulas
{
    /// <summary>The forward moments with exact softmax statistics (see the remarks).</summary>
    /// <param name="inputSecondMoment">σ_x² (with a mean μ absorbed as σ² + μ², as in <see cref="AttentionFormulas.Forward"/>).</param>
    /// <param name="inputCorrelation">r, the token correlation of the absorbed input.</param>
    /// <param name="inFeatures">n = d_in.</param>
    /// <param name="headFeatures">d = d_h, the head width (sets the effective dimension D).</param>
    /// <param name="length">L ≥ 2.</param>
    /// <param name="queryStd">σ_q.</param>
    /// <param name="keyStd">σ_k.</param>
    /// <param name="valueStd">σ_v, or null for attention without V.</param>
    /// <param name="attentionDropout">p on the attention probabilities.</param>
    /// <param name="closed">Use the closed-form log-normal limits instead of the tabulated functionals.</param>
    public static ForwardMoments Forward(double inputSecondMoment, double inputCorrelation, int inFeatures, int headFeatures, int length,
        double queryStd, double keyStd, double? valueStd, double attentionDropout, bool closed)
    {
        double s2 = AttentionFormulas.ScoreVariance(inFeatures, inputSecondMoment, queryStd, keyStd);
        if (closed)
            return FromStatistics(inputSecondMoment, inputCorrelation, inFeatures, valueStd, attentionDropout,
                ClosedAttentionStatistics.Of(s2, inputCorrelation, attentionDropout, inFeatures, headFeatures, length).ForwardStatistics);
        double vb = MomentMath.Product(1 - inputCorrelation, s2);
        double de = AttentionGradientFormulas.EffectiveDimension(inFeatures, headFeatures);
        return FromStatistics(inputSecondMoment, inputCorrelation, inFeatures, valueStd, attentionDropout,
            ExactStatistics(vb, inputCorrelation, de, length));
    }

    /// <summary>
    /// The remarks' σ²_out and C_out from the pattern statistics M₂, E(ΣPt)², E ΣP²t² and O (exact or closed), for an
    /// input of second moment σ_x² and correlation r.
    /// </summary>
    internal static ForwardMoments FromStatistics(double inputSecondMoment, double inputCorrelation, int inFeatures, double? valueStd,
        double attentionDropout, (double M2, double SumPtSquared, double SumP2t2, double Overlap) statistics)
    {
        double sx2 = inputSecondMoment, r = inputCorrelation, p = attentionDropout, q = p / (1 - p);
        int n = inFeatures;
        var (m2, pt, p2t2, overlap) = statistics;
        double gain = valueStd is double sv ? MomentMath.Product(sv, sv) : 1.0 / n;
        double tilde = (1 - r) * sx2;
        double shared = n * r * sx2;
        // 𝗊·M₂ as a product that is 0 at p = 0 even where a closed-form M₂ has overflowed to +∞ (0·∞ would be NaN).
        double variance = MomentMath.Product(gain,
            MomentMath.Product(shared, 1 + MomentMath.Product(q, m2)) + MomentMath.Product(tilde, (n - 1) * m2 / (1 - p) + pt + MomentMath.Product(q, p2t2)));
        double covariance = MomentMath.Product(gain, shared + MomentMath.Product(n * tilde, overlap));
        if (double.IsPositiveInfinity(variance)) return new ForwardMoments(0.0, double.PositiveInfinity, Math.Clamp(r, -1, 1), IsGaussian: true);
        return ForwardMoments.FromCovariance(0.0, variance, Math.Min(covariance, variance), isGaussian: true);
    }

    private const double NegligibleVariance = 1e-12;

    private static (double M2, double SumPtSquared, double SumP2t2, double Overlap) ExactStatistics(double vb, double r, double de, int length)
    {
        var table = SoftmaxRowTable.For(length);
        double m2 = 0, pt = 0, p2t2 = 0;
        if (vb < NegligibleVariance)
        {
            var st = table.Evaluate(Math.Max(vb, 0));
            (m2, pt, p2t2) = (st.M2, st.Pt2 - st.TJt, st.P2t2);
            return (m2, pt, p2t2, 1.0 / length);
        }
        var rule = GaussQuadrature.Gamma(de / 2.0, AttentionGradientFormulas.RowVarianceNodes);
        for (int i = 0; i < rule.Count; i++)
        {
            var st = table.Evaluate(vb * rule.Nodes[i]);
            m2 += rule.Weights[i] * st.M2;
            pt += rule.Weights[i] * (st.Pt2 - st.TJt);
            p2t2 += rule.Weights[i] * st.P2t2;
        }
        // The pair overlap O of §6.3 (M₂ is already averaged above); the backward pass of the same sub-layer asks for the
        // same pair statistics and gets them from SoftmaxPairFunctionals' memo.
        double overlap = Math.Min(SoftmaxPairFunctionals.Compute(vb, Math.Clamp(r, -1, 1), de, length).Overlap, m2);
        return (m2, pt, p2t2, overlap);
    }
}
