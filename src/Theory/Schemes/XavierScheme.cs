using SignalProp.Theory.Models;

namespace SignalProp.Theory.Schemes;

/// <summary>
/// The authors' baseline (THEORY.md §4.4, <c>--xavier-flag-sigma</c>): embeddings √(1/d); W_Q, W_K, W_V √(2/(d+d_h));
/// W_O √(1/d); FFN W_1, W_2 √(2/(d+d_ff)) (= √(2/(5d)) for d_ff = 4d); plain residual.
/// </summary>
public sealed class XavierScheme : IInitScheme
{
    /// <inheritdoc />
    public string Name => "xavier";

    /// <inheritdoc />
    public string Description => "the authors' Xavier baseline (THEORY.md §4.4): Q/K/V √(2/(d+d_h)), O √(1/d), FFN √(2/(d+d_ff)), plain residual";

    /// <inheritdoc />
    public ModelInitialization Initialize(TransformerConfig config)
    {
        double d = config.DModel;
        double qkv = Math.Sqrt(2 / (d + config.HeadDim));
        double ffn = Math.Sqrt(2 / (d + config.FeedForwardWidth));
        var layer = new LayerInitialization(qkv, qkv, qkv, Math.Sqrt(1 / d), ffn, ffn, ResidualScales.Plain, ResidualScales.Plain);
        double emb = Math.Sqrt(1 / d);
        return new ModelInitialization(Name, emb, emb, emb, Enumerable.Repeat(layer, config.Layers).ToArray(),
            ["THEORY.md §4.4 (xavier_signal_propagation_figures, --xavier-flag-sigma)"]);
    }
}
