using SignalProp.Empirical.Models;
using SignalProp.Theory.Models;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests.Models;

/// <summary>
/// Measures, for a Post-LN stack, the Jensen factor of every sub-layer's LayerNorm backward: with σ²_{z,i} the variance
/// over features of token i of z = λ·x + β·f at sub-layer k (plus LayerNorm's ε),
/// per token J_k = E[1/σ²_{z,i}]·E[σ²_{z,i}] (over tokens, sequences and weight draws), and per sequence the same with
/// σ²_z first averaged over the sequence's tokens.
/// </summary>
/// <remarks>
/// <para>The LayerNorm backward divides each token's gradient by its own σ_{z,i}, and the gradient from above is
/// independent of this sub-layer's σ_z, so the expected gradient variance below it is E[σ²_g]·E[1/σ²_z], where the
/// plain backward has σ²_g/E[σ²_z] (<c>LayerNormFormulas.Backward</c>). Between the top and point k the ratio compounds to
/// Π_{j&gt;k} J_j. J_k − 1 ≈ CV²(σ²_z): at Xavier Post-LN the attention branch output is nearly the same vector for every
/// token (ρ ≈ 0.9), so its squared norm (and its overlap with the skip) has ~d degrees of freedom. The factor that applies
/// is the per-token one (1.92–1.94 over 48 layers; the gradient reaching a LayerNorm is uncorrelated with the normaliser,
/// <see cref="MeasureProjection"/>), together with the LayerNorm backward's projection, 0.77 over the stack: the theory's
/// <c>LayerNormFormulas.ResidualJensenFactor</c> and <c>LayerNormProjectionFormulas</c> (<c>PostNormJensenFactorTests</c>,
/// <c>PostNormProjectionTests</c>, docs/verification.md). The per-sequence product (1.65–1.70) is kept as a diagnostic: it
/// is what the theory's first form of the factor used. Forward passes only, except <see cref="MeasureProjection"/>;
/// fresh weights, inputs and dropout masks per replica.</para>
/// </remarks>
public static class PostNormJensenFactors
{
    /// <summary>J_k per token and per sequence for k = 0…2N (J_0 = 1: no LayerNorm below the bottom of the stream).</summary>
    public static (double[] PerToken, double[] PerSequence) Measure(TransformerConfig config, ModelInitialization initialization,
        ModelPrediction prediction, int batch, int replicas, ulong seed)
    {
        int points = config.SubLayers + 1;
        var tokenInverse = new double[points];
        var sequenceInverse = new double[points];
        var direct = new double[points];
        ForEachNormaliser(config, initialization, prediction, batch, replicas, seed, (_, k, variance, _, _) =>
        {
            tokenInverse[k] += variance.reciprocal().mean().item<double>() / replicas;
            sequenceInverse[k] += variance.mean([1]).reciprocal().mean().item<double>() / replicas;
            direct[k] += variance.mean().item<double>() / replicas;
        });
        double[] perToken = new double[points], perSequence = new double[points];
        perToken[0] = perSequence[0] = 1;
        for (int k = 1; k < points; k++)
        {
            perToken[k] = tokenInverse[k] * direct[k];
            perSequence[k] = sequenceInverse[k] * direct[k];
        }
        return (perToken, perSequence);
    }

    /// <summary>
    /// Every sequence's normaliser at every sub-layer, s²_k = mean over its tokens of σ²_{z,i} (k = 1…2N; index 0 unused),
    /// and the token correlation of the LayerNorm output, r_k = |mean token|²/mean |token|²: one row per (replica, sequence).
    /// </summary>
    public static (double[][] Normalisers, double[][] Correlations) MeasureSequences(TransformerConfig config, ModelInitialization initialization,
        ModelPrediction prediction, int batch, int replicas, ulong seed)
    {
        int points = config.SubLayers + 1;
        var normalisers = new double[replicas * batch][];
        var correlations = new double[replicas * batch][];
        for (int s = 0; s < normalisers.Length; s++) (normalisers[s], correlations[s]) = (new double[points], new double[points]);
        ForEachNormaliser(config, initialization, prediction, batch, replicas, seed, (replica, k, variance, output, _) =>
        {
            double[] perSequence = variance.mean([1]).data<double>().ToArray();
            Tensor y = output.to(ScalarType.Float64);
            double[] r = y.mean([1]).pow(2).sum(-1).div(y.pow(2).sum(-1).mean([1])).data<double>().ToArray();
            for (int b = 0; b < batch; b++) (normalisers[replica * batch + b][k], correlations[replica * batch + b][k]) = (perSequence[b], r[b]);
        });
        return (normalisers, correlations);
    }

    /// <summary>
    /// Forward and backward passes of fresh replicas (upstream gradient as the model's <c>OutputGradient</c>): for each
    /// LayerNorm k = 1…2N−1 (the top one has no sub-layer above it), the energy its backward projection removes from the
    /// gradient g at its output, as d × fraction of E|g|² per token: <c>MeanPart</c> = d·mean_f(g)², <c>OutputPart</c> =
    /// (y·g)²/|y|²; and every sequence's gradient energy q (mean g² at the LayerNorm output) and normaliser s², one row
    /// per (replica, sequence).
    /// </summary>
    public static (double[] MeanPart, double[] OutputPart, double[][] GradientEnergy, double[][] Normalisers) MeasureProjection(
        TransformerConfig config, ModelInitialization initialization, ModelPrediction prediction, int batch, int replicas, ulong seed)
    {
        int points = config.SubLayers + 1, d = config.DModel;
        double[] meanPart = new double[points], outputPart = new double[points], energy = new double[points];
        var gradientEnergy = new double[replicas * batch][];
        var normalisers = new double[replicas * batch][];
        for (int s = 0; s < normalisers.Length; s++) (gradientEnergy[s], normalisers[s]) = (new double[points], new double[points]);
        ForEachNormaliser(config, initialization, prediction, batch, replicas, seed, (replica, k, variance, y, gradient) =>
        {
            double[] s2 = variance.mean([1]).data<double>().ToArray();
            Tensor g = gradient!.to(ScalarType.Float64), y64 = y.to(ScalarType.Float64);
            double[] q = g.pow(2).mean([1, 2]).data<double>().ToArray();
            for (int b = 0; b < batch; b++) (gradientEnergy[replica * batch + b][k], normalisers[replica * batch + b][k]) = (q[b], s2[b]);
            meanPart[k] += g.mean([-1]).pow(2).mul(d).mean().item<double>();
            outputPart[k] += g.mul(y64).sum(-1).pow(2).div(y64.pow(2).sum(-1)).mean().item<double>();
            energy[k] += g.pow(2).sum(-1).mean().item<double>();
        }, withGradient: true);
        for (int k = 1; k < points; k++) (meanPart[k], outputPart[k]) = (d * meanPart[k] / energy[k], d * outputPart[k] / energy[k]);
        return (meanPart, outputPart, gradientEnergy, normalisers);
    }

    // Fresh replicas (forward, and with withGradient the backward of the model's OutputGradient); for each sub-layer
    // k = 1…2N in order, calls visit(replica, k, σ²_{z,i} + ε as [B, L], LN output [B, L, d], gradient there or null).
    private static void ForEachNormaliser(TransformerConfig config, ModelInitialization initialization, ModelPrediction prediction,
        int batch, int replicas, ulong seed, Action<int, int, Tensor, Tensor, Tensor?> visit, bool withGradient = false)
    {
        int points = config.SubLayers + 1;
        var embedding = new TransformerModel(config, initialization).Embedding;
        for (int r = 0; r < replicas; r++)
        {
            using var scope = NewDisposeScope();
            using var stack = new TransformerStack(config, initialization, embedding, ModelSimulation.DeriveSeed(seed, r, 0),
                ModelSimulation.DeriveSeed(seed, r, 1), CPU, ScalarType.Float32, withEmbeddingTables: false);
            using var sampler = new SignalSampler(ModelSimulation.DeriveSeed(seed, r, 2), CPU, ScalarType.Float32);
            var shape = new SampleShape(batch, config.SeqLen, config.DModel);
            var trace = new StackIntermediates();
            using (var gradientMode = withGradient ? null : no_grad())
            {
                var x0 = sampler.SampleInput(shape, 0.0, prediction.Bottom.ForwardVariance, prediction.Bottom.ForwardCorrelation);
                if (withGradient) x0.requires_grad_(true);
                var top = stack.Forward(x0, trace);
                if (withGradient)
                {
                    var upstream = sampler.SampleGradient(shape, config.OutputGradient.Variance, config.OutputGradient.Correlation);
                    foreach (var t in trace.Stream) if (!t.is_leaf) t.retain_grad();
                    top.backward([upstream]);
                }
            }
            using var _ = no_grad();
            for (int k = 1; k < points; k++)
            {
                var layer = initialization.Layers[(k - 1) / 2];
                var scales = k % 2 == 1 ? layer.Attention : layer.FeedForward;
                Tensor z = trace.Stream[k - 1].mul(scales.Skip).add(trace.Blocks[k].mul(scales.Branch)).to(ScalarType.Float64);
                visit(r, k, z.var(-1, unbiased: false).add(1e-5), trace.Stream[k], trace.Stream[k].grad);
            }
        }
    }

    /// <summary>Π_{j&gt;k} J_j: the factor by which E[σ²_g] at point k exceeds the theory's 1/E[σ²_z] chain.</summary>
    public static double[] Cumulative(double[] factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        var product = new double[factors.Length];
        double p = 1;
        for (int k = factors.Length - 1; k >= 0; k--)
        {
            product[k] = p;
            p *= factors[k];
        }
        return product;
    }
}
