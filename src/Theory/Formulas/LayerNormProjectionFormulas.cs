namespace SignalProp.Theory.Formulas;

/// <summary>
/// How much of a gradient a Post-LN LayerNorm's backward pass removes [DERIVED, docs/theory.md "The LayerNorm backward's
/// projection"]. The backward of y = (z − mean_f z)/σ is g_z = (1/σ)(g − mean_f(g)·1 − (y·g/|y|²)·y): it projects the
/// gradient g at its output off the feature mean and off the output direction y. An isotropic gradient loses 2/d of its
/// energy (1/d each), which the LayerNorm's own Jensen factor E[1/σ²]E[σ²] = 1 + 2/(d−1) + … cancels to O(1/d²): that is
/// why <see cref="LayerNormFormulas.Backward"/> keeps everything. Inside a Post-LN stack the gradient reaching LayerNorm k
/// is g = λg' + βBᵀg' (g' the gradient at the residual sum z' = λy + βf(y) of the sub-layer above, already projected by
/// its LayerNorm off 1 and off z'; B the body's Jacobian): it is far from isotropic in both directions, and the
/// difference compounds over the stack. Each function returns d × (removed fraction of E|g|²), the unit in which an
/// isotropic gradient has 1 per direction; the LayerNorm backward multiplies by 1 − (sum)/d
/// (<see cref="Keep"/>).
/// </summary>
public static class LayerNormProjectionFormulas
{
    /// <summary>d × the removed fraction of an isotropic gradient: 1 along the feature mean plus 1 along y.</summary>
    public const double Isotropic = 2.0;

    /// <summary>1 − removed/d, the fraction of E|g|² a LayerNorm backward keeps; <paramref name="removed"/> null means
    /// an isotropic gradient (<see cref="Isotropic"/>). Clamped to [0, 1].</summary>
    /// <param name="removed">d × the removed fraction, or null.</param>
    /// <param name="features">d.</param>
    public static double Keep(double? removed, int features) => Math.Clamp(1 - (removed ?? Isotropic) / features, 0.0, 1.0);

    /// <summary>
    /// The feature-mean part: d·E[mean_f(g)²]/E[g²·] = β²t/(λ² + β²t). The skip part λg' is already mean-free (projected
    /// by the LayerNorm above), so only the branch part βBᵀg', whose variance is β²t·σ²_{g'} (t the body's backward
    /// gain) and whose features are exchangeable, brings a feature mean, with the isotropic share 1/d of its energy.
    /// Measured below the FFN sub-layers of a 48-layer Xavier Post-LN stack: measured/derived = 0.998 ± 0.009
    /// (PostNormProjectionTests).
    /// </summary>
    /// <param name="skipScaleSquared">λ².</param>
    /// <param name="branchGradientPart">β²t.</param>
    /// <returns>d × the removed fraction, in [0, 1]; 0 when λ² + β²t is 0 or not finite.</returns>
    public static double FeatureMean(double skipScaleSquared, double branchGradientPart)
    {
        double total = skipScaleSquared + branchGradientPart;
        return total > 0 && double.IsFinite(total) ? branchGradientPart / total : 0.0;
    }

    /// <summary>
    /// The output-direction part below an FFN sub-layer f = D·W₂φ(W₁y) (D the inverted dropout mask): per token
    /// y·g = β(By − f)·g' because λy·g' = −βf·g' (g' ⊥ z'), and By − f = D·W₂ψ(h) with ψ(h) = hφ'(h) − φ(h), h = W₁y.
    /// ψ ≡ 0 for an activation homogeneous of degree 1 (ReLU, identity: Euler's theorem), so nothing is removed along y
    /// (measured: &lt; 10⁻³, PostNormProjectionTests). Otherwise, with A_ψ = σ₂²d_ff·E[ψ²], A_ψφ = σ₂²d_ff·E[ψφ] over
    /// h ~ N(0, q), and the component of D·W₂ψ along ẑ' (which contains βf) taken out,
    /// d·fraction = β²[A_ψ/(1−p) − β²(A_ψφ/(1−p))²/(λ² + β²s)]/(λ² + β²t).
    /// <para>Not yet checked against a measurement for non-homogeneous activations (GeLU, SiLU, tanh, sigmoid); its
    /// share of the removal is O(β²E[ψ²]/(λ²+β²t)), below the FFN's feature-mean part for GeLU at unit q.</para>
    /// </summary>
    /// <param name="activation">φ.</param>
    /// <param name="preActivationVariance">q, the per-feature variance of h = W₁y.</param>
    /// <param name="downGain">σ₂²·d_ff, W₂'s variance gain.</param>
    /// <param name="dropout">p of the hidden dropout after W₂.</param>
    /// <param name="skipScaleSquared">λ².</param>
    /// <param name="branchScaleSquared">β².</param>
    /// <param name="branchVariance">s, the body's output variance per feature.</param>
    /// <param name="branchGradientGain">t, the body's backward gain.</param>
    public static double FeedForwardOutputDirection(ElementwiseFunction activation, double preActivationVariance, double downGain,
        double dropout, double skipScaleSquared, double branchScaleSquared, double branchVariance, double branchGradientGain)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (IsHomogeneous(activation)) return 0.0;
        var (psiSquare, psiPhi) = EulerDefect(activation, preActivationVariance);
        double keep = 1 - dropout, residual = skipScaleSquared + branchScaleSquared * branchVariance;
        double along = downGain * psiSquare / keep;
        if (residual > 0 && double.IsFinite(residual))
            along -= branchScaleSquared * Math.Pow(downGain * psiPhi / keep, 2) / residual;
        return Fraction(branchScaleSquared * Math.Max(along, 0.0), skipScaleSquared + branchScaleSquared * branchGradientGain);
    }

    /// <summary>True for the built-in activations homogeneous of degree 1 (ReLU, identity), whose Euler defect
    /// ψ = hφ'(h) − φ(h) vanishes, so <see cref="FeedForwardOutputDirection"/> is 0 without quadrature.</summary>
    public static bool IsHomogeneous(ElementwiseFunction activation)
        => ReferenceEquals(activation, ElementwiseFunction.Relu) || ReferenceEquals(activation, ElementwiseFunction.Identity);

    /// <summary>
    /// The output-direction part below a multi-head attention sub-layer f = D·W_O·softmax(QKᵀ/√d_h)·V at a LayerNorm
    /// output y (token correlation r, unit variance) [DERIVED, docs/theory.md]. Per token,
    /// y_i·g_i = β·Σ_b u_b·g̃_b with u_b ∈ output space the coefficient of the (dropout-masked) gradient g̃_b: the value path
    /// Σ_j A_ji v_i·g̃_j, the query path Σ_l A_il(s_il − s̄_i)v_l·g̃_i, the key path Σ_j A_ji s_ji(v_i − f_j)·g̃_j and the
    /// skip's −f_i·g̃_i (λy·g' = −βf·g'), v = W_O W_V y. Averaging W_OW_V (second moments only) and the gradient (variance
    /// σ²_{g'}, token correlation r_g, r_{g,h} = r_g(1−p) after the mask), with the shared part v̄ of the values and the
    /// token parts separated, and the softmax in its log-normal limit (P_ji ≈ e^{u_ji − v/2}/L, u the centred logit,
    /// row variance v = (1−r)S², its column-shared part rv; the row constants α + β_j of the logits, variance rS², appear
    /// through the key path's uncentred s_ji):
    /// <code>
    /// Q = r[κ_D(1 + m₂) + r_{g,h}κ_X(E(c−1)² − 1 − m₂)] + (1−r)[(1 − r_{g,h})m₂T₂ + r_{g,h}E(c+K)²]
    /// m₂ = e^v/L, E(c−1)² = e^{rv} − 1 + m₂, E(c+K)² = e^{rv}[(1 + v + rv)² + rv + r²S²], T₂ = (1+2v)² + v + rS²
    /// </code>
    /// (c = Σ_j P_ji the column sum, K = Σ_j P_ji s_ji). The gradient g' is orthogonal to ẑ' = (λy + βf)/|z'| and f is
    /// mostly the shared value v̄, so the shared part keeps κ_D = 1 − β²s̄/((1−p)n₁) on one token and
    /// κ_X = 1 − (2 − r_z)β²s̄/n₁ between tokens (n₁ = λ² + β²s, r_z = (λ²r + β²sρ_f)/n₁ the token correlation of z',
    /// s̄ = s(1−p)·r/(r + (1−r)m₂/(1−p_a)) the shared value variance per feature). Then
    /// d·fraction = β²·G·Q/((1−p)(λ² + β²t)), G = dσ_v²·dσ_o² the value–output variance gain.
    /// <para>Measured (48-layer Xavier Post-LN, d = 256, L = 128, PostNormProjectionTests): 0.48 predicted mid-stack
    /// against 0.48–0.62 measured, 0.61/0.61 at the top (r_g = 0), 2.60/2.41 at the bottom (r = 0.41); summed over the
    /// stack's attention LayerNorms (mean and output parts) 52.6 against 54.9. Validity: the log-normal softmax limit,
    /// v below ½ln L − 1 (ATTENTION.md §7); beyond it m₂ and the column sums are overestimated.</para>
    /// </summary>
    /// <param name="inputCorrelation">r of the attention input (a LayerNorm output); negative values count as 0.</param>
    /// <param name="scoreVariance">S², the logit variance at r = 0 (<see cref="Components.SelfAttention.ScoreVariance"/>).</param>
    /// <param name="length">L.</param>
    /// <param name="valueOutputGain">G = d·σ_v²·d·σ_o².</param>
    /// <param name="dropout">p, the hidden dropout after W_O.</param>
    /// <param name="attentionDropout">p_a, the dropout on the attention probabilities.</param>
    /// <param name="gradientCorrelation">r_g of the gradient at the residual sum above.</param>
    /// <param name="skipScaleSquared">λ².</param>
    /// <param name="branchScaleSquared">β².</param>
    /// <param name="branchVariance">s, the attention output variance per feature.</param>
    /// <param name="branchCorrelation">ρ_f, the attention output's token correlation.</param>
    /// <param name="branchGradientGain">t, the attention body's backward gain.</param>
    public static double AttentionOutputDirection(double inputCorrelation, double scoreVariance, int length, double valueOutputGain,
        double dropout, double attentionDropout, double gradientCorrelation, double skipScaleSquared, double branchScaleSquared,
        double branchVariance, double branchCorrelation, double branchGradientGain)
    {
        double r = Math.Clamp(inputCorrelation, 0.0, 1.0), rg = Math.Clamp(gradientCorrelation, 0.0, 1.0) * (1 - dropout);
        double v = (1 - r) * scoreVariance, rv = r * v, m2 = Math.Exp(v) / length, shared = Math.Exp(rv);
        double n1 = skipScaleSquared + branchScaleSquared * branchVariance;
        double kappaD = 1, kappaX = 1;
        if (n1 > 0 && double.IsFinite(n1) && r > 0)
        {
            double sharedValue = branchVariance * (1 - dropout) * r / (r + (1 - r) * m2 / (1 - attentionDropout));
            double rz = (skipScaleSquared * r + branchScaleSquared * branchVariance * Math.Max(branchCorrelation, 0)) / n1;
            kappaD = Math.Max(1 - branchScaleSquared * sharedValue / ((1 - dropout) * n1), 0);
            kappaX = Math.Max(1 - (2 - rz) * branchScaleSquared * sharedValue / n1, 0);
        }
        double columnSpread = shared - 1 + m2;
        double keyed = 1 + v + rv, columnWithKeys = shared * (keyed * keyed + rv + r * r * scoreVariance);
        double diagonal = (1 + 2 * v) * (1 + 2 * v) + v + r * scoreVariance;
        double q = r * (kappaD * (1 + m2) + rg * kappaX * (columnSpread - 1 - m2))
                   + (1 - r) * ((1 - rg) * m2 * diagonal + rg * columnWithKeys);
        return Fraction(branchScaleSquared * valueOutputGain * Math.Max(q, 0) / (1 - dropout),
            skipScaleSquared + branchScaleSquared * branchGradientGain);
    }

    // removed energy / total energy, both per σ²_{g'}; +∞ when the removal overflows (the caller clamps the keep to 0).
    private static double Fraction(double removed, double total)
        => total > 0 && double.IsFinite(total) ? (double.IsNaN(removed) ? double.PositiveInfinity : removed / total) : 0.0;

    // (E[ψ²], E[ψφ]) over h ~ N(0, q), ψ = hφ'(h) − φ(h); the last evaluation is kept (a model has one q per width).
    private static (double PsiSquare, double PsiPhi) EulerDefect(ElementwiseFunction activation, double variance)
    {
        if (lastDefect is { } last && ReferenceEquals(last.Activation, activation) && last.Variance == variance) return (last.PsiSquare, last.PsiPhi);
        double std = Math.Sqrt(Math.Max(variance, 0));
        double Psi(double h) => h * activation.Slope(h) - activation.Value(h);
        double psiSquare = GaussianExpectation.Of(h => Psi(h) * Psi(h), 0, std, activation.Kinks);
        double psiPhi = GaussianExpectation.Of(h => Psi(h) * activation.Value(h), 0, std, activation.Kinks);
        lastDefect = new DefectEntry(activation, variance, psiSquare, psiPhi);
        return (psiSquare, psiPhi);
    }

    private sealed record DefectEntry(ElementwiseFunction Activation, double Variance, double PsiSquare, double PsiPhi);

    private static DefectEntry? lastDefect;
}
