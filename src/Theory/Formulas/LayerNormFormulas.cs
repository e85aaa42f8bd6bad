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
    /// The Jensen factor of a Post-LN LayerNorm's backward pass, J = E[1/σ²_{z,i}]·E[σ²_{z,i}], when its input is
    /// z = λx + βf with f a zero-mean branch of per-feature variance s and token correlation ρ_f [DERIVED]. Each token's
    /// gradient is divided by its own σ_{z,i}, and the gradient arriving from above is uncorrelated with it (measured:
    /// E[q/s²]/(E[q]E[1/s²]) = 1 within 4 s.e. at every LayerNorm of a 48-layer stack, PostNormProjectionTests), so the
    /// expected gradient variance below is E[σ²_g]·E[1/σ²_{z,i}] where <see cref="Backward"/> has σ²_g/E[σ²_z];
    /// J ≈ 1 + CV²(|z_i|²). With m = d − 1 centred features, a = λ², b = β²s, n₁ = a + b, |z_i|² = |λx_i|² + 2λβx_i·f_i +
    /// β²|f_i|², E(x_i·f_i)² = m·a·b (f's weights are independent of x) and, with f_i = √ρ_f·w + √(1−ρ_f)·w_i (w shared by
    /// the sequence, κ = CV²(|w|²) over the weight draw), Var|f_i|²/s² = 2m + (m²κ − 2m)ρ_f², so
    /// <code>J = 1 + (4ab + 2b² + (mκ − 2)b²ρ_f² [+ 2a² when x is not normalised])/(m n₁²)</code>
    /// κ = 2/m for one Gaussian map reduces the bracket to the per-token E[ε²] of <see cref="NormalisedSkipCorrelation"/>;
    /// for the bodies κ = Σ 2/w_i over their random maps (<c>SharedNormFluctuation</c>). When the skip x is a LayerNorm
    /// output its norm is fixed; otherwise (the first Post-LN sub-layer, Gaussian x) it adds 2a²: for b = 0 that is the
    /// Gaussian LayerNorm's m/(m−2) ≈ 1 + 2/m, which the isotropic projection's 1 − 2/d cancels
    /// (<see cref="LayerNormProjectionFormulas"/>).
    /// <para>Measured (48-layer Xavier Post-LN, d = 256): the products over the stack are 1.94 per token and 1.68 per
    /// sequence (σ²_z averaged over a sequence's tokens first, the form this factor had before); with the projection the
    /// per-token factor is the one that reproduces the gradient (docs/verification.md, "Deep Post-LN gradient variance").
    /// Negligible for DSLM (b ≪ a).</para>
    /// </summary>
    /// <param name="skipScaleSquared">a = λ² (times the skip's per-feature variance, 1 for a LayerNorm output).</param>
    /// <param name="branchVariance">b = β²s, the branch's contribution to z's per-feature variance.</param>
    /// <param name="branchCorrelation">ρ_f of the branch output (negative values count as 0: no shared vector).</param>
    /// <param name="features">d ≥ 2.</param>
    /// <param name="sharedNormRelativeVariance">κ; default 2/(d − 1), one Gaussian map.</param>
    /// <param name="skipIsNormalised">True when x is a LayerNorm output (fixed norm); false for a Gaussian skip.</param>
    /// <returns>The factor ≥ 1 that multiplies σ²_g/E[σ²_z]; 1 when n₁ is 0 or not finite.</returns>
    public static double ResidualJensenFactor(double skipScaleSquared, double branchVariance, double branchCorrelation, int features,
        double? sharedNormRelativeVariance = null, bool skipIsNormalised = true)
    {
        double a = skipScaleSquared, b = branchVariance, n1 = a + b, m = features - 1;
        if (!(n1 > 0) || !double.IsFinite(n1)) return 1.0;
        double kappa = sharedNormRelativeVariance ?? 2.0 / m;
        double rho = Math.Max(branchCorrelation, 0);
        double skipFluctuation = skipIsNormalised ? 0.0 : 2 * a * a;
        return 1.0 + (skipFluctuation + 4 * a * b + 2 * b * b + (m * kappa - 2) * b * b * rho * rho) / (m * n1 * n1);
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
