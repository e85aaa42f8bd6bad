using SignalProp.Theory.Models;

namespace SignalProp.Theory.Schemes;

/// <summary>
/// DeepNorm (DeepNet, Wang et al. 2022; ADMIN.md §4.5): Post-LN x ← LN(α x + f(x)) with W_V, W_O, W_1, W_2 Xavier-normal
/// with gain β and W_Q, W_K Xavier-normal with gain 1 (un-fused d→d projections). We model the encoder-only and
/// decoder-only variants of the DeepNet paper, which share the form α = (2N)^{1/4}, β = (8N)^{−1/4} for an N-layer stack
/// (DeepNet, Table/Fig. 2). The encoder–decoder constants of the admin code (α = 0.81(N⁴M)^{1/16}, β = 0.87(N⁴M)^{−1/16})
/// need a second stack and are not modelled. Embeddings as the Xavier preset.
/// </summary>
public sealed class DeepNormScheme : IInitScheme
{
    /// <inheritdoc />
    public string Name => "deepnorm";

    /// <inheritdoc />
    public string Description => "DeepNorm, encoder-/decoder-only: Post-LN, α = (2N)^¼ shortcut, β = (8N)^-¼ gain on V/O/FFN Xavier weights";

    /// <summary>α = (2N)^{1/4}.</summary>
    public static double Alpha(int layers) => Math.Pow(2.0 * layers, 0.25);

    /// <summary>β = (8N)^{−1/4}.</summary>
    public static double Beta(int layers) => Math.Pow(8.0 * layers, -0.25);

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The configuration is Pre-LN.</exception>
    public ModelInitialization Initialize(TransformerConfig config)
    {
        if (config.Placement != LayerNormPlacement.PostLN)
            throw Require.Fail("arch", "preln", "postln for DeepNorm (α scales the input of the Post-LN LayerNorm)");
        double d = config.DModel, alpha = Alpha(config.Layers), beta = Beta(config.Layers);
        double square = Math.Sqrt(2 / (d + d));
        double ffn = Math.Sqrt(2 / (d + config.FeedForwardWidth));
        var scales = new ResidualScales(alpha, 1.0);
        var layer = new LayerInitialization(square, square, beta * square, beta * square, beta * ffn, beta * ffn, scales, scales);
        double emb = Math.Sqrt(1 / d);
        return new ModelInitialization(Name, emb, emb, emb, Enumerable.Repeat(layer, config.Layers).ToArray(),
            [Description, $"α = {alpha:G6}, β = {beta:G6} for N = {config.Layers}"]);
    }
}
