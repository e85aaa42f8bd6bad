using SignalProp.Theory.Composition;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Components;

/// <summary>
/// κ = CV²(|f(u)|²) over the weight draw for a token-shared input vector u: the relative variance of the squared norm of
/// a body's output when every token carries the same vector [DERIVED]. A random linear map of output width w multiplies
/// |u|² by an independent χ²_w/w factor (relative variance 2/w); a chain of independent maps multiplies these factors, so
/// to first order κ = Σ 2/w_i. Elementwise maps (activations, dropout on the shared part) and LayerNorm add nothing at this
/// order. Used by the Post-LN LayerNorm backward's Jensen factor (<see cref="LayerNormFormulas.ResidualJensenFactor"/>).
/// </summary>
public static class SharedNormFluctuation
{
    /// <summary>κ of <paramref name="body"/>: multi-head attention 2/d (W_V over all heads) + 2/d (W_O); FFN 2/d_ff + 2/d;
    /// a linear layer 2/d_out; a chain the sum over its children; anything else 0.</summary>
    /// <param name="body">The residual branch's body.</param>
    /// <returns>κ ≥ 0.</returns>
    public static double Of(IComponent body) => body switch
    {
        MultiHeadAttention mha => Of(mha.Attention) + Of(mha.Output),
        FeedForward ffn => Of(ffn.Up) + Of(ffn.Down),
        Linear linear => 2.0 / linear.OutFeatures,
        SelfAttention attention when attention.ValueStd is not null => 2.0 / attention.TotalOutFeatures,
        IComposite composite => composite.Children.Sum(c => Of(c.Component)),
        _ => 0.0,
    };
}
