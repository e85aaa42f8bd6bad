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
    /// (one LayerNorm width, thousands of calls) keeps the last one per thread.
    /// </summary>
    private static double Prefactor(int features)
    {
        if (prefactorFeatures == features) return prefactor;
        double m = features - 1;
        double value = Math.Exp(2 * SpecialFunctions.GammaLn((m + 1) / 2) - SpecialFunctions.GammaLn(m / 2) - SpecialFunctions.GammaLn(m / 2 + 1));
        (prefactorFeatures, prefactor) = (features, value);
        return value;
    }

    [ThreadStatic] private static int prefactorFeatures;
    [ThreadStatic] private static double prefactor;

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
