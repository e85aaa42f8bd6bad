using SignalProp.Theory.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Models;

/// <summary>
/// A whole Pre-LN or Post-LN encoder (or causal decoder) built from TorchSharp primitives — matmul, layer_norm,
/// softmax, elementwise activations and an explicit, generator-driven dropout — with every weight drawn from the
/// same <see cref="ModelInitialization"/> the theory uses (THEORY.md §3.1, Megatron wiring):
/// <list type="bullet">
/// <item>Pre-LN: <c>h ← λh + Drop(β·f(LN(h)))</c>; Post-LN: <c>h ← LN(λh + Drop(β·f(h)))</c>.</item>
/// <item>Attention body f: separate bias-free W_Q, W_K, W_V (d×d, split into h heads of d_h), logits q·k/√d_h
/// (optionally causally masked), softmax, attention dropout p_a, concatenation, bias-free W_O. FFN body:
/// W_1 (d×d_ff), the activation, W_2 (d_ff×d). Hidden dropout p after both.</item>
/// <item>Embedding: word (|V|×d), position (L×d) and segment tables, N(0, σ²) from the initialisation (rescaled as the
/// theory does for --input-variance), then embedding dropout.</item>
/// </list>
/// Weights are plain leaf tensors (x·W convention, W ∈ R^{d_in×d_out}) so that they can be perturbed in place and their
/// gradients read directly. Biases are zero at initialisation and therefore omitted; LayerNorm has γ = 1, β = 0.
/// </summary>
/// <remarks>
/// Dropout masks come from a <see cref="Generator"/> that <see cref="Forward"/> re-seeds from <see cref="DropoutSeed"/>
/// at every call (and one that <see cref="Embed"/> re-seeds for the embedding dropout): two forward passes on the same input draw the same masks in the same order, which is what the
/// output-change measurement (ADMIN.md §3.4) needs ("fixed generator" choice; the masks do not depend on the weights).
/// Dispose the stack to free its weights.
/// </remarks>
public sealed class TransformerStack : IDisposable
{
    private readonly List<(string Name, Tensor Weight)> weights = [];
    private readonly Generator dropoutGenerator;
    private readonly Generator embeddingDropoutGenerator;

    /// <summary>Builds the stack and draws its weights.</summary>
    /// <param name="config">The architecture (validated).</param>
    /// <param name="initialization">The σ's and residual scales, one entry per layer.</param>
    /// <param name="embedding">The theory's embedding source (its table σ's are used, so that --input-variance rescaling matches).</param>
    /// <param name="weightSeed">Seed of the weight generator.</param>
    /// <param name="dropoutSeed">Seed of the dropout-mask generator.</param>
    /// <param name="device">Device.</param>
    /// <param name="dataType">Float32 or Float64.</param>
    /// <param name="withEmbeddingTables">Create the embedding tables (token inputs).</param>
    /// <param name="causal">Causal attention mask.</param>
    /// <param name="finalLayerNorm">A final LayerNorm after the last sub-layer.</param>
    public TransformerStack(TransformerConfig config, ModelInitialization initialization, SignalProp.Theory.Components.Embedding embedding,
        ulong weightSeed, ulong dropoutSeed, Device device, ScalarType dataType, bool withEmbeddingTables, bool causal = false, bool finalLayerNorm = false)
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).EnsureValid();
        Initialization = initialization ?? throw new ArgumentNullException(nameof(initialization));
        if (initialization.Layers.Count != config.Layers)
            throw new ArgumentOutOfRangeException(nameof(initialization), initialization.Layers.Count, $"one entry per layer ({config.Layers}) expected");
        ArgumentNullException.ThrowIfNull(embedding);
        Device = device;
        DataType = dataType;
        Causal = causal;
        FinalLayerNorm = finalLayerNorm;
        DropoutSeed = dropoutSeed;
        dropoutGenerator = new Generator(dropoutSeed, device);
        embeddingDropoutGenerator = new Generator(EmbeddingDropoutSeed, device);
        _ = ActivationFunction(config.Activation.Name); // fail early on an activation torch cannot run

        using var weightGenerator = new Generator(weightSeed, device);
        int d = config.DModel, dff = config.FeedForwardWidth;
        if (withEmbeddingTables)
        {
            WordTable = Draw("embed.word", config.VocabSize, d, embedding.WordStd, weightGenerator);
            PositionTable = Draw("embed.position", config.SeqLen, d, embedding.PositionStd, weightGenerator);
            if (config.Segments > 0) SegmentTable = Draw("embed.segment", config.Segments, d, embedding.SegmentStd, weightGenerator);
        }
        var layers = new LayerWeights[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            var w = initialization.Layers[l];
            layers[l] = new LayerWeights(
                Draw($"layers.{l}.attn.q", d, d, w.QueryStd, weightGenerator),
                Draw($"layers.{l}.attn.k", d, d, w.KeyStd, weightGenerator),
                Draw($"layers.{l}.attn.v", d, d, w.ValueStd, weightGenerator),
                Draw($"layers.{l}.attn.o", d, d, w.OutputStd, weightGenerator),
                Draw($"layers.{l}.ffn.w1", d, dff, w.UpStd, weightGenerator),
                Draw($"layers.{l}.ffn.w2", dff, d, w.DownStd, weightGenerator),
                w.Attention, w.FeedForward);
        }
        Layers = layers;
    }

    /// <summary>The weights of one layer (x·W convention) and its residual scales.</summary>
    public sealed record LayerWeights(Tensor Query, Tensor Key, Tensor Value, Tensor Output, Tensor Up, Tensor Down,
        ResidualScales Attention, ResidualScales FeedForward)
    {
        /// <summary>The four attention weights.</summary>
        public Tensor[] AttentionWeights => [Query, Key, Value, Output];

        /// <summary>The two FFN weights.</summary>
        public Tensor[] FeedForwardWeights => [Up, Down];
    }

    /// <summary>The architecture.</summary>
    public TransformerConfig Config { get; }

    /// <summary>The σ's and residual scales the weights were drawn from.</summary>
    public ModelInitialization Initialization { get; }

    /// <summary>Device.</summary>
    public Device Device { get; }

    /// <summary>Float32 or Float64.</summary>
    public ScalarType DataType { get; }

    /// <summary>Causal attention mask.</summary>
    public bool Causal { get; }

    /// <summary>A final LayerNorm after the last sub-layer.</summary>
    public bool FinalLayerNorm { get; }

    /// <summary>The seed the dropout generator is reset to at every <see cref="Forward"/>.</summary>
    public ulong DropoutSeed { get; }

    /// <summary>Word table |V|×d (token inputs only).</summary>
    public Tensor? WordTable { get; }

    /// <summary>Position table L×d (token inputs only).</summary>
    public Tensor? PositionTable { get; }

    /// <summary>Segment table (token inputs with segments only).</summary>
    public Tensor? SegmentTable { get; }

    /// <summary>Per-layer weights, bottom first.</summary>
    public IReadOnlyList<LayerWeights> Layers { get; }

    /// <summary>Every weight (embedding tables included; there are no biases, LayerNorm parameters or ω), with its name.</summary>
    public IReadOnlyList<(string Name, Tensor Weight)> Weights => weights;

    /// <summary>The embedding tables that exist (word, position, segment).</summary>
    public IEnumerable<Tensor> EmbeddingWeights => new[] { WordTable, PositionTable, SegmentTable }.OfType<Tensor>();

    /// <summary>
    /// Token embedding: word[t] + position[i] (+ segment[s]), then embedding dropout. <paramref name="tokens"/> and
    /// <paramref name="segments"/> are int64 [B, L].
    /// </summary>
    public Tensor Embed(Tensor tokens, Tensor? segments)
    {
        if (WordTable is null || PositionTable is null) throw new InvalidOperationException("This stack was built without embedding tables (Gaussian inputs).");
        long length = tokens.shape[1];
        Tensor x = WordTable.index_select(0, tokens.flatten()).view(tokens.shape[0], length, Config.DModel);
        x = x + PositionTable.narrow(0, 0, length).unsqueeze(0);
        if (SegmentTable is not null && segments is not null)
            x = x + SegmentTable.index_select(0, segments.flatten()).view(tokens.shape[0], length, Config.DModel);
        embeddingDropoutGenerator.manual_seed(unchecked((long)EmbeddingDropoutSeed));
        return Dropout(x, Config.Dropout, embeddingDropoutGenerator);
    }

    /// <summary>The seed the embedding-dropout generator is reset to at every <see cref="Embed"/> (derived from <see cref="DropoutSeed"/>).</summary>
    public ulong EmbeddingDropoutSeed => SignalSampler.StreamSeed(DropoutSeed, 0);

    /// <summary>
    /// Runs the stack on a bottom-of-stream tensor <paramref name="x0"/> (shape [B, L, d]; the embedding output or a
    /// Gaussian input). Resets the dropout generator first, so repeated calls use identical masks. When
    /// <paramref name="trace"/> is given, every intermediate it asks for is recorded (the tensors stay in the caller's
    /// dispose scope and in the autograd graph).
    /// </summary>
    /// <returns>The top of the stream (after the final LayerNorm if there is one).</returns>
    public Tensor Forward(Tensor x0, StackIntermediates? trace = null)
    {
        dropoutGenerator.manual_seed(unchecked((long)DropoutSeed));
        bool pre = Config.Placement == LayerNormPlacement.PreLN;
        Tensor h = x0;
        trace?.Stream.Add(h);
        trace?.Blocks.Add(h);
        for (int l = 0; l < Config.Layers; l++)
        {
            var w = Layers[l];
            h = SubLayer(h, pre, w.Attention, x => AttentionBody(x, w, trace), trace);
            h = SubLayer(h, pre, w.FeedForward, x => FeedForwardBody(x, w), trace);
        }
        return FinalLayerNorm ? Norm(h) : h;
    }

    private Tensor SubLayer(Tensor h, bool pre, ResidualScales scales, Func<Tensor, Tensor> body, StackIntermediates? trace)
    {
        // Megatron's bias_dropout_add: λ·residual + dropout(β·f), which equals λ·residual + β·dropout(f) with the same mask.
        Tensor f = Dropout(body(pre ? Norm(h) : h), Config.Dropout);
        trace?.Blocks.Add(f);
        Tensor z = h.mul(scales.Skip).add_(f.mul(scales.Branch));
        Tensor output = pre ? z : Norm(z);
        trace?.Stream.Add(output);
        return output;
    }

    /// <summary>The attention body before its hidden dropout: W_O·concat_h softmax(q kᵀ/√d_h)·Drop_a·v.</summary>
    private Tensor AttentionBody(Tensor x, LayerWeights w, StackIntermediates? trace)
    {
        long batch = x.shape[0], length = x.shape[1];
        int heads = Config.Heads, dh = Config.HeadDim;
        Tensor Split(Tensor t) => t.view(batch, length, heads, dh).transpose(1, 2); // [B, h, L, d_h]
        Tensor q = Split(x.matmul(w.Query)), k = Split(x.matmul(w.Key)), v = Split(x.matmul(w.Value));
        Tensor logits = q.matmul(k.transpose(-2, -1)).div_(Math.Sqrt(dh));
        if (Causal)
        {
            using var mask = ones(length, length, ScalarType.Bool, x.device).triu_(1);
            logits = logits.masked_fill(mask, double.NegativeInfinity);
        }
        Tensor probabilities = softmax(logits, -1);
        trace?.Logits.Add(logits);
        trace?.Probabilities.Add(probabilities);
        Tensor context = Dropout(probabilities, Config.AttentionDropout).matmul(v); // [B, h, L, d_h]
        return context.transpose(1, 2).reshape(batch, length, Config.DModel).matmul(w.Output);
    }

    private Tensor FeedForwardBody(Tensor x, LayerWeights w) => ActivationFunction(Config.Activation.Name)(x.matmul(w.Up)).matmul(w.Down);

    private Tensor Norm(Tensor x) => nn.functional.layer_norm(x, [Config.DModel], null, null, 1e-5);

    /// <summary>Inverted dropout with a mask from the stack's generator: x·m/(1−p), m = [U &lt; 1−p] ~ Bernoulli(1−p).</summary>
    private Tensor Dropout(Tensor x, double p, Generator? generator = null)
    {
        if (p == 0) return x;
        Tensor mask;
        // m = [U < 1−p] from uniform_ (vectorised; about 3× faster on CPU than bernoulli_ with a generator).
        using (no_grad()) mask = empty_like(x, requires_grad: false).uniform_(0, 1, generator ?? dropoutGenerator).lt_(1 - p).div_(1 - p);
        return x.mul(mask);
    }

    /// <summary>
    /// Perturbs every weight in place by ±<paramref name="size"/>·sign(N(0,1)) (ADMIN.md §3.4: weights and embedding
    /// tables; there are no biases, LayerNorm parameters or ω to exclude).
    /// </summary>
    public void Perturb(double size, ulong seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed, Device);
        using var _ = no_grad();
        foreach (var (_, weight) in weights)
            weight.add_(empty_like(weight).bernoulli_(0.5, generator).mul_(2 * size).sub_(size));
    }

    /// <summary>The torch function for an activation name of <see cref="SignalProp.Theory.Formulas.ElementwiseFunction"/>.</summary>
    /// <exception cref="ArgumentException">No torch counterpart.</exception>
    public static Func<Tensor, Tensor> ActivationFunction(string name) => name switch
    {
        "relu" => t => nn.functional.relu(t),
        "gelu" => t => nn.functional.gelu(t), // exact erf form x·Φ(x), as in THEORY.md §2.4
        "silu" or "swish" => t => nn.functional.silu(t),
        "tanh" => t => t.tanh(),
        "sigmoid" => t => t.sigmoid(),
        "identity" => t => t,
        _ => throw new ArgumentException($"Activation '{name}' has no TorchSharp counterpart here.", nameof(name)),
    };

    private Tensor Draw(string name, long rows, long columns, double std, Generator generator)
    {
        Tensor weight = empty(rows, columns, DataType, Device);
        using (no_grad())
        {
            if (std > 0) weight.normal_(0, std, generator);
            else weight.zero_();
        }
        weight.requires_grad_(true);
        weights.Add((name, weight));
        return weight;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, weight) in weights) weight.Dispose();
        weights.Clear();
        dropoutGenerator.Dispose();
        embeddingDropoutGenerator.Dispose();
    }
}

/// <summary>The intermediates of one <see cref="TransformerStack.Forward"/>: stream points k = 0…2N, branch outputs, attention logits and probabilities.</summary>
public sealed class StackIntermediates
{
    /// <summary>The stream after sub-layer k (k = 0: the bottom input), 2N + 1 tensors.</summary>
    public List<Tensor> Stream { get; } = [];

    /// <summary>The branch output f after its hidden dropout and before β (the theory's s_k, ρ_k), per sub-layer (index 0: the bottom input itself).</summary>
    public List<Tensor> Blocks { get; } = [];

    /// <summary>Attention logits before softmax (after the mask), one per layer, [B, h, L, L].</summary>
    public List<Tensor> Logits { get; } = [];

    /// <summary>Attention probabilities before attention dropout, one per layer.</summary>
    public List<Tensor> Probabilities { get; } = [];
}
