namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Expectations over one softmax row P = softmax(s) of L i.i.d. N(0, v) logits (ATTENTION.md §6.2,
/// <c>softmax_stats.py::row_stats</c>), with J = diag(P) − PPᵀ the softmax Jacobian, s̄ = Σ_m P_m s_m and t = s/√v.
/// </summary>
/// <param name="M1">E Σ P (= 1; a check of the quadrature, reproduced to ~4e-5 at small v by the reference grid).</param>
/// <param name="M2">m₂ = E Σ P².</param>
/// <param name="M3">m₃ = E Σ P³.</param>
/// <param name="M4">m₄ = E Σ P⁴.</param>
/// <param name="M22">m₂₂ = E (Σ P²)².</param>
/// <param name="F">F = E tr J² = m₂ − 2m₃ + m₂₂.</param>
/// <param name="H1">H₁ = E Σ_l P_l² (s_l − s̄) (cross path VK, §5.5).</param>
/// <param name="H2">H₂ = E Σ_l P_l² (1 − P_l) s_l (cross path VK with dropout, §5.5).</param>
/// <param name="G">G = E |J s|²/v = E Σ_l P_l² (t_l − t̄)² (§5.4).</param>
/// <param name="Tt">T = E Σ_l P_l² (1 − 2P_l + Σ_m P_m²) t_l² (§5.4).</param>
/// <param name="TJt">τ_J = E tᵀ J t = E[Σ P t² − (Σ P t)²] (§5.4).</param>
/// <param name="Pt2">E Σ P t² (with τ_J it gives E(Σ P t)², the forward pass's correlated direction,
/// <see cref="AttentionForwardFormulas"/>).</param>
/// <param name="P2t2">E Σ P² t² (the forward pass with attention dropout, <see cref="AttentionForwardFormulas"/>).</param>
public readonly record struct SoftmaxRowStatistics(
    double M1, double M2, double M3, double M4, double M22, double F,
    double H1, double H2, double G, double Tt, double TJt, double Pt2, double P2t2)
{
    /// <summary>The number of functionals (the table stores them in this order: M1, M2, M3, M4, M22, F, H1, H2, G, Tt, TJt, Pt2, P2t2).</summary>
    public const int Count = 13;

    /// <summary>
    /// The v → 0 limit, a uniform row P = 1/L: m_k = L^{1−k}, m₂₂ = 1/L², F = G = T = 1/L − 1/L², H₁ = H₂ = 0,
    /// τ_J = 1 − 1/L, E Σ P t² = 1, E Σ P² t² = 1/L (exact; the reference evaluates v = 1e-12 instead, which differs by its ~4e-5 quadrature offset in
    /// M1 and τ_J only).
    /// </summary>
    /// <param name="length">L ≥ 1.</param>
    public static SoftmaxRowStatistics Uniform(int length)
    {
        double l = length;
        double f = 1.0 / l - 1.0 / (l * l);
        return new SoftmaxRowStatistics(1.0, 1.0 / l, 1.0 / (l * l), 1.0 / (l * l * l), 1.0 / (l * l), f, 0.0, 0.0, f, f, 1.0 - 1.0 / l, 1.0, 1.0 / l);
    }

    internal void CopyTo(Span<double> destination)
    {
        destination[0] = M1; destination[1] = M2; destination[2] = M3; destination[3] = M4; destination[4] = M22;
        destination[5] = F; destination[6] = H1; destination[7] = H2; destination[8] = G; destination[9] = Tt; destination[10] = TJt;
        destination[11] = Pt2; destination[12] = P2t2;
    }

    internal static SoftmaxRowStatistics From(ReadOnlySpan<double> s)
        => new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12]);
}
