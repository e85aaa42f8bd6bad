namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// A Gauss quadrature rule for an expectation: E[f(X)] ≈ Σᵢ Weights[i]·f(Nodes[i]), with the weights normalised to sum
/// to 1 (the rules of ATTENTION.md §6.1 and §6.3 are used for probability laws, as in <c>predict.py</c>).
/// The arrays are shared by the cache of <see cref="GaussQuadrature"/>: callers must not modify them.
/// </summary>
/// <param name="Nodes">The nodes, ascending.</param>
/// <param name="Weights">The normalised weights (Σ = 1), all positive.</param>
public sealed record QuadratureRule(double[] Nodes, double[] Weights)
{
    /// <summary>The number of nodes.</summary>
    public int Count => Nodes.Length;
}
