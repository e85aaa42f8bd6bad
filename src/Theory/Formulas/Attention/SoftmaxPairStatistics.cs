namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Expectations over two distinct attention rows P, P′ (ATTENTION.md §6.3), averaged over the pair Wishart law of
/// their logit covariances (v, c, v′) = (V̄/D)·W, with J, J′ the softmax Jacobians of the two rows.
/// </summary>
/// <param name="Overlap">O = E⟨P, P′⟩ (enters Ec² = M₂ + (L−1)O).</param>
/// <param name="TraceOverlap">O_K = E tr(J J′) (query-path covariance, §5.2).</param>
/// <param name="CovarianceOverlap">cO = E[c ⟨P, P′⟩] (cross path VK with r_g, §5.5).</param>
/// <param name="CovarianceTraceOverlap">cO_K = E[c tr(J J′)] (key path with r_g, §5.3).</param>
public readonly record struct SoftmaxPairStatistics(double Overlap, double TraceOverlap, double CovarianceOverlap, double CovarianceTraceOverlap)
{
    /// <summary>
    /// Independent uniform rows (V̄ = 0): O = 1/L, the reference's default O_K = 1/L (it is only ever multiplied by a
    /// vanishing (1−r)²S² there), cO = cO_K = 0.
    /// </summary>
    /// <param name="length">L.</param>
    public static SoftmaxPairStatistics Uniform(int length) => new(1.0 / length, 1.0 / length, 0.0, 0.0);
}
