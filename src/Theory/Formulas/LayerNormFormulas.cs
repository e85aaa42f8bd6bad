using MathNet.Numerics;

namespace SignalProp.Theory.Formulas;

/// <summary>
/// Moments through LayerNorm over d features at initialisation (γ = 1, β = 0). Source: THEORY.md §2.5 (the authors'
/// <c>simulations/layernorm.py</c>) and ATTENTION.md §11.1 (exact token-correlation map).
/// </summary>
public static class LayerNormFormulas
{
    /// <summary>
    /// The authors' token-correlation map r_out = r(1 − 1/d) (THEORY.md §2.5). Slightly pessimistic, and wrong at r → 1.
    /// </summary>
    public static double AuthorsCorrelation(double correlation, int features) => correlation * (1.0 - 1.0 / features);

    /// <summary>
    /// The exact token-correlation map for i.i.d. Gaussian features (ATTENTION.md §11.1):
    /// r_out = r · Γ((m+1)/2)² / (Γ(m/2) Γ(m/2+1)) · ₂F₁(1/2, 1/2; m/2+1; r²), with m = d − 1 — the mean cosine of
    /// two m-dimensional Gaussian vectors with component correlation r. r_out(±1) = ±1;
    /// r_out = r[1 − (1−r²)/(2m) + O(m⁻²)].
    /// </summary>
    public static double ExactCorrelation(double correlation, int features)
    {
        double r = correlation;
        if (Math.Abs(r) >= 1.0) return Math.Sign(r);
        if (r == 0) return 0.0;
        double m = features - 1;
        return Math.Clamp(r * Prefactor(features) * Hypergeometric.TwoF1(0.5, 0.5, m / 2 + 1, r * r), -1.0, 1.0);
    }

    /// <summary>
    /// Γ((m+1)/2)²/(Γ(m/2)Γ(m/2+1)), m = d − 1: three log-gamma evaluations that dominate the map's cost, so a whole model
    /// (one LayerNorm width, thousands of calls) keeps the last one.
    /// </summary>
    private static double Prefactor(int features)
    {
        // An immutable entry swapped atomically: thread-safe without a [ThreadStatic] lookup on every call.
        if (lastPrefactor is { } last && last.Features == features) return last.Value;
        double m = features - 1;
        double value = Math.Exp(2 * SpecialFunctions.GammaLn((m + 1) / 2) - SpecialFunctions.GammaLn(m / 2) - SpecialFunctions.GammaLn(m / 2 + 1));
        lastPrefactor = new PrefactorEntry(features, value);
        return value;
    }

    private sealed record PrefactorEntry(int Features, double Value);

    private static PrefactorEntry? lastPrefactor;

    /// <summary>
    /// The exact map's Jensen correction for a Post-LN LayerNorm whose input is z = λx + βf with x the previous
    /// LayerNorm's output (fixed norm, per-feature variance 1, token correlation r_x) and f a zero-mean Gaussian branch
    /// independent of x (per-feature variance s, token correlation ρ_f) [DERIVED]. The exact map r[1 − (1−r²)/(2m)] is
    /// the O(1/m) effect of dividing by the fluctuating norms of Gaussian tokens; here only the branch part fluctuates.
    /// With |z_i|² = N(1 + ε_i), N = m(λ² + β²s), cos = C(1+ε_i)^{−½}(1+ε_j)^{−½}, C = z_i·z_j/N, to second order
    /// r_out = r − E[Cε] + ¾r E[ε²] + ¼r E[ε_iε_j], with (a = λ², b = β²s, n₁ = a + b)
    /// E[ε²] = (4ab + 2b²)/(m n₁²), E[ε_iε_j] = (4ab r_xρ_f + 2b²ρ_f²)/(m n₁²), E[Cε] = (2ab(ρ_f + r_x) + 2b²ρ_f)/(m n₁²),
    /// r = (a r_x + bρ_f)/n₁. At λ = 0 it is the expansion of the exact map; at β = 0 it leaves r unchanged.
    /// Measured: a 48-layer DSLM Post-LN model (d = 256) ends at r = 0.672; the exact map gives 0.623, this map, applied
    /// at every Post-LN LayerNorm after the first, 0.667 (max error 0.011 over the stack; docs/theory.md). Used through
    /// <see cref="Components.LayerNorm.ForwardAfterResidual"/> by the model, its component tree, the solver and Admin's profile.
    /// </summary>
    /// <param name="skipCorrelation">r_x of the normalised skip input.</param>
    /// <param name="skipScaleSquared">λ².</param>
    /// <param name="branchVariance">β²s, the scaled branch variance per feature.</param>
    /// <param name="branchCorrelation">ρ_f.</param>
    /// <param name="features">d (m = d − 1 after centering).</param>
    public static double NormalisedSkipCorrelation(double skipCorrelation, double skipScaleSquared, double branchVariance,
        double branchCorrelation, int features)
    {
        double a = skipScaleSquared, b = branchVariance, n1 = a + b, m = features - 1;
        if (!(n1 > 0) || !double.IsFinite(n1)) return ExactCorrelation(double.IsFinite(b) ? skipCorrelation : branchCorrelation, features);
        double r = (a * skipCorrelation + b * branchCorrelation) / n1;
        double scale = m * n1 * n1;
        double e2 = (4 * a * b + 2 * b * b) / scale;
        double eij = (4 * a * b * skipCorrelation * branchCorrelation + 2 * b * b * branchCorrelation * branchCorrelation) / scale;
        double ce = (2 * a * b * (branchCorrelation + skipCorrelation) + 2 * b * b * branchCorrelation) / scale;
        return Math.Clamp(r - ce + 0.75 * r * e2 + 0.25 * r * eij, -1.0, 1.0);
    }

    /// <summary>
    /// The Jensen factor of a Post-LN LayerNorm's backward pass when its input is z = λx + βf with x the previous
    /// LayerNorm's output (fixed norm, token correlation r_x) and f a zero-mean branch independent of x (per-feature
    /// variance s, token correlation ρ_f) [DERIVED]: the gradient below is E[σ²_g]·E[1/σ²_z], not σ²_g/E[σ²_z]. What
    /// fluctuates is the sequence's normaliser: the token-shared half of the gradient is re-formed at every attention
    /// sub-layer as a mean over tokens, in which each token's own fluctuation averages out, so the measured factor is that
    /// of σ̄²_z, z's variance averaged over the sequence's tokens. With x_i = √r_x·u + …, f_i = √(ρ_f s)·w + … (u, w shared,
    /// m = d − 1 features), σ̄²_z = n₁ + (2λβ/m)√(r_xρ_f s)·u·w + (β²ρ_f s/m)(|w|² − m) + O(1/L), so with a = λ², b = β²s,
    /// n₁ = a + b: E[1/σ̄²_z]·n₁ ≈ 1 + CV², CV² = (4ab·r_xρ_f + m κ b²ρ_f²)/(m n₁²), where κ = CV²(|w|²) is the relative
    /// variance of the shared branch vector's squared norm over the weight draw: 2/m for one Gaussian map, and for a chain
    /// of independent random linear maps of output widths w_i (the shared vector passes each as one vector)
    /// κ = Σ 2/w_i — attention (W_V, W_O) 4/d, the FFN (W_1, W_2) 2/d_ff + 2/d (<c>SharedNormFluctuation</c>).
    /// With κ = 2/m it is the sequence-level part of <see cref="NormalisedSkipCorrelation"/>'s E[ε²] = (4ab + 2b²)/(m n₁²).
    /// Measured (48-layer Xavier Post-LN, d = 256): the gradient at the bottom of the stream is 1.52 ± 0.13 times the
    /// recurrence without this factor; the per-sequence E[1/σ̄²_z]E[σ̄²_z] measured at each sub-layer is 1.0076 (attention)
    /// and 1.0028 (FFN), where this gives 1.0075 and 1.0026 (PostNormJensenFactorTests; docs/verification.md, "Deep Post-LN
    /// gradient variance"). Negligible for DSLM (b ≪ a).
    /// <para>Known to be incomplete (measured, docs/verification.md "What it is"): the gradient reaching the LayerNorm is
    /// uncorrelated with the normaliser, so the factor that applies is the per-token one (1.94 over that stack, not the
    /// 1.68 of this per-sequence form), and the LayerNorm backward's projection (feature mean and output direction,
    /// ignored by <see cref="Backward"/>) removes 0.76 of the gradient over the stack. This factor matched the excess
    /// because the two omissions nearly cancel; with both it is 12 ± 6 % high at the bottom of that stack.</para>
    /// </summary>
    /// <param name="skipCorrelation">r_x of the normalised skip input.</param>
    /// <param name="skipScaleSquared">a = λ² (times the skip's per-feature variance, 1 for a LayerNorm output).</param>
    /// <param name="branchVariance">b = β²s, the branch's contribution to z's per-feature variance.</param>
    /// <param name="branchCorrelation">ρ_f of the branch output.</param>
    /// <param name="features">d ≥ 2.</param>
    /// <param name="sharedNormRelativeVariance">κ; default 2/(d − 1), one Gaussian map.</param>
    /// <returns>The factor ≥ 1 that multiplies σ²_g/E[σ²_z]; 1 when n₁ is 0 or not finite.</returns>
    public static double NormalisedSkipGradientFactor(double skipCorrelation, double skipScaleSquared, double branchVariance,
        double branchCorrelation, int features, double? sharedNormRelativeVariance = null)
    {
        double a = skipScaleSquared, b = branchVariance, n1 = a + b, m = features - 1;
        if (!(n1 > 0) || !double.IsFinite(n1)) return 1.0;
        double kappa = sharedNormRelativeVariance ?? 2.0 / m;
        // Negative shared parts (anti-correlated tokens) do not form a shared normaliser: only ρ_f, r_x ≥ 0 count.
        double rho = Math.Max(branchCorrelation, 0), rx = Math.Max(skipCorrelation, 0);
        return 1.0 + (4 * a * b * rx * rho + m * kappa * b * b * rho * rho) / (m * n1 * n1);
    }

    /// <summary>Feature–feature covariance within one token after LayerNorm: −1/(d−1), exact (rows sum to 0 and have squared norm d).</summary>
    public static double FeatureCovariance(int features) => -1.0 / (features - 1);

    /// <summary>Forward: μ_out = 0, σ²_out = 1, r_out by the chosen map. The output is treated as Gaussian.</summary>
    public static ForwardMoments Forward(double correlation, int features, LayerNormCorrelation map)
        => new(0.0, 1.0, map switch
        {
            LayerNormCorrelation.Authors => AuthorsCorrelation(correlation, features),
            LayerNormCorrelation.Exact => ExactCorrelation(correlation, features),
            _ => correlation,
        });

    /// <summary>Backward: σ²_{g,in} = σ²_{g,out}/σ_x² (σ_x² the input variance), r_{g,in} = r_{g,out}.</summary>
    public static GradientMoments Backward(double inputVariance, GradientMoments g)
        => new(inputVariance == 0 ? double.PositiveInfinity : g.Variance / inputVariance, g.Correlation);
}
