using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Models;

/// <summary>
/// The architecture of an encoder (or decoder-only) transformer as the theory sees it: N layers of an attention and an
/// FFN sub-layer around a residual stream of width d (THEORY.md §3.1). Defaults are the 192-layer BERT of the paper's
/// figures (THEORY.md §5.5): d = 1024, 16 heads, d_ff = 4d, L = 256, p = p_a = 0.1, ReLU, Pre-LN, 3 embedding tables.
/// Every property is validated on construction and in <c>with</c>; messages name the CLI option.
/// </summary>
public sealed record TransformerConfig
{
    /// <summary>N, the number of layers. Range: ≥ 1.</summary>
    public int Layers { get; init => field = Require.AtLeast(value, 1, "layers"); } = 192;

    /// <summary>d, the model width. Range: ≥ 2.</summary>
    public int DModel { get; init => field = Require.AtLeast(value, 2, "d-model"); } = 1024;

    /// <summary>h, the number of heads. Range: ≥ 1 and a divisor of d (checked by <see cref="EnsureValid"/>).</summary>
    public int Heads { get; init => field = Require.AtLeast(value, 1, "heads"); } = 16;

    /// <summary>d_ff, the FFN width; null means 4d. Range: ≥ 1.</summary>
    public int? DFf { get; init => field = value is int v ? Require.AtLeast(v, 1, "d-ff") : null; }

    /// <summary>L, the sequence length. Range: ≥ 2.</summary>
    public int SeqLen { get; init => field = Require.AtLeast(value, 2, "seq-len"); } = 256;

    /// <summary>p, hidden dropout (embeddings, after W_O, after the FFN). Range: [0, 1).</summary>
    public double Dropout { get; init => field = Require.DropProbability(value, "dropout"); } = 0.1;

    /// <summary>p_a, dropout on the attention probabilities. Range: [0, 1).</summary>
    public double AttentionDropout { get; init => field = Require.DropProbability(value, "attention-dropout"); } = 0.1;

    /// <summary>The FFN activation (ReLU in all of the authors' runs).</summary>
    public ElementwiseFunction Activation { get; init => field = value ?? throw new ArgumentNullException(nameof(Activation)); } = ElementwiseFunction.Relu;

    /// <summary>Pre-LN or Post-LN.</summary>
    public LayerNormPlacement Placement { get; init; } = LayerNormPlacement.PreLN;

    /// <summary>|V|, for the token collision probability of Zipf-distributed tokens. Range: ≥ 1.</summary>
    public int VocabSize { get; init => field = Require.AtLeast(value, 1, "vocab-size"); } = 30522;

    /// <summary>s, the Zipf exponent of the token distribution. Range: ≥ 0.</summary>
    public double ZipfExponent { get; init => field = Require.NonNegativeFinite(value, "zipf-exponent"); } = 1.0;

    /// <summary>Number of equiprobable segments of the token-type table; 0 for no segment table (GPT-style). Range: ≥ 0.</summary>
    public int Segments { get; init => field = Require.AtLeast(value, 0, "segments"); } = 2;

    /// <summary>
    /// An explicit token correlation of the summed embedding tables, before embedding dropout (the DSLM code's r₀ = 0.221),
    /// replacing the Zipf estimate. Range: [−1, 1].
    /// </summary>
    public double? InputCorrelation { get; init => field = value is double r ? Require.Correlation(r, "input-correlation") : null; }

    /// <summary>An explicit variance of the summed embedding tables, before embedding dropout, replacing the scheme's table σ's. Range: ≥ 0.</summary>
    public double? InputVariance { get; init => field = value is double v ? Require.NonNegativeFinite(v, "input-variance") : null; }

    /// <summary>The LayerNorm token-correlation map: the exact hypergeometric map (ATTENTION.md §11.1) by default; <see cref="LayerNormCorrelation.Authors"/> r(1−1/d) reproduces the paper.</summary>
    public LayerNormCorrelation LayerNormMap { get; init; } = LayerNormCorrelation.Exact;

    /// <summary>The attention formulas (<see cref="Components.AttentionBackward"/>): full (value, query and key paths, exact softmax statistics; ATTENTION.md) by default, value to reproduce the paper.</summary>
    public AttentionBackward AttentionBackward { get; init => field = Enum.IsDefined(value) ? value : throw Require.Fail("attention-backward", value, "value, full or closed"); } = AttentionBackward.Full;

    /// <summary>Moments of the gradient injected at the top of the residual stream (THEORY.md §3.5: σ_g² = 1, r_g = 0).</summary>
    public GradientMoments OutputGradient
    {
        get;
        init
        {
            Require.NonNegativeFinite(value.Variance, "grad-variance");
            Require.Correlation(value.Correlation, "grad-correlation");
            field = value;
        }
    } = GradientMoments.Unit;

    /// <summary>d_ff, resolved (4d when not set).</summary>
    public int FeedForwardWidth => DFf ?? 4 * DModel;

    /// <summary>d_h = d/h.</summary>
    public int HeadDim => DModel / Heads;

    /// <summary>2N, the number of residual sub-layers.</summary>
    public int SubLayers => 2 * Layers;

    /// <summary>Checks the constraints between properties (h divides d).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A constraint fails; the message names the option.</exception>
    public TransformerConfig EnsureValid()
    {
        if (DModel % Heads != 0) throw Require.Fail("heads", Heads, $"a divisor of d-model = {DModel}");
        return this;
    }

    /// <summary>
    /// This architecture with the authors' formula choices, to reproduce the paper's numbers: the LayerNorm map r(1−1/d)
    /// (THEORY.md §2.5) and the authors' attention formulas (log-normal forward, value-path backward, THEORY.md §2.8).
    /// </summary>
    public TransformerConfig AsAuthors() => this with { LayerNormMap = LayerNormCorrelation.Authors, AttentionBackward = AttentionBackward.Value };

    /// <summary>The paper's 192-layer BERT (THEORY.md §5.5) with the given placement.</summary>
    public static TransformerConfig Paper(LayerNormPlacement placement = LayerNormPlacement.PreLN) => new() { Placement = placement };

    /// <summary>A CPU-sized model: the configuration of THEORY.md §3.5 (d = 256, 4 heads, L = 128, 24 layers).</summary>
    public static TransformerConfig Small(LayerNormPlacement placement = LayerNormPlacement.PreLN)
        => new() { Layers = 24, DModel = 256, Heads = 4, SeqLen = 128, Placement = placement };
}
