using SignalProp.Theory.Models;

namespace SignalProp.Theory.Schemes;

/// <summary>
/// The BERT/GPT default: every weight and embedding N(0, σ²) with σ = 0.02 (THEORY.md §4.4: the
/// <c>bert_wiki_pretraining</c> baseline, without the 1/√(2N) output scaling); plain residual.
/// </summary>
/// <param name="std">σ, 0.02 by default.</param>
public sealed class NormalScheme(double std = 0.02) : IInitScheme
{
    /// <summary>σ.</summary>
    public double Std { get; } = Require.NonNegativeFinite(std, "std");

    /// <inheritdoc />
    public string Name => "default";

    /// <inheritdoc />
    public string Description => $"N(0, {Std}²) for every weight and embedding (BERT/GPT style), plain residual";

    /// <inheritdoc />
    public ModelInitialization Initialize(TransformerConfig config)
    {
        var layer = new LayerInitialization(Std, Std, Std, Std, Std, Std, ResidualScales.Plain, ResidualScales.Plain);
        return new ModelInitialization(Name, Std, Std, Std, Enumerable.Repeat(layer, config.Layers).ToArray(),
            [$"σ = {Std} everywhere (THEORY.md §4.4, bert_wiki_pretraining)"]);
    }
}
