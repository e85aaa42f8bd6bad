namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Everything the closed form of ATTENTION.md §7 needs from the forward pass of one attention sub-layer, evaluated once:
/// the log-normal pattern limits (moment generating functions of <see cref="LogNormalSoftmaxLimit"/>) and the
/// gradient-independent coefficients of the closed backward. The input-gradient moments are linear in the output
/// gradient's covariance, so with γ = dσ_g²σ_v² they are affine in r_g:
/// VV = (1/(1−p) − r_g)M₂ + r_g Ec², QQ fixed, KK = ωS²F_k + r_g(L−1)cO, VK = [H₁ + 𝗊H₂ + r_g(L−1)cO]/n,
/// VVc = [(1 − r_g)(1 − M₂) + r_g(L − Ec²)]/(L−1), QQc = r_g(1−r)²S²/n·[(1 − M₂)² + (n+1)O], KKc = −KK/(L−1),
/// VKc = −2VK/(L−1) (<see cref="AttentionGradientFormulas.Closed"/> for the limits themselves).
/// </summary>
/// <remarks>
/// Why a separate type: a whole-model prediction with closed formulas evaluates the forward and the backward of every
/// attention sub-layer at the same input. Both need the same three MGFs (two logarithms and two exponentials each); the
/// model keeps this record from its forward sweep, so that its backward sweep only applies the affine map.
/// </remarks>
internal readonly struct ClosedAttentionStatistics
{
    private readonly double inverseKeep, qq, keyBase, pairCovariance, valueKeyBase, queryCovariance, inverseFeatures;
    private readonly int length;

    /// <summary>
    /// The statistics at score variance S², input correlation r and attention dropout p, for n input features, head width
    /// d and L tokens. The pattern limits are +∞ where the Gamma MGF diverges (V̄ = (1 − r)S² ≥ D/2); the gradient is
    /// <see cref="Overflowed"/> there and wherever S² = +∞ (at r = 1 the forward still sees uniform attention).
    /// </summary>
    public static ClosedAttentionStatistics Of(double s2, double r, double p, int n, int headFeatures, int length)
        => new(s2, r, p, n, headFeatures, length);

    private ClosedAttentionStatistics(double s2, double r, double p, int n, int headFeatures, int length)
    {
        double de = AttentionGradientFormulas.EffectiveDimension(n, headFeatures);
        double vb = MomentMath.Product(1 - r, s2);
        ScoreVariance = s2;
        EffectiveDimension = de;
        MeanRowVariance = vb;
        this.length = length;
        if (!(vb < de / 2))
        {
            Overflowed = true;
            M2 = Ec2 = PairOverlap = PairMoment = RowMoment = GRowMoment = double.PositiveInfinity;
            return;
        }
        var (phi1, dPhi) = LogNormalSoftmaxLimit.RowMoments(vb, de / 2); // E e^{v}, E[g e^{v}]
        double lam = LogNormalSoftmaxLimit.PairMoment(vb, r, de); // finite: V̄ < D/2 and |r| ≤ 1 keep the product positive
        // Reciprocals once: divisions dominate this closed form's arithmetic.
        double invL = 1.0 / length, invN = 1.0 / n, invD = 1.0 / de;
        double m2 = phi1 * invL;
        double ov = lam * invL;
        (RowMoment, GRowMoment, PairMoment, M2, PairOverlap, Ec2) = (phi1, dPhi, lam, m2, ov, m2 + (length - 1) * ov);
        // The backward's coefficients need a finite S² (at r = 1 an infinite S² still gives V̄ = 0 above).
        Overflowed = !double.IsFinite(s2);
        if (Overflowed) return;
        double om = (1 - r + r * p) / (1 - p);
        double q = p / (1 - p);
        double f = m2 * (1 - m2);
        double fk = dPhi * invL * (1 - m2);
        double g = (phi1 + vb * dPhi) * invL * (1 - m2);
        double h1 = vb * dPhi * invL;
        double h2 = 2 * h1;
        double fqEff = (1 - invD) * f + g * invD;
        double tau = vb * invD;
        double cov1 = lam * (de / 2) * tau * ((1 + r) / (1 - tau * (1 + r)) - (1 - r) / (1 + tau * (1 - r))) * invL;
        double u = 1 - r;
        inverseFeatures = invN;
        inverseKeep = 1 / (1 - p);
        qq = u * s2 * om * fqEff + u * u * s2 * invN * ((1 - m2) * (1 - m2) + f + 2 * q * m2);
        keyBase = om * s2 * fk;
        pairCovariance = (length - 1) * cov1;
        valueKeyBase = (h1 + q * h2) * invN;
        queryCovariance = u * u * s2 * invN * ((1 - m2) * (1 - m2) + (n + 1) * ov);
    }

    /// <summary>
    /// The forward pass's pattern statistics (<see cref="AttentionForwardFormulas"/>, closed variant): M₂ ≈ Ee^v/L,
    /// E(ΣPt)² ≈ V̄ + 1/L, E ΣP²t² ≈ (Ee^v + 4V̄E[ge^v])/L and O ≈ Ee^c/L capped at M₂; +∞ where the MGF diverges.
    /// </summary>
    public (double M2, double SumPtSquared, double SumP2t2, double Overlap) ForwardStatistics
        => double.IsPositiveInfinity(M2)
            ? (double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity)
            : (M2, MeanRowVariance + 1.0 / length, (RowMoment + 4 * MeanRowVariance * GRowMoment) / length, Math.Min(PairOverlap, M2));

    /// <summary>S².</summary>
    public double ScoreVariance { get; }

    /// <summary>D (<see cref="AttentionGradientFormulas.EffectiveDimension"/>).</summary>
    public double EffectiveDimension { get; }

    /// <summary>V̄ = (1 − r)S².</summary>
    public double MeanRowVariance { get; }

    /// <summary>True where the closed form has no finite value: every gradient term is +∞ (0 at zero gain).</summary>
    public bool Overflowed { get; }

    /// <summary>Ee^v = (1 − V̄/κ)^{−κ}, κ = D/2.</summary>
    public double RowMoment { get; }

    /// <summary>E[g e^v] = (1 − V̄/κ)^{−κ−1}.</summary>
    public double GRowMoment { get; }

    /// <summary>Ee^c = [(1 − τ(1+r))(1 + τ(1−r))]^{−D/2}, τ = V̄/D.</summary>
    public double PairMoment { get; }

    /// <summary>M₂ ≈ Ee^v/L.</summary>
    public double M2 { get; }

    /// <summary>O ≈ Ee^c/L (not capped).</summary>
    public double PairOverlap { get; }

    /// <summary>Ec² = M₂ + (L−1)O.</summary>
    public double Ec2 { get; }

    /// <summary>The path terms for an output gradient of correlation r_g and gain γ = dσ_g²σ_v² (one head); never NaN.</summary>
    public AttentionGradientPrediction Gradient(double rg, double gain)
    {
        if (Overflowed) return AttentionGradientFormulas.Overflowed(gain, ScoreVariance, EffectiveDimension);
        var t = PathTerms(rg);
        return AttentionGradientFormulas.Sanitize(new AttentionGradientPrediction(
            Scale(gain, t.Variance), Scale(gain, t.Covariance), Scale(gain, t.VV), Scale(gain, qq), Scale(gain, t.KK), Scale(gain, t.VK),
            Scale(gain, t.VVc), Scale(gain, t.QQc), Scale(gain, t.KKc), Scale(gain, t.VKc), ScoreVariance, EffectiveDimension, M2, Ec2,
            PairOverlap));
    }

    /// <summary>
    /// σ²_{g,in} and r_{g,in} of <see cref="Gradient"/> for h identical heads, without building the path terms: what a
    /// whole-model prediction reads.
    /// </summary>
    public GradientMoments GradientMoments(double rg, double gain, int heads)
    {
        if (Overflowed) return AttentionGradientFormulas.Overflowed(gain, ScoreVariance, EffectiveDimension).ToGradientMoments();
        var t = PathTerms(rg);
        double scale = MomentMath.Product(heads, gain);
        return Theory.GradientMoments.FromCovariance(AttentionGradientFormulas.Sanitize(Scale(scale, t.Variance)),
            AttentionGradientFormulas.Sanitize(Scale(scale, t.Covariance)));
    }

    // The path terms at r_g (before the gain γ); QQ is the field qq, independent of r_g.
    private (double VV, double KK, double VK, double VVc, double QQc, double KKc, double VKc, double Variance, double Covariance) PathTerms(double rg)
    {
        double vv = (inverseKeep - rg) * M2 + rg * Ec2;
        double kk = keyBase + rg * pairCovariance;
        double vk = valueKeyBase + rg * pairCovariance * inverseFeatures;
        double vvc = ((1 - rg) * (1 - M2) + rg * (length - Ec2)) / (length - 1);
        double qqc = rg * queryCovariance;
        // The key and cross terms' covariances follow from their variances by the exact sum rule (ATTENTION.md §5.3, §5.5).
        double kkc = -kk / (length - 1), vkc = -2 * vk / (length - 1);
        return (vv, kk, vk, vvc, qqc, kkc, vkc, vv + qq + kk + 2 * vk, vvc + qqc + kkc + vkc);
    }

    private static double Scale(double gain, double value) => MomentMath.Product(gain, value);
}
