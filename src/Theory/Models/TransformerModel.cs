using System.Buffers;
using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Formulas.Attention;

namespace SignalProp.Theory.Models;

/// <summary>
/// A whole transformer built from the component engine (no formula is written twice): the embedding source and, per
/// sub-layer, a Pre-LN residual <c>λx + β·body(LN(x))</c> or a Post-LN <c>LN(λx + β·body(x))</c>, with the body a
/// <see cref="MultiHeadAttention"/> or a <see cref="FeedForward"/>. <see cref="Predict()"/> runs the recurrences of
/// THEORY.md §3.2 forward and backward and reports every sub-layer.
/// </summary>
public sealed class TransformerModel
{
    // The bodies by kind, layer l's attention and FFN (sub-layers 2l + 1 and 2l + 2): the sweeps call them directly. An
    // interface call alternating between the two classes would be guarded-devirtualised by dynamic PGO for whichever
    // class its sampled profile happened to favour, so its cost would vary from one process to the next.
    private readonly MultiHeadAttention[] attentionBodies;
    private readonly FeedForward[] feedForwardBodies;
    // λ and β of each sub-layer, as residual nodes over the bare body: the recurrences only read the scales, so the
    // Pre-LN branch chain (LN → body) is built on demand by ToComponent instead of once per sub-layer here.
    private readonly Residual[] residuals;
    private readonly LayerNorm layerNorm;
    private readonly int tapeWidth;
    // κ of each body, for the Post-LN LayerNorm backward's Jensen factor (SharedNormFluctuation).
    private readonly double[] sharedNormFluctuation;

    /// <summary>Builds the model.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The configuration or initialisation is invalid, or their layer counts differ.</exception>
    public TransformerModel(TransformerConfig config, ModelInitialization initialization)
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).EnsureValid();
        Initialization = initialization ?? throw new ArgumentNullException(nameof(initialization));
        if (initialization.Layers.Count != config.Layers)
            throw Require.Fail("initialization.Layers", initialization.Layers.Count, $"one entry per layer ({config.Layers})");
        Embedding = BuildEmbedding(config, initialization);
        layerNorm = new LayerNorm(config.DModel, config.LayerNormMap);
        attentionBodies = new MultiHeadAttention[config.Layers];
        feedForwardBodies = new FeedForward[config.Layers];
        residuals = new Residual[config.SubLayers];
        var activation = new Activation(config.Activation);
        LayerInitialization? previous = null;
        for (int l = 0; l < config.Layers; l++)
        {
            var w = initialization.Layers[l];
            if (!ReferenceEquals(w, previous) && w != previous) w.EnsureValid(l);
            // Layers with the same σ's share their (immutable) bodies: schemes with constant σ's cost one build, and DSLM,
            // whose σ_v and σ_o change with depth, builds one FFN.
            attentionBodies[l] = previous is not null && SameAttention(w, previous) ? attentionBodies[l - 1]
                : new MultiHeadAttention(config.DModel, config.Heads, config.SeqLen, w.QueryStd, w.KeyStd, w.ValueStd, w.OutputStd,
                    config.AttentionDropout, config.Dropout, config.AttentionBackward);
            feedForwardBodies[l] = previous is not null && SameFeedForward(w, previous) ? feedForwardBodies[l - 1]
                : new FeedForward(config.DModel, config.FeedForwardWidth, activation, w.UpStd, w.DownStd, config.Dropout);
            residuals[2 * l] = new Residual(attentionBodies[l], w.Attention.Skip, w.Attention.Branch);
            residuals[2 * l + 1] = new Residual(feedForwardBodies[l], w.FeedForward.Skip, w.FeedForward.Branch);
            previous = w;
        }
        // Every even body is multi-head attention and every odd one an FFN: two chain shapes, so two children lists to
        // read (asking all 2000 bodies would build their lazily created children lists for nothing).
        tapeWidth = Math.Max(attentionBodies[0].Children.Count, feedForwardBodies[0].Children.Count);
        // Only the Post-LN backward reads κ; identical layers share their bodies, so compute it once per distinct body.
        sharedNormFluctuation = new double[config.SubLayers];
        if (config.Placement == LayerNormPlacement.PostLN)
            for (int k = 0; k < config.SubLayers; k++)
                sharedNormFluctuation[k] = k >= 2 && ReferenceEquals(Body(k + 1), Body(k - 1)) ? sharedNormFluctuation[k - 2] : SharedNormFluctuation.Of(Body(k + 1));
    }

    /// <summary>The architecture.</summary>
    public TransformerConfig Config { get; }

    /// <summary>The σ's and residual scales.</summary>
    public ModelInitialization Initialization { get; }

    /// <summary>The embedding source (sub-layer 0).</summary>
    public Embedding Embedding { get; }

    /// <summary>The branch body (attention or FFN) of sub-layer k = 1…2N.</summary>
    public IComponent Body(int subLayer) => (subLayer & 1) == 1 ? attentionBodies[subLayer >> 1] : feedForwardBodies[(subLayer - 1) >> 1];

    /// <summary>
    /// The whole model as one component tree, for tracing: <c>embed</c>, then <c>layers/[l]/attn</c> and
    /// <c>layers/[l]/ffn</c>, each a Pre-LN residual (<c>branch/ln</c>, <c>branch/body</c>) or a Post-LN
    /// <c>residual</c> followed by <c>ln</c>.
    /// </summary>
    public Sequential ToComponent() => new(
        ("embed", Embedding),
        ("layers", new Sequential(Enumerable.Range(0, Config.Layers).Select(l => new Named($"[{l}]",
            new Sequential(("attn", SubLayer(2 * l)), ("ffn", SubLayer(2 * l + 1))))))));

    /// <summary>
    /// The recurrences of THEORY.md §3.2: forward from the embedding, then backward from
    /// <see cref="TransformerConfig.OutputGradient"/> at the top of the stream.
    /// </summary>
    public ModelPrediction Predict()
    {
        int n = Config.SubLayers;
        // Scratch moments come from the shared array pool: a 1000-layer prediction needs ~0.5 MB of them (the tape alone is
        // 256 KB, a large-object-heap allocation), and allocating them afresh on every call cost a third of the run time
        // in page faults, zeroing and gen-2 collections.
        var forwardScratch = ArrayPool<ForwardMoments>.Shared.Rent(4 * (n + 1) + n * tapeWidth);
        var gradients = ArrayPool<GradientMoments>.Shared.Rent(n + 1);
        var gains = ArrayPool<double>.Shared.Rent(n + 1);
        var closed = Config.AttentionBackward == AttentionBackward.Closed ? ArrayPool<ClosedAttentionStatistics>.Shared.Rent(Config.Layers) : null;
        try
        {
            return Predict(forwardScratch, gradients, gains, closed);
        }
        finally
        {
            ArrayPool<ForwardMoments>.Shared.Return(forwardScratch);
            ArrayPool<GradientMoments>.Shared.Return(gradients);
            ArrayPool<double>.Shared.Return(gains);
            if (closed is not null) ArrayPool<ClosedAttentionStatistics>.Shared.Return(closed);
        }
    }

    /// <param name="forwardScratch">Room for the four per-sub-layer moment rows and the bodies' tape.</param>
    /// <param name="gradients">Room for the gradient at every sub-layer.</param>
    /// <param name="gains">Room for the body gains t_k.</param>
    /// <param name="closedStatistics">With closed attention formulas, room for each attention sub-layer's
    /// <see cref="ClosedAttentionStatistics"/>, kept from the forward sweep for the backward sweep; otherwise null.</param>
    private ModelPrediction Predict(ForwardMoments[] forwardScratch, GradientMoments[] gradients, double[] gains,
        ClosedAttentionStatistics[]? closedStatistics)
    {
        int n = Config.SubLayers;
        var stream = forwardScratch.AsSpan(0, n + 1);
        var preNorm = forwardScratch.AsSpan(n + 1, n + 1);
        var blocks = forwardScratch.AsSpan(2 * (n + 1), n + 1);
        var bodyInputs = forwardScratch.AsSpan(3 * (n + 1), n + 1);
        // The bodies' child inputs, recorded by the forward sweep so that the backward sweep does not recompute them.
        var tape = forwardScratch.AsSpan(4 * (n + 1), n * tapeWidth);
        var warnings = new List<string>();
        bool pre = Config.Placement == LayerNormPlacement.PreLN, exactLayerNorm = Config.LayerNormMap == LayerNormCorrelation.Exact;
        stream[0] = preNorm[0] = blocks[0] = bodyInputs[0] = Embedding.Forward(default);
        for (int k = 1; k <= n; k++)
        {
            // Post-LN: from the second sub-layer on, the skip input is the previous LayerNorm's output.
            var x = stream[k - 1];
            var bodyInput = pre ? layerNorm.Forward(x) : x;
            var bodyTape = tape.Slice((k - 1) * tapeWidth, tapeWidth);
            var block = BodyForward(k, bodyInput, bodyTape, closedStatistics);
            var step = Combine(Config.Placement, layerNorm, residuals[k - 1], x, bodyInput, block, skipIsNormalised: k > 1);
            (bodyInputs[k], blocks[k], preNorm[k], stream[k]) = (step.BodyInput, step.Block, step.ResidualOutput, step.Output);
            if (!stream[k].IsFinite && stream[k - 1].IsFinite)
                warnings.Add($"forward variance overflowed to +∞ at sub-layer {k}; everything above it is reported as +∞.");
        }

        gradients[n] = Config.OutputGradient;
        gains[0] = double.NaN;
        for (int k = n; k >= 1; k--)
        {
            var g = gradients[k];
            var residual = residuals[k - 1];
            var atResidualOutput = pre ? g : layerNorm.BackwardAfterResidual(stream[k - 1], residual.SkipScale, blocks[k], residual.BranchScale,
                preNorm[k], g, skipIsNormalised: k > 1, sharedNormFluctuation[k - 1]);
            // One backward pass through the body gives both the branch gradient and the gain t_k (backward maps are linear in σ_g²).
            // The probe has unit variance so that t_k is defined even for a zero or overflowed gradient.
            double b2 = residual.BranchScale * residual.BranchScale;
            var probe = atResidualOutput with { Variance = 1.0 };
            // A chain reads the first Children.Count entries of its tape slice.
            var bodyTape = tape.Slice((k - 1) * tapeWidth, tapeWidth);
            var unit = BodyBackward(k, bodyTape, probe, closedStatistics);
            gains[k] = unit.Variance;
            var atBodyInput = unit.Scale(MomentMath.Product(b2, atResidualOutput.Variance));
            var viaBranch = b2 == 0 ? new GradientMoments(0, 0) : pre ? layerNorm.Backward(stream[k - 1], atBodyInput) : atBodyInput;
            gradients[k - 1] = residual.CombineBackward(atResidualOutput, viaBranch);
            // Post-LN: the LayerNorm below projects this gradient off its feature mean and its output; how much that
            // removes depends on this sub-layer's body, so it travels with the gradient (GradientMoments.LayerNormProjection).
            // (Only the exact map's LayerNorm backward reads it: the authors' keeps the paper's plain backward.)
            if (!pre && k > 1 && exactLayerNorm)
                gradients[k - 1] = gradients[k - 1].WithLayerNormProjection(BodyProjection(k, bodyInputs[k], blocks[k], atResidualOutput.Correlation, gains[k]));
            if (!gradients[k - 1].IsFinite && gradients[k].IsFinite)
                warnings.Add($"gradient variance overflowed to +∞ at sub-layer {k - 1}.");
        }

        var rows = new SubLayerMoments[n + 1];
        double logLength = Math.Log(Config.SeqLen);
        bool instabilityReported = false;
        for (int k = 0; k <= n; k++)
        {
            var kind = k == 0 ? SubLayerKind.Embedding : k % 2 == 1 ? SubLayerKind.Attention : SubLayerKind.FeedForward;
            double score = 0;
            bool unstable = false;
            if (kind == SubLayerKind.Attention)
            {
                var a = attentionBodies[k >> 1].Attention;
                var input = bodyInputs[k];
                score = a.ScoreVariance(input);
                double r = AttentionFormulas.AbsorbMean(input).Correlation;
                unstable = (1 - r) * score > logLength;
                if (unstable && !instabilityReported)
                {
                    warnings.Add($"attention-score instability from sub-layer {k} (layer {(k - 1) / 2}): (1−r)S² = {(1 - r) * score:G4} > ln L = {logLength:G4}; " +
                                 "attention output and gradient grow like e^{(1−r)S²} and softmax entropy collapses (THEORY.md §2.8).");
                    instabilityReported = true;
                }
            }
            rows[k] = new SubLayerMoments(k, k == 0 ? -1 : (k - 1) / 2, kind, stream[k].Variance, stream[k].Correlation,
                gradients[k].Variance, gradients[k].Correlation, blocks[k].Variance, blocks[k].Correlation,
                gains[k], score, unstable, preNorm[k].Variance);
        }
        return new ModelPrediction(Config, Initialization, rows, warnings);
    }

    // Sub-layer k's body forward, recording its children's inputs (and, with closed attention formulas, the attention's
    // statistics for BodyBackward).
    private ForwardMoments BodyForward(int k, ForwardMoments input, Span<ForwardMoments> tape, ClosedAttentionStatistics[]? closedStatistics)
        => (k & 1) == 0 ? feedForwardBodies[(k - 1) >> 1].ForwardRecording(input, tape)
            : closedStatistics is null ? attentionBodies[k >> 1].ForwardRecording(input, tape)
            : attentionBodies[k >> 1].ForwardRecordingClosed(input, tape, out closedStatistics[k >> 1]);

    // Sub-layer k's body backward from its recorded tape.
    private GradientMoments BodyBackward(int k, ReadOnlySpan<ForwardMoments> tape, GradientMoments outputGradient, ClosedAttentionStatistics[]? closedStatistics)
        => (k & 1) == 0 ? feedForwardBodies[(k - 1) >> 1].BackwardRecorded(tape, outputGradient)
            : closedStatistics is null ? attentionBodies[k >> 1].BackwardRecorded(tape, outputGradient)
            : attentionBodies[k >> 1].BackwardRecordedClosed(tape, closedStatistics[k >> 1], outputGradient);

    // What the LayerNorm below sub-layer k removes from the gradient the sub-layer passes down (PostNormProjection).
    private double BodyProjection(int k, ForwardMoments bodyInput, ForwardMoments block, double gradientCorrelation, double gain)
    {
        var residual = residuals[k - 1];
        return (k & 1) == 1
            ? PostNormProjection.Of(attentionBodies[k >> 1], residual.SkipScale, residual.BranchScale, bodyInput, block, gradientCorrelation, gain)
            : PostNormProjection.Of(feedForwardBodies[(k - 1) >> 1], residual.SkipScale, residual.BranchScale, bodyInput, block, gradientCorrelation, gain);
    }

    /// <summary>
    /// One forward step of the residual stream (THEORY.md §3.2): Pre-LN z = λx + β·body(LN(x)) is the output; Post-LN
    /// z = λx + β·body(x) and the output is LN(z). <paramref name="residual"/> supplies λ and β (its branch is not re-run).
    /// </summary>
    /// <param name="placement">Pre-LN or Post-LN.</param>
    /// <param name="layerNorm">The LayerNorm.</param>
    /// <param name="body">The attention or FFN body.</param>
    /// <param name="residual">λ and β.</param>
    /// <param name="x">The stream before the sub-layer.</param>
    /// <param name="skipIsNormalised">Post-LN: x is the previous LayerNorm's output (every sub-layer but the first), see
    /// <see cref="LayerNorm.ForwardAfterResidual"/>.</param>
    public static SubLayerStep Step(LayerNormPlacement placement, LayerNorm layerNorm, IComponent body, Residual residual, ForwardMoments x,
        bool skipIsNormalised = false)
    {
        var bodyInput = placement == LayerNormPlacement.PreLN ? layerNorm.Forward(x) : x;
        return Combine(placement, layerNorm, residual, x, bodyInput, body.Forward(bodyInput), skipIsNormalised);
    }

    // The residual and, for Post-LN, the LayerNorm after it.
    private static SubLayerStep Combine(LayerNormPlacement placement, LayerNorm layerNorm, Residual residual, ForwardMoments x,
        ForwardMoments bodyInput, ForwardMoments block, bool skipIsNormalised)
    {
        var z = residual.Combine(x, block);
        return new SubLayerStep(bodyInput, block, z, placement == LayerNormPlacement.PreLN
            ? z : layerNorm.ForwardAfterResidual(x, residual.SkipScale, block, residual.BranchScale, z, skipIsNormalised));
    }

    /// <summary>Builds and predicts in one call.</summary>
    public static ModelPrediction Predict(TransformerConfig config, ModelInitialization initialization) => new TransformerModel(config, initialization).Predict();

    private IComponent SubLayer(int index)
    {
        var residual = Wrap(residuals[index]);
        return Config.Placement == LayerNormPlacement.PreLN ? residual : new PostNormSubLayer(residual, layerNorm, SkipIsNormalised: index > 0);
    }

    private Residual Wrap(Residual bare)
        => Config.Placement == LayerNormPlacement.PreLN ? bare with { Branch = new Sequential(("ln", layerNorm), ("body", bare.Branch)) } : bare;

    private static bool SameAttention(LayerInitialization a, LayerInitialization b)
        => a.QueryStd == b.QueryStd && a.KeyStd == b.KeyStd && a.ValueStd == b.ValueStd && a.OutputStd == b.OutputStd;

    private static bool SameFeedForward(LayerInitialization a, LayerInitialization b) => a.UpStd == b.UpStd && a.DownStd == b.DownStd;

    private static Embedding BuildEmbedding(TransformerConfig config, ModelInitialization init)
    {
        double word = init.WordStd, position = init.PositionStd, segment = config.Segments == 0 ? 0 : init.SegmentStd;
        if (config.InputVariance is double v)
        {
            // Keep the scheme's proportions between the tables but rescale them to the requested total variance.
            double total = word * word + position * position + segment * segment;
            double scale = total > 0 ? Math.Sqrt(v / total) : 0;
            if (total == 0) word = Math.Sqrt(v);
            else (word, position, segment) = (word * scale, position * scale, segment * scale);
        }
        var embedding = new Embedding(config.VocabSize, config.ZipfExponent, word, position, segment,
            Math.Max(1, config.Segments), config.Dropout);
        if (config.InputCorrelation is double r)
        {
            // Solve σ_E² q + σ_S² q_seg = r·Σσ² for the collision probability q that gives the requested table correlation.
            double total = word * word + position * position + segment * segment;
            double q = word == 0 ? 0 : (r * total - segment * segment / Math.Max(1, config.Segments)) / (word * word);
            if (q < 0 || q > 1)
                throw Require.Fail("input-correlation", r, $"reachable with these embedding tables: [{(segment * segment / Math.Max(1, config.Segments)) / total:G4}, {(word * word + segment * segment / Math.Max(1, config.Segments)) / total:G4}]");
            embedding = embedding with { TokenCollisionOverride = q };
        }
        return embedding;
    }
}
