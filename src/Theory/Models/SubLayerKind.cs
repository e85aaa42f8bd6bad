namespace SignalProp.Theory.Models;

/// <summary>The kind of a sub-layer of the residual stream.</summary>
public enum SubLayerKind
{
    /// <summary>Sub-layer 0: the embedding output (after embedding dropout).</summary>
    Embedding,

    /// <summary>A multi-head self-attention sub-layer.</summary>
    Attention,

    /// <summary>A feed-forward sub-layer.</summary>
    FeedForward,
}
