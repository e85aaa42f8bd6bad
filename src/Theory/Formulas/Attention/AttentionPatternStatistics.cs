namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Statistics of the attention pattern P at initialisation (ATTENTION.md §5.1, §6), for a forward-pass correction:
/// the second moment of a row and the overlap of two rows, averaged over the row-variance (Gamma) and pair (Wishart) laws.
/// </summary>
/// <param name="M2">M₂ = E Σ_l P_il² (row average, Gamma law of §6.1, 12 nodes); 1/L for uniform attention.</param>
/// <param name="PairOverlap">O = E⟨P_i, P_j⟩, i ≠ j (§6.3); 1/L for independent uniform rows.</param>
/// <param name="Ec2">Ec² = E(Σ_j P_ji)² = M₂ + (L−1)O, the second moment of a column sum (A.4).</param>
/// <param name="ColumnCorrelation">Corr(P_il, P_jl) = (O/L − 1/L²)/(M₂/L − 1/L²) (§11.2); 0 when M₂ = 1/L.</param>
public readonly record struct AttentionPatternStatistics(double M2, double PairOverlap, double Ec2, double ColumnCorrelation);
