namespace SignalProp.Theory.Models;

/// <summary>
/// Everything an initialisation scheme sets: the embedding tables' standard deviations and, per layer, every weight's
/// standard deviation and both residual scales. Produced by an <see cref="Schemes.IInitScheme"/>; every value can be
/// overridden with <see cref="WithOverrides"/>.
/// </summary>
/// <param name="Scheme">The scheme's name, e.g. <c>dslm</c>.</param>
/// <param name="WordStd">σ_E of the word table.</param>
/// <param name="PositionStd">σ_P of the position table.</param>
/// <param name="SegmentStd">σ_S of the segment (token-type) table; 0 when the model has none.</param>
/// <param name="Layers">One entry per transformer layer, bottom first.</param>
/// <param name="Notes">What the scheme did, for users (e.g. "β² = 1/N with N = 192 layers").</param>
public sealed record ModelInitialization(string Scheme, double WordStd, double PositionStd, double SegmentStd,
    IReadOnlyList<LayerInitialization> Layers, IReadOnlyList<string> Notes)
{
    /// <summary>Applies the non-null overrides to every layer (and the embedding), returning a new initialisation.</summary>
    public ModelInitialization WithOverrides(InitializationOverrides overrides)
    {
        if (overrides.IsEmpty) return this;
        var layers = Layers.Select(l => new LayerInitialization(
            overrides.QueryStd ?? l.QueryStd, overrides.KeyStd ?? l.KeyStd, overrides.ValueStd ?? l.ValueStd,
            overrides.OutputStd ?? l.OutputStd, overrides.UpStd ?? l.UpStd, overrides.DownStd ?? l.DownStd,
            new ResidualScales(overrides.Lambda ?? l.Attention.Skip, overrides.Beta ?? l.Attention.Branch),
            new ResidualScales(overrides.Lambda ?? l.FeedForward.Skip, overrides.Beta ?? l.FeedForward.Branch))).ToArray();
        return this with
        {
            WordStd = overrides.EmbeddingStd ?? WordStd,
            PositionStd = overrides.EmbeddingStd ?? PositionStd,
            SegmentStd = SegmentStd == 0 ? 0 : overrides.EmbeddingStd ?? SegmentStd,
            Layers = layers,
            Notes = [.. Notes, "overridden in every layer: " + overrides.Describe()],
        };
    }
}
