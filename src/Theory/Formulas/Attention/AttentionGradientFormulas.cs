namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Input-gradient moments of softmax self-attention at initialisation through the value, query and key paths
/// (ATTENTION.md; port of <c>attention/predict.py</c>). <see cref="Full(AttentionGradientInputs)"/> is the semi-analytic prediction of §7
/// (exact softmax-row functionals by the Laplace transform, averaged over the Gamma row-variance law, pair statistics
/// by the Wishart quadrature), <see cref="Closed"/> its closed-form, unsaturated limit (§7, A7), <see cref="Authors"/> the
/// value-path formula it replaces, and <see cref="MultiHead"/> the sum over heads of §9.
/// Approximations A1–A7 (ATTENTION.md §8): Gaussian weights and an independent upstream gradient (A1); token vectors
/// independent of P except along the logit direction, kept to first order in 1/D, 1/n (A2); Gamma row-variance law with
/// exact mean and variance (A3); rows i.i.d. Gaussian given v (A4, O(1/L)); isotropic Wishart₂(D) pairs with
/// independent normalisers (A5, only with r_g &gt; 0); VQ, QK cross terms dropped, VK kept to O(1/n) (A6); the closed
/// form's log-normal softmax limit (A7). Measured accuracy (§10): ≤ 2 % (p99) on the DSLM grid, ≤ 3.5 % (p99) at
/// Xavier-sized Q, K with S² ≤ 4, against 36–98 % for the value-path formula.
/// </summary>
public static class AttentionGradientFormulas
{
    /// <summary>Gamma row-variance nodes (generalised Gauss–Laguerre), as <c>predict_sha</c>'s Nv = 12.</summary>
    public const int RowVarianceNodes = 12;

    private const double NegligibleVariance = 1e-12;

    /// <summary>
    /// D = 2/relvar(v), the effective dimension of the logit field (ATTENTION.md §6.1, <c>predict.py::d_eff</c>), from the
    /// exact Wishart-product moments of the row variance v = σ̃² xᵀW_QW_KᵀW_KW_Qᵀx/d:
    /// relvar = 2[(n+1)(n+d+1) + 2 + nd]/(n²d) + 2(d + 2n + 1)/(n²d) ≈ 2/d + 4/n.
    /// </summary>
    /// <param name="inFeatures">n ≥ 1.</param>
    /// <param name="headFeatures">d ≥ 1.</param>
    public static double EffectiveDimension(int inFeatures, int headFeatures)
    {
        double n = Require.AtLeast(inFeatures, 1, "d-in"), d = Require.AtLeast(headFeatures, 1, "d-out");
        double eTr2 = (n + 1) * (n + d + 1) + 2 + n * d;
        // 2/relvar with relvar = 2[eTr2 + (d + 2n + 1)]/(n²d), written with one division (a model evaluates it twice per layer).
        return n * n * d / (eTr2 + d + 2 * n + 1);
    }

    /// <summary>
    /// The semi-analytic prediction (ATTENTION.md §7, <c>predict.py::predict_sha</c>):
    /// σ²_{g,in} = γ[VV + QQ + KK + 2VK], with
    /// VV = (1/(1−p) − r_g)M₂ + r_g Ec²,
    /// QQ = (1−r)S²ω[(1−1/D)F_q + G_q/D] + (1−r)²S²/n·[(1−1/D)(E(1−ΣP²)² + G_q + 𝗊(T_q − F_q) + 2𝗊 EΣP²(1−P)²) + τ_J²/D],
    /// KK = ωS²F_k + V̄/n·[(G_k − F_k) + 𝗊(T_k − F_k)] + r_g(L−1)cO_K,  VK = [H₁ + 𝗊H₂ + r_g(L−1)cO]/n,
    /// C_{g,in} = γ[(1−r_g)(1−M₂)/(L−1) + r_g(L − Ec²)/(L−1) + r_g(1−r)²S²/n·((1−M₂)² + (n+1)O_K) − (KK + 2VK)/(L−1)],
    /// where γ = dσ_g²σ_v², 𝗊 = p/(1−p), ω = (1 − r + rp)/(1−p), row functionals (<see cref="SoftmaxRowTable"/>) are averaged
    /// over v = V̄g, g ~ Gamma(D/2, 2/D) with 12 nodes (X_k = E[gX] for the key path), and the pair statistics
    /// (<see cref="SoftmaxPairFunctionals"/>) are computed only when r_g &gt; 0, where they enter.
    /// S² = 0 returns exactly the value-path formula <see cref="AttentionFormulas.Backward"/> (uniform attention).
    /// Cost after the per-L tables are built (BenchmarkDotNet, Release, on a shared 2-core machine at load ≈ 14, so upper
    /// bounds): ~5 µs for r_g = 0 and 30–60 µs for r_g &gt; 0, of which ~30 µs are the pair statistics (100 Wishart nodes).
    /// First use of a length L builds its row table (~75 ms CPU) and, with r_g &gt; 0, its pair table (~70–160 ms CPU).
    /// </summary>
    /// <param name="inputs">The validated inputs.</param>
    /// <exception cref="ArgumentOutOfRangeException">r or r_g below −1/(L−1) (<see cref="AttentionGradientInputs.EnsureConsistent()"/>).</exception>
    public static AttentionGradientPrediction Full(AttentionGradientInputs inputs)
        => Full(inputs, includePairs: inputs.GradientCorrelation > 0);

    /// <summary>
    /// <see cref="Full(AttentionGradientInputs)"/> with the pair statistics forced on or off (the reference's
    /// <c>pair=True</c>, e.g. to get Ec² and O at r_g = 0). Without pairs, O = 1/L and Ec² = M₂ + (L−1)/L are placeholders
    /// that enter only multiplied by r_g.
    /// </summary>
    /// <param name="inputs">The validated inputs.</param>
    /// <param name="includePairs">Compute the pair statistics (§6.3).</param>
    /// <param name="faithfulPairs">Use the slow faithful pair quadrature <see cref="SoftmaxPairFunctionals.ComputeReference"/> (test oracle) instead of the fast Mehler scheme.</param>
    public static AttentionGradientPrediction Full(AttentionGradientInputs inputs, bool includePairs, bool faithfulPairs = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        inputs.EnsureConsistent();
        double s2 = inputs.ScoreVariance;
        double de = EffectiveDimension(inputs.InFeatures, inputs.HeadFeatures);
        if (s2 == 0) return Authors(inputs) with { EffectiveDimension = de };
        if (!double.IsFinite(s2)) return Overflowed(inputs, s2, de);
        int n = inputs.InFeatures, length = inputs.Length;
        double r = inputs.InputCorrelation, p = inputs.AttentionDropout, rg = inputs.GradientCorrelation;
        double vb = (1 - r) * s2;
        double gam = inputs.Gain;
        double om = (1 - r + r * p) / (1 - p);
        double q = p / (1 - p);

        // Row averages over the Gamma row-variance law v = V̄·g (§6.1).
        var table = SoftmaxRowTable.For(length);
        double m2 = 0, fq = 0, fk = 0, oneMinusP2Sq = 0, p2OneMinusPSq = 0, h1 = 0, h2 = 0, gq = 0, gk = 0, tq = 0, tk = 0, tjt = 0;
        if (vb < NegligibleVariance)
        {
            var st = table.Evaluate(Math.Max(vb, 0));
            Accumulate(st, 1.0, 1.0);
        }
        else
        {
            var rule = GaussQuadrature.Gamma(de / 2.0, RowVarianceNodes);
            for (int i = 0; i < rule.Count; i++) Accumulate(table.Evaluate(vb * rule.Nodes[i]), rule.Nodes[i], rule.Weights[i]);
        }

        void Accumulate(SoftmaxRowStatistics st, double g, double w)
        {
            m2 += w * st.M2;
            fq += w * st.F;
            fk += w * g * st.F;
            oneMinusP2Sq += w * (1 - 2 * st.M2 + st.M22);
            p2OneMinusPSq += w * (st.M2 - 2 * st.M3 + st.M4);
            h1 += w * st.H1;
            h2 += w * st.H2;
            gq += w * st.G;
            gk += w * g * st.G;
            tq += w * st.Tt;
            tk += w * g * st.Tt;
            tjt += w * st.TJt;
        }

        // 1/D corrections (§5.4): the logit direction carries a 1/D share of the query-path gradient direction and a
        // 1/n share (input space) of the key-path one.
        double fqEff = (1 - 1 / de) * fq + gq / de;
        double corrK = vb / n * ((gk - fk) + q * (tk - fk));
        double coherent = (1 - 1 / de) * (oneMinusP2Sq + gq + q * (tq - fq) + 2 * q * p2OneMinusPSq) + tjt * tjt / de;
        double u = 1 - r;
        double vv = (1 / (1 - p) - rg) * m2;
        double qq = u * s2 * om * fqEff + u * u * s2 / n * coherent;
        double kk = om * s2 * fk + corrK;
        double vk = (h1 + q * h2) / n;

        var pair = includePairs && vb > NegligibleVariance
            ? faithfulPairs ? SoftmaxPairFunctionals.ComputeReference(vb, r, de, length) : SoftmaxPairFunctionals.Compute(vb, r, de, length)
            : SoftmaxPairStatistics.Uniform(length);
        double ec2 = m2 + (length - 1) * pair.Overlap;
        vv += rg * ec2;
        kk += rg * (length - 1) * pair.CovarianceTraceOverlap;
        vk += rg * (length - 1) * pair.CovarianceOverlap / n;

        double variance = vv + qq + kk + 2 * vk;
        double vvc = (1 - rg) * (1 - m2) / (length - 1) + rg * (length - ec2) / (length - 1);
        double qqc = rg * u * u * s2 / n * ((1 - m2) * (1 - m2) + (n + 1) * pair.TraceOverlap);
        double kkc = -kk / (length - 1);
        double vkc = -2 * vk / (length - 1);
        double covariance = vvc + qqc + kkc + vkc;
        return Sanitize(new AttentionGradientPrediction(
            Scale(gam, variance), Scale(gam, covariance), Scale(gam, vv), Scale(gam, qq), Scale(gam, kk), Scale(gam, vk),
            Scale(gam, vvc), Scale(gam, qqc), Scale(gam, kkc), Scale(gam, vkc), s2, de, m2, ec2, pair.Overlap));
    }

    /// <summary>
    /// The A7 validity criterion of the closed form (ATTENTION.md §7, §8): V̄/(1 − 2V̄/D) &lt; ½ ln L − 1 with V̄ &lt; D/2
    /// (the e^{2s}-tilted logits, mean 2v, stay well below the typical row maximum √(2v ln L)). True for V̄ = 0, where
    /// the closed form is exact.
    /// </summary>
    /// <param name="inputs">The validated inputs.</param>
    public static bool ClosedFormValid(AttentionGradientInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        double vb = inputs.MeanRowVariance;
        if (vb == 0) return true;
        double de = EffectiveDimension(inputs.InFeatures, inputs.HeadFeatures);
        if (!(vb < de / 2)) return false;
        return vb / (1 - 2 * vb / de) < 0.5 * Math.Log(inputs.Length) - 1;
    }

    /// <summary>
    /// The closed form (ATTENTION.md §7, <c>predict.py::predict_sha_closed</c>): the softmax functionals replaced by their
    /// log-normal limits m₂(v) ≈ e^v/L, F ≈ m₂(1 − m₂), G ≈ (1+v)e^v/L, H₁ ≈ ve^v/L, H₂ ≈ 2ve^v/L, O ≈ O_K ≈ Ee^c/L,
    /// averaged with the moment generating functions (κ = D/2, τ = V̄/D): Ee^v = (1 − V̄/κ)^{−κ},
    /// E[ge^v] = (1 − V̄/κ)^{−κ−1}, Ee^c = [(1 − τ(1+r))(1 + τ(1−r))]^{−D/2},
    /// E[ce^c] = Ee^c·(D/2)τ[(1+r)/(1 − τ(1+r)) − (1−r)/(1 + τ(1−r))]. Valid where <see cref="ClosedFormValid"/>;
    /// where the Gamma MGF diverges (V̄ ≥ D/2) every term is +∞ (the reference returns NaN there) — never NaN.
    /// No tables; ~0.1–0.2 µs per call. The gradient-independent part (the MGFs and every
    /// coefficient) is <see cref="ClosedAttentionStatistics"/>: the result is affine in r_g, so a whole-model prediction
    /// evaluates it once per sub-layer in its forward sweep and its backward sweep only applies the map.
    /// </summary>
    /// <param name="inputs">The validated inputs.</param>
    public static AttentionGradientPrediction Closed(AttentionGradientInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        inputs.EnsureConsistent();
        return ClosedAttentionStatistics.Of(inputs.ScoreVariance, inputs.InputCorrelation, inputs.AttentionDropout, inputs.InFeatures,
            inputs.HeadFeatures, inputs.Length).Gradient(inputs.GradientCorrelation, inputs.Gain);
    }

    /// <summary>
    /// The authors' value-path-only formula (DSLM; <c>predict.py::authors_sha</c>, THEORY.md §2.8) in this API:
    /// σ²_{g,in} = γ(1 + (L−1)r_g(1−p))/(L(1−p)), C_{g,in} = γ(1 + (L−1)r_g)/L, computed by
    /// <see cref="AttentionFormulas.Backward"/>. Path terms: VV, VVc carry everything; M₂ = 1/L, Ec² = 1, O = 1/L.
    /// </summary>
    /// <param name="inputs">The validated inputs.</param>
    public static AttentionGradientPrediction Authors(AttentionGradientInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var g = AttentionFormulas.Backward(new GradientMoments(inputs.GradientVariance, inputs.GradientCorrelation),
            inputs.HeadFeatures, inputs.Length, Math.Sqrt(inputs.ValueVariance), inputs.AttentionDropout);
        double covariance = g.TokenCovariance;
        double l = inputs.Length;
        return new AttentionGradientPrediction(g.Variance, covariance, g.Variance, 0, 0, 0, covariance, 0, 0, 0,
            inputs.ScoreVariance, EffectiveDimension(inputs.InFeatures, inputs.HeadFeatures), 1 / l, 1.0, 1 / l);
    }

    /// <summary>
    /// h heads of width d_h reading the same d_m-wide input, concatenated and projected by W_O (ATTENTION.md §9,
    /// <c>predict_mha</c>): the heads contribute independently, so the result is h × the single-head <see cref="Full(AttentionGradientInputs)"/>
    /// prediction (pattern statistics unchanged). The caller supplies the per-head inputs: n = d_m, d = d_h and the gradient
    /// reaching one head, σ²_{g,h} = d_mσ_o²σ_g²/(1−p_h), r_{g,h} = r_g(1−p_h) (<see cref="HeadGradient"/>).
    /// </summary>
    /// <param name="headInputs">One head's inputs (with the per-head gradient moments).</param>
    /// <param name="heads">h ≥ 1.</param>
    public static AttentionGradientPrediction MultiHead(AttentionGradientInputs headInputs, int heads)
    {
        Require.AtLeast(heads, 1, "heads");
        return Full(headInputs).Scale(heads);
    }

    /// <summary>
    /// The gradient reaching one head through the output projection W_O (d_m × d_m, entry variance σ_o²) and hidden
    /// dropout p_h after it (ATTENTION.md §9): σ²_{g,h} = d_mσ_o²σ_g²/(1−p_h), r_{g,h} = r_g(1−p_h).
    /// </summary>
    /// <param name="modelFeatures">d_m ≥ 1.</param>
    /// <param name="outputVariance">σ_o² ≥ 0.</param>
    /// <param name="gradient">The gradient at the block output (σ_g², r_g).</param>
    /// <param name="hiddenDropout">p_h ∈ [0, 1).</param>
    public static GradientMoments HeadGradient(int modelFeatures, double outputVariance, GradientMoments gradient, double hiddenDropout)
    {
        Require.AtLeast(modelFeatures, 1, "d-model");
        Require.NonNegativeFinite(outputVariance, "o-variance");
        Require.DropProbability(hiddenDropout, "hidden-dropout");
        return new GradientMoments(MomentMath.Product(modelFeatures * outputVariance, gradient.Variance) / (1 - hiddenDropout),
            gradient.Correlation * (1 - hiddenDropout));
    }

    /// <summary>
    /// Statistics of the attention pattern for a forward-pass correction (ATTENTION.md §5.1, §6): M₂ = E Σ P² averaged over
    /// the Gamma row-variance law of §6.1 (12 nodes, exact row functionals), and the pair overlap O = E⟨P, P′⟩ either by
    /// the Wishart pair quadrature of §6.3 (<paramref name="includePairs"/> = true, ~20 µs) or by the closed-form log-normal
    /// limit O ≈ Ee^c/L = [(1 − τ(1+r))(1 + τ(1−r))]^{−D/2}/L (τ = V̄/D, §7; valid far from saturation), capped at M₂
    /// (Cauchy–Schwarz: E⟨P, P′⟩ ≤ E|P|² for exchangeable rows) — also where that MGF diverges.
    /// </summary>
    /// <param name="scoreVarianceVbar">V̄ = (1 − r)S² ≥ 0, the mean row variance of the logits.</param>
    /// <param name="r">Input token correlation, in [−1, 1].</param>
    /// <param name="effectiveDimension">D &gt; 0 (<see cref="EffectiveDimension"/>).</param>
    /// <param name="length">L ≥ 2.</param>
    /// <param name="includePairs">Exact pair quadrature (true) or the closed-form overlap (false).</param>
    public static AttentionPatternStatistics Pattern(double scoreVarianceVbar, double r, double effectiveDimension, int length, bool includePairs)
    {
        Require.NonNegativeFinite(scoreVarianceVbar, "score-variance");
        Require.Correlation(r, "input-correlation");
        Require.PositiveFinite(effectiveDimension, "effective-dimension");
        Require.AtLeast(length, 2, "seq-len");
        var table = SoftmaxRowTable.For(length);
        double m2 = 0;
        if (scoreVarianceVbar < NegligibleVariance) m2 = table.Evaluate(scoreVarianceVbar).M2;
        else
        {
            var rule = GaussQuadrature.Gamma(effectiveDimension / 2.0, RowVarianceNodes);
            for (int i = 0; i < rule.Count; i++) m2 += rule.Weights[i] * table.Evaluate(scoreVarianceVbar * rule.Nodes[i]).M2;
        }
        double overlap;
        if (includePairs) overlap = SoftmaxPairFunctionals.Compute(scoreVarianceVbar, r, effectiveDimension, length).Overlap;
        else
        {
            overlap = Math.Min(LogNormalSoftmaxLimit.PairMoment(scoreVarianceVbar, r, effectiveDimension) / length, m2);
        }
        double l = length;
        double ec2 = m2 + (l - 1) * overlap;
        double denominator = m2 / l - 1 / (l * l);
        double column = denominator > 1e-15 / (l * l) ? (overlap / l - 1 / (l * l)) / denominator : 0.0;
        return new AttentionPatternStatistics(m2, overlap, ec2, column);
    }

    private static double Scale(double gain, double value) => MomentMath.Product(gain, value);

    // An overflowed score variance (S² = +∞) or a divergent closed-form MGF: every additive term is +∞.
    private static AttentionGradientPrediction Overflowed(AttentionGradientInputs inputs, double s2, double de) => Overflowed(inputs.Gain, s2, de);

    internal static AttentionGradientPrediction Overflowed(double gain, double s2, double de)
    {
        double inf = gain == 0 ? 0.0 : double.PositiveInfinity;
        return new AttentionGradientPrediction(inf, inf, inf, inf, inf, inf, inf, inf, inf, inf, s2, de,
            double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
    }

    // Overflow inside a sum can meet an opposite overflow (e.g. QQc = +∞ and KKc = −∞): report +∞, never NaN.
    internal static AttentionGradientPrediction Sanitize(AttentionGradientPrediction x)
        => new(Sanitize(x.Variance), Sanitize(x.Covariance), Sanitize(x.VV), Sanitize(x.QQ), Sanitize(x.KK), Sanitize(x.VK), Sanitize(x.VVc),
            Sanitize(x.QQc), Sanitize(x.KKc), Sanitize(x.VKc), x.ScoreVariance, x.EffectiveDimension, Sanitize(x.M2), Sanitize(x.Ec2), Sanitize(x.PairOverlap));

    /// <summary>NaN (an overflow meeting an opposite overflow) as +∞.</summary>
    internal static double Sanitize(double value) => double.IsNaN(value) ? double.PositiveInfinity : value;
}
