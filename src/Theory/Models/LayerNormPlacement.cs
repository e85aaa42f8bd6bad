namespace SignalProp.Theory.Models;

/// <summary>Where LayerNorm sits relative to the residual connection (THEORY.md §3.1).</summary>
public enum LayerNormPlacement
{
    /// <summary>Pre-LN: h ← λh + β·f(LN(h)); the stream itself is never normalised.</summary>
    PreLN,

    /// <summary>Post-LN: h ← LN(λh + β·f(h)); every sub-layer output is normalised.</summary>
    PostLN,
}
