using System.Diagnostics;
using SignalProp.Theory.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Models;

/// <summary>The measurements of one replica at every stream point k = 0…2N (NaN where a quantity does not exist).</summary>
public sealed class ReplicaMeasurement
{
    /// <summary>Creates empty (NaN) arrays for 2N + 1 points.</summary>
    public ReplicaMeasurement(int points)
    {
        double[] Nan() => Enumerable.Repeat(double.NaN, points).ToArray();
        ForwardVariance = Nan(); ForwardCorrelation = Nan(); GradientVariance = Nan(); GradientCorrelation = Nan();
        BlockVariance = Nan(); BlockCorrelation = Nan(); ScoreVariance = Nan(); AttentionEntropy = Nan();
        WeightGradientNorm = Nan(); OutputChange = Nan();
    }

    /// <summary>σ_k² of the stream.</summary>
    public double[] ForwardVariance { get; }
    /// <summary>r_k of the stream (mean off-diagonal token covariance / variance).</summary>
    public double[] ForwardCorrelation { get; }
    /// <summary>σ²_{g,k} of ∂L/∂stream.</summary>
    public double[] GradientVariance { get; }
    /// <summary>r_{g,k}.</summary>
    public double[] GradientCorrelation { get; }
    /// <summary>s_k, the branch output variance (after its dropout, before β).</summary>
    public double[] BlockVariance { get; }
    /// <summary>ρ_k.</summary>
    public double[] BlockCorrelation { get; }
    /// <summary>Variance of the attention logits (attention sub-layers).</summary>
    public double[] ScoreVariance { get; }
    /// <summary>Mean softmax entropy −Σ p ln p per row (attention sub-layers), in nats.</summary>
    public double[] AttentionEntropy { get; }
    /// <summary>‖∂L/∂W‖_F over the sub-layer's weights (embedding tables at k = 0 for token inputs).</summary>
    public double[] WeightGradientNorm { get; }
    /// <summary>Admin's output change at the stream point: Σ_i ‖Δx_i‖² per sequence (mean over the batch).</summary>
    public double[] OutputChange { get; }
    /// <summary>Wall time of the forward + backward pass (s).</summary>
    public double ForwardBackwardSeconds { get; set; }
    /// <summary>Wall time of the whole replica (s): weights, inputs, passes, perturbed pass, measurements.</summary>
    public double TotalSeconds { get; set; }
}

/// <summary>One quantity at one stream point: the replicas' mean ± standard error, and the theory's value (NaN if none).</summary>
public readonly record struct Comparison(MeasuredValue Measured, double Predicted)
{
    /// <summary>|measured − predicted| / |predicted|.</summary>
    public double RelativeError => Math.Abs(Measured.Mean - Predicted) / Math.Abs(Predicted);

    /// <summary>|measured − predicted|.</summary>
    public double AbsoluteError => Math.Abs(Measured.Mean - Predicted);
}

/// <summary>A stream point k of a simulation joined to the theory's row k.</summary>
public sealed record SimulatedSubLayer(int SubLayer, int Layer, SubLayerKind Kind,
    Comparison ForwardVariance, Comparison ForwardCorrelation, Comparison GradientVariance, Comparison GradientCorrelation,
    Comparison BlockVariance, Comparison BlockCorrelation, Comparison ScoreVariance, MeasuredValue AttentionEntropy,
    MeasuredValue WeightGradientNorm, Comparison OutputChange);

/// <summary>The result of <see cref="ModelSimulation.Run"/>.</summary>
/// <param name="Prediction">The theory's prediction for the same configuration and initialisation.</param>
/// <param name="Options">The run options.</param>
/// <param name="Rows">2N + 1 joined rows.</param>
/// <param name="Replicas">The raw per-replica measurements.</param>
public sealed record SimulationResult(ModelPrediction Prediction, StackOptions Options, IReadOnlyList<SimulatedSubLayer> Rows,
    IReadOnlyList<ReplicaMeasurement> Replicas)
{
    /// <summary>Mean wall time per replica of forward + backward (s).</summary>
    public double MeanForwardBackwardSeconds => Replicas.Average(r => r.ForwardBackwardSeconds);

    /// <summary>Admin's output-change curve fitted to the measured one (<see cref="OutputChangeFit"/>).</summary>
    public OutputChangeFit OutputChangeFit => OutputChangeFit.Fit(Prediction, [.. Rows.Select(r => r.OutputChange.Measured.Mean)]);

    /// <summary>Mean wall time per replica, everything included (s).</summary>
    public double MeanReplicaSeconds => Replicas.Average(r => r.TotalSeconds);
}

/// <summary>
/// Measures a whole TorchSharp transformer (<see cref="TransformerStack"/>) at every point k = 0…2N of its residual stream
/// and joins the measurements to <see cref="TransformerModel.Predict()"/> by k (THEORY.md §3.5 at any size).
/// </summary>
/// <remarks>
/// <para>Per replica (fresh weights, inputs, dropout masks and upstream gradient, all from seeds derived from
/// (<see cref="StackOptions.Seed"/>, replica)):</para>
/// <list type="number">
/// <item>Input: Zipf tokens through the embedding (with its dropout), or Gaussian inputs with the theory's k = 0 moments.</item>
/// <item>Forward, keeping the stream tensors (<c>retain_grad</c>), branch outputs, logits and probabilities.</item>
/// <item>Backward of <c>Σ top ⊙ G</c>, G from <see cref="SignalSampler.SampleGradient"/> with the config's
/// <see cref="TransformerConfig.OutputGradient"/> moments (THEORY.md §3.5: σ_g² = 1, r_g = 0); or, with
/// <see cref="StackGradient.MaskedLanguageModel"/>, of a masked-language-model loss over the tied word table. The theory
/// is then re-run with the measured moments of the gradient at the top of the stream as its
/// <see cref="TransformerConfig.OutputGradient"/> (the backward recurrences are linear in σ_g², so this compares the
/// propagation, not the loss's scale).</item>
/// <item>Moments with <see cref="MomentEstimator"/> (O(n); the correlation is the mean off-diagonal token covariance over
/// the variance), weight-gradient norms from the leaves' <c>.grad</c>.</item>
/// <item>Output change: weights perturbed by ±ε·sign(N(0,1)) (ADMIN.md §3.4), a second forward without grad on the same
/// input with the same dropout masks (the stack re-seeds its dropout generator every forward), Σ‖Δx_k‖² per sequence.</item>
/// </list>
/// <para>Across replicas (<see cref="Join"/>): every quantity is the replica mean ± its standard error, except the token
/// correlations, which are ratios of replica means E[C]/E[σ²] with a jackknife standard error, as the theory's
/// (<see cref="CorrelationOfMeans"/>).</para>
/// </remarks>
public static class ModelSimulation
{
    /// <summary>Runs the simulation.</summary>
    /// <param name="config">Architecture.</param>
    /// <param name="initialization">σ's and residual scales (from the same scheme the prediction uses).</param>
    /// <param name="options">Run options.</param>
    /// <param name="progress">Optional progress sink (one line per replica).</param>
    public static SimulationResult Run(TransformerConfig config, ModelInitialization initialization, StackOptions options,
        Action<string>? progress = null)
    {
        options = (options ?? throw new ArgumentNullException(nameof(options))).EnsureValid();
        var model = new TransformerModel(config, initialization);
        var prediction = model.Predict();
        if (options.Input == StackInput.Tokens && config.InputCorrelation is not null)
            throw new ArgumentOutOfRangeException("input", "tokens", "--input tokens cannot reproduce an explicit --input-correlation: use --input gaussian.");
        var device = TorchDevice.Resolve(options.Device);
        var dataType = TorchDataType.Resolve(options.DataType);
        var replicas = new List<ReplicaMeasurement>();
        for (int r = 0; r < options.Replicas; r++)
        {
            var measurement = RunReplica(model, prediction, options, device, dataType, r);
            replicas.Add(measurement);
            progress?.Invoke($"replica {r + 1}/{options.Replicas}: forward+backward {measurement.ForwardBackwardSeconds:F2} s, total {measurement.TotalSeconds:F2} s");
        }
        if (options.Gradient == StackGradient.MaskedLanguageModel)
        {
            int top = config.SubLayers;
            var measuredTop = new Theory.GradientMoments(replicas.Average(r => r.GradientVariance[top]),
                Math.Clamp(CorrelationOfMeans(replicas, r => r.GradientCorrelation, r => r.GradientVariance, top).Mean, -1.0, 1.0));
            prediction = new TransformerModel(config with { OutputGradient = measuredTop }, initialization).Predict();
        }
        return new SimulationResult(prediction, options, Join(prediction, replicas), replicas);
    }

    /// <summary>Derived seed for (base seed, replica, purpose).</summary>
    public static ulong DeriveSeed(ulong seed, int replica, int purpose) => SignalSampler.StreamSeed(SignalSampler.StreamSeed(seed, replica), purpose);

    /// <summary>One replica.</summary>
    public static ReplicaMeasurement RunReplica(TransformerModel model, ModelPrediction prediction, StackOptions options, Device device,
        ScalarType dataType, int replica)
    {
        var config = model.Config;
        int points = config.SubLayers + 1;
        var result = new ReplicaMeasurement(points);
        var total = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        bool tokens = options.Input == StackInput.Tokens;
        using var stack = new TransformerStack(config, model.Initialization, model.Embedding, DeriveSeed(options.Seed, replica, 0),
            DeriveSeed(options.Seed, replica, 1), device, dataType, tokens, options.Causal, options.FinalLayerNorm);
        using var sampler = new SignalSampler(DeriveSeed(options.Seed, replica, 2), device, dataType);
        var shape = new SampleShape(options.Batch, config.SeqLen, config.DModel);

        Tensor? tokenIds = null, segmentIds = null, gaussian = null, targets = null, maskedPositions = null;
        bool mlm = options.Gradient == StackGradient.MaskedLanguageModel;
        if (tokens)
        {
            using var generator = new Generator(DeriveSeed(options.Seed, replica, 3), device);
            tokenIds = ZipfTokens(config.VocabSize, config.ZipfExponent, options.Batch * config.SeqLen, generator, device).view(options.Batch, config.SeqLen);
            if (config.Segments > 0)
                segmentIds = randint(config.Segments, [options.Batch, config.SeqLen], generator: generator, dtype: ScalarType.Int64, device: device);
            if (mlm) (tokenIds, targets, maskedPositions) = MaskTokens(tokenIds, config.VocabSize, options.MaskProbability, DeriveSeed(options.Seed, replica, 5), device);
        }
        else
        {
            gaussian = sampler.SampleInput(shape, 0.0, prediction.Bottom.ForwardVariance, prediction.Bottom.ForwardCorrelation);
        }
        Tensor? upstream = mlm ? null : sampler.SampleGradient(shape, config.OutputGradient.Variance, config.OutputGradient.Correlation);

        var fb = Stopwatch.StartNew();
        var trace = new StackIntermediates();
        Tensor x0 = tokens ? stack.Embed(tokenIds!, segmentIds) : gaussian!.requires_grad_(true);
        Tensor top = stack.Forward(x0, trace);
        foreach (var t in trace.Stream) if (!t.is_leaf) t.retain_grad();
        if (mlm) MaskedLanguageModelLoss(stack, top, targets!, maskedPositions!).backward();
        else top.backward([upstream!]);
        fb.Stop();
        result.ForwardBackwardSeconds = fb.Elapsed.TotalSeconds;

        for (int k = 0; k < points; k++)
        {
            var m = MomentEstimator.Measure(trace.Stream[k]);
            result.ForwardVariance[k] = m.Variance;
            result.ForwardCorrelation[k] = m.TokenCorrelation;
            var b = k == 0 ? m : MomentEstimator.Measure(trace.Blocks[k]);
            result.BlockVariance[k] = b.Variance;
            result.BlockCorrelation[k] = b.TokenCorrelation;
            Tensor? grad = trace.Stream[k].grad;
            if (grad is not null)
            {
                var g = MomentEstimator.Measure(grad);
                result.GradientVariance[k] = g.Variance;
                result.GradientCorrelation[k] = g.TokenCorrelation;
            }
        }
        MeasureAttention(trace, result, options.Causal);
        MeasureWeightGradients(stack, tokens, result);

        if (options.OutputChange)
        {
            using var _ = no_grad();
            stack.Perturb(options.PerturbationSize, DeriveSeed(options.Seed, replica, 4));
            var perturbed = new StackIntermediates();
            Tensor x0b = tokens ? stack.Embed(tokenIds!, segmentIds) : gaussian!;
            stack.Forward(x0b, perturbed);
            var changes = new Tensor[points];
            for (int k = 0; k < points; k++)
                changes[k] = perturbed.Stream[k].sub(trace.Stream[k].detach()).to(ScalarType.Float64).square().sum().view(1);
            var values = cat(changes, 0).cpu().data<double>().ToArray();
            for (int k = 0; k < points; k++) result.OutputChange[k] = values[k] / options.Batch;
        }
        total.Stop();
        result.TotalSeconds = total.Elapsed.TotalSeconds;
        return result;
    }

    /// <summary>
    /// BERT-style masking: each position independently with probability <paramref name="probability"/> (at least one
    /// position) is replaced by the [MASK] id |V| − 1. Returns the masked input ids, the original ids at the masked
    /// positions (the targets) and the flat indices of those positions.
    /// </summary>
    public static (Tensor Inputs, Tensor Targets, Tensor Positions) MaskTokens(Tensor tokenIds, int vocabularySize, double probability,
        ulong seed, Device device)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed, device);
        Tensor masked = rand(tokenIds.shape, generator: generator, dtype: ScalarType.Float64, device: device).lt(probability);
        // A batch without a masked position has no loss; mask the first position then (probability ~ (1−p)^{BL}).
        if (!masked.any().item<bool>()) masked.view(-1)[0] = true;
        Tensor positions = masked.flatten().nonzero().squeeze(1);
        Tensor targets = tokenIds.flatten().index_select(0, positions);
        Tensor inputs = tokenIds.masked_fill(masked, vocabularySize - 1);
        return (inputs.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope(), positions.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The masked-language-model loss: the top of the stream at the masked positions, projected on the vocabulary with the
    /// tied word table (logits = h·Eᵀ, no output bias), mean cross-entropy against the original ids.
    /// </summary>
    public static Tensor MaskedLanguageModelLoss(TransformerStack stack, Tensor top, Tensor targets, Tensor positions)
    {
        Tensor words = stack.WordTable ?? throw new InvalidOperationException("The masked-language-model loss needs the word table (token inputs).");
        Tensor hidden = top.reshape(-1, top.shape[^1]).index_select(0, positions);
        return nn.functional.cross_entropy(hidden.matmul(words.t()), targets);
    }

    /// <summary>
    /// n token ids i.i.d. from Zipf(s) over |V| (π_v ∝ v^{−s}, v = 1…|V|; id v−1), drawn with <c>torch.multinomial</c>
    /// (inverse CDF over the cumulative weights) from <paramref name="generator"/>.
    /// </summary>
    public static Tensor ZipfTokens(int vocabularySize, double exponent, long count, Generator generator, Device device)
    {
        using var scope = NewDisposeScope();
        Tensor ranks = arange(1, vocabularySize + 1, ScalarType.Float64, device);
        Tensor weights = ranks.pow(-exponent);
        return multinomial(weights, count, replacement: true, generator: generator).MoveToOuterDisposeScope();
    }

    private static void MeasureAttention(StackIntermediates trace, ReplicaMeasurement result, bool causal)
    {
        if (trace.Logits.Count == 0) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (int l = 0; l < trace.Logits.Count; l++)
        {
            Tensor logits = trace.Logits[l].detach().to(ScalarType.Float64);
            // Causal: the masked (−∞) logits are not scores; only the visible ones are measured.
            Tensor values = causal ? logits.masked_select(logits.isfinite()) : logits;
            parts.Add(values.var(unbiased: false).view(1));
            Tensor p = trace.Probabilities[l].detach().to(ScalarType.Float64);
            Tensor entropy = p.mul(p.clamp_min(1e-300).log()).sum(-1).neg().mean();
            parts.Add(entropy.view(1));
        }
        var v = cat(parts, 0).cpu().data<double>().ToArray();
        for (int l = 0; l < trace.Logits.Count; l++)
        {
            result.ScoreVariance[2 * l + 1] = v[2 * l];
            result.AttentionEntropy[2 * l + 1] = v[2 * l + 1];
        }
    }

    private static void MeasureWeightGradients(TransformerStack stack, bool tokens, ReplicaMeasurement result)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor Norm(IEnumerable<Tensor> ws)
        {
            Tensor sum = zeros(1, ScalarType.Float64, stack.Device);
            foreach (var w in ws) if (w.grad is Tensor g) sum.add_(g.to(ScalarType.Float64).square().sum());
            return sum.sqrt();
        }
        var parts = new List<Tensor> { tokens ? Norm(stack.EmbeddingWeights) : full(1, double.NaN, ScalarType.Float64, stack.Device) };
        foreach (var layer in stack.Layers)
        {
            parts.Add(Norm(layer.AttentionWeights));
            parts.Add(Norm(layer.FeedForwardWeights));
        }
        var v = cat(parts, 0).cpu().data<double>().ToArray();
        for (int k = 0; k < v.Length; k++) result.WeightGradientNorm[k] = v[k];
    }

    /// <summary>
    /// The measured token correlation at point k over replicas as the theory defines it: the ratio of the replica-mean
    /// covariance to the replica-mean variance, r = Σ_i r_i σ²_i / Σ_i σ²_i (C = r·σ² is the mean off-diagonal token
    /// covariance <see cref="MomentEstimator"/> measured), with a jackknife standard error
    /// (<see cref="ReplicaStatistics.RatioOfMeans"/>).
    /// </summary>
    /// <remarks>
    /// The theory propagates E[σ²] and E[C] over the random weights (THEORY.md §3.5: both recurrences are linear in the
    /// moments, e.g. <c>Residual.CombineBackward</c> adds covariances) and reports E[C]/E[σ²]. The mean of the replica
    /// ratios r_i estimates E[C/σ²] instead, which differs when σ²_i varies between replicas — as a deep stack's gradient
    /// does (a product of ~2N random per-layer gains: at 48 Xavier Post-LN layers the log of the replicas' bottom gradient
    /// variance has a standard deviation of 1.0–1.25; docs/verification.md).
    /// </remarks>
    public static MeasuredValue CorrelationOfMeans(IReadOnlyList<ReplicaMeasurement> replicas, Func<ReplicaMeasurement, double[]> correlation,
        Func<ReplicaMeasurement, double[]> variance, int k)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        double[] variances = [.. replicas.Select(r => variance(r)[k])];
        double[] covariances = [.. replicas.Select((r, i) => correlation(r)[k] * variances[i])];
        return ReplicaStatistics.RatioOfMeans(covariances, variances);
    }

    /// <summary>
    /// Joins replica measurements to the prediction by k: variances, score variance, entropy, weight-gradient norm and
    /// output change as replica means ± standard errors; the three token correlations as ratios of replica means
    /// (<see cref="CorrelationOfMeans"/>).
    /// </summary>
    public static IReadOnlyList<SimulatedSubLayer> Join(ModelPrediction prediction, IReadOnlyList<ReplicaMeasurement> replicas)
    {
        var rows = new SimulatedSubLayer[prediction.Stream.Count];
        var fit = OutputChangeFit.Fit(prediction, [.. Enumerable.Range(0, rows.Length).Select(k => replicas.Average(r => r.OutputChange[k]))]);
        for (int k = 0; k < rows.Length; k++)
        {
            var p = prediction.Stream[k];
            MeasuredValue M(Func<ReplicaMeasurement, double[]> q) => ReplicaStatistics.Summarize(replicas.Select(r => q(r)[k]));
            MeasuredValue R(Func<ReplicaMeasurement, double[]> correlation, Func<ReplicaMeasurement, double[]> variance)
                => CorrelationOfMeans(replicas, correlation, variance, k);
            bool attention = p.Kind == SubLayerKind.Attention;
            rows[k] = new SimulatedSubLayer(k, p.Layer, p.Kind,
                new(M(r => r.ForwardVariance), p.ForwardVariance),
                new(R(r => r.ForwardCorrelation, r => r.ForwardVariance), p.ForwardCorrelation),
                new(M(r => r.GradientVariance), p.GradientVariance),
                new(R(r => r.GradientCorrelation, r => r.GradientVariance), p.GradientCorrelation),
                new(M(r => r.BlockVariance), p.BlockVariance),
                new(R(r => r.BlockCorrelation, r => r.BlockVariance), p.BlockCorrelation),
                new(M(r => r.ScoreVariance), attention ? p.ScoreVariance : double.NaN),
                M(r => r.AttentionEntropy), M(r => r.WeightGradientNorm), new(M(r => r.OutputChange), fit.Predicted[k]));
        }
        return rows;
    }
}
