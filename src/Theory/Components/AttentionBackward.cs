namespace SignalProp.Theory.Components;

/// <summary>Which formula gives the input-gradient moments of softmax self-attention.</summary>
public enum AttentionBackward
{
    /// <summary>
    /// The authors' value-path formula (THEORY.md §2.8): the gradient through the attention pattern's dependence on Q
    /// and K is ignored and attention is taken as uniform. Kept to reproduce the paper; it is 36–98 % low at
    /// Xavier-sized Q/K and on the authors' own grid at L ≫ d_in (ATTENTION.md §0).
    /// </summary>
    Value,

    /// <summary>
    /// Value, query and key paths with exact softmax-row functionals averaged over the row-variance law
    /// (ATTENTION.md §7, semi-analytic). Valid at any S²; about 1–2 % from Monte Carlo (ATTENTION.md §10).
    /// </summary>
    Full,

    /// <summary>
    /// The closed form of ATTENTION.md §7 (log-normal softmax limit, moment generating functions): a few µs, but only
    /// valid far from softmax saturation, V̄/(1 − 2V̄/D) &lt; ½ ln L − 1 (approximation A7); +∞ where its moment
    /// generating function diverges.
    /// </summary>
    Closed,
}
