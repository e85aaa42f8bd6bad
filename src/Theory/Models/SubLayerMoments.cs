namespace SignalProp.Theory.Models;

/// <summary>
/// The moments at one point k = 0…2N of the residual stream (0 is the embedding output; 2l+1 and 2l+2 are the outputs of
/// layer l's attention and FFN sub-layers).
/// </summary>
/// <param name="SubLayer">k.</param>
/// <param name="Layer">The 0-based layer index (−1 for the embedding).</param>
/// <param name="Kind">Embedding, attention or FFN.</param>
/// <param name="ForwardVariance">σ_k², variance of the stream after this sub-layer.</param>
/// <param name="ForwardCorrelation">r_k, token correlation of the stream.</param>
/// <param name="GradientVariance">σ²_{g,k}, variance of ∂L/∂stream at this point.</param>
/// <param name="GradientCorrelation">r_{g,k}.</param>
/// <param name="BlockVariance">s_k, the variance of this sub-layer's branch output f(·) before β (the embedding's own variance at k = 0).</param>
/// <param name="BlockCorrelation">ρ_k, the token correlation of the branch output.</param>
/// <param name="BlockGradientGain">t_k, the branch's backward gain: gradient variance via the branch at its input over that at its output, at unit input variance (THEORY.md §3.3).</param>
/// <param name="ScoreVariance">S² of the attention logits (attention sub-layers; 0 otherwise).</param>
/// <param name="ScoreInstability">True when (1−r)S² &gt; ln L: the exponential term of the attention moments is no longer O(1/L) (THEORY.md §2.8).</param>
/// <param name="ResidualInputVariance">Post-LN: the variance of λx + βf before the LayerNorm (v_k); Pre-LN: equal to <paramref name="ForwardVariance"/>.</param>
public sealed record SubLayerMoments(int SubLayer, int Layer, SubLayerKind Kind, double ForwardVariance, double ForwardCorrelation,
    double GradientVariance, double GradientCorrelation, double BlockVariance, double BlockCorrelation, double BlockGradientGain,
    double ScoreVariance, bool ScoreInstability, double ResidualInputVariance);
