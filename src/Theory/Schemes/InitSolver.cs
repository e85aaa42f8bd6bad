using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Models;

namespace SignalProp.Theory.Schemes;

/// <summary>
/// Solves for an initialisation of the user's exact configuration that makes every sub-layer's forward variance 1 and
/// keeps the gradient variance within a band — DSLM generalised from its leading-order formulas to the full component
/// engine. Construction:
/// <list type="number">
/// <item>Start from <see cref="DslmScheme"/> (embeddings √((1−p)/T), W_Q, W_K √(1/d), its FFN σ's).</item>
/// <item>Walk the stream bottom-up; at each sub-layer compute the body's actual input moments and rescale the weights that
/// enter the output variance linearly — σ_v = σ_o for attention (the block variance is ∝ σ_v²σ_o², §2.8/§2.10), σ_2 for the
/// FFN (∝ σ_2², §2.2) — so that the block output variance is exactly 1 (including the O(1/L) attention terms and the real
/// correlation drift that DSLM's leading-order recurrence ignores).</item>
/// <item>With λ² + β² = 1 every Pre-LN stream variance is then 1 (and every Post-LN LN input variance).</item>
/// <item>Pick the largest β² ∈ (0, 1] whose predicted gradient spread max σ²_g / min σ²_g is within the band (bisection
/// on log β²; the spread grows like e^{β²Σ|t−1|}, THEORY.md §3.3), or use a fixed β².</item>
/// </list>
/// </summary>
public static class InitSolver
{
    /// <summary>Solves for the configuration.</summary>
    public static SolverResult Solve(TransformerConfig config, SolverOptions? options = null)
    {
        options ??= new SolverOptions();
        config.EnsureValid();
        if (options.BetaSquared is double fixedBeta) return Evaluate(config, fixedBeta, options.GradientBand);
        var full = Evaluate(config, 1.0, options.GradientBand);
        if (full.WithinBand) return full;
        double low = Math.Log(1e-9), high = 0.0;
        var best = Evaluate(config, Math.Exp(low), options.GradientBand);
        for (int i = 0; i < 48 && high - low > 1e-4; i++)
        {
            double middle = 0.5 * (low + high);
            var candidate = Evaluate(config, Math.Exp(middle), options.GradientBand);
            if (candidate.WithinBand) (low, best) = (middle, candidate);
            else high = middle;
        }
        return best;
    }

    /// <summary>The balanced initialisation for a given β² (every block output variance 1).</summary>
    public static ModelInitialization Balance(TransformerConfig config, double betaSquared)
    {
        var dslm = new DslmScheme { BetaSquared = betaSquared }.Initialize(config);
        var scales = new ResidualScales(Math.Sqrt(1 - betaSquared), Math.Sqrt(betaSquared));
        var layerNorm = new LayerNorm(config.DModel, config.LayerNormMap);
        var activation = new Activation(config.Activation);
        var x = new TransformerModel(config with { Layers = 1 }, dslm with { Layers = [dslm.Layers[0]] }).Embedding.Forward(default);
        var layers = new LayerInitialization[config.Layers];
        bool normalised = false; // Post-LN: after the first sub-layer the stream is a LayerNorm output
        for (int l = 0; l < config.Layers; l++)
        {
            var w = dslm.Layers[l] with { Attention = scales, FeedForward = scales };
            var attention = Attention(config, w);
            double s = attention.Forward(Input(config, layerNorm, x)).Variance;
            double vo = w.ValueStd * Math.Pow(Positive(s, l, "attention"), -0.25);
            w = w with { ValueStd = vo, OutputStd = vo };
            x = TransformerModel.Step(config.Placement, layerNorm, Attention(config, w), new Residual(Identity.Instance, scales.Skip, scales.Branch), x, normalised).Output;
            normalised = true;

            var ffn = new FeedForward(config.DModel, config.FeedForwardWidth, activation, w.UpStd, w.DownStd, config.Dropout);
            s = ffn.Forward(Input(config, layerNorm, x)).Variance;
            w = w with { DownStd = w.DownStd / Math.Sqrt(Positive(s, l, "FFN")) };
            ffn = new FeedForward(config.DModel, config.FeedForwardWidth, activation, w.UpStd, w.DownStd, config.Dropout);
            x = TransformerModel.Step(config.Placement, layerNorm, ffn, new Residual(Identity.Instance, scales.Skip, scales.Branch), x, normalised).Output;
            layers[l] = w;
        }
        return dslm with
        {
            Scheme = "solved",
            Layers = layers,
            Notes = [$"β² = {betaSquared:G6}, λ² = {1 - betaSquared:G6}", "σ_v = σ_o and σ_2 rescaled per layer so every block output variance is exactly 1"],
        };
    }

    private static SolverResult Evaluate(TransformerConfig config, double betaSquared, double band)
    {
        var init = Balance(config, betaSquared);
        var prediction = TransformerModel.Predict(config, init);
        double max = prediction.Stream.Max(r => r.GradientVariance), min = prediction.Stream.Min(r => r.GradientVariance);
        double spread = min > 0 ? max / min : double.PositiveInfinity;
        return new SolverResult(init, prediction, betaSquared, spread, spread <= band);
    }

    private static MultiHeadAttention Attention(TransformerConfig c, LayerInitialization w)
        => new(c.DModel, c.Heads, c.SeqLen, w.QueryStd, w.KeyStd, w.ValueStd, w.OutputStd, c.AttentionDropout, c.Dropout, c.AttentionBackward);

    private static ForwardMoments Input(TransformerConfig config, LayerNorm layerNorm, ForwardMoments x)
        => config.Placement == LayerNormPlacement.PreLN ? layerNorm.Forward(x) : x;

    private static double Positive(double variance, int layer, string block)
        => variance > 0 && double.IsFinite(variance) ? variance
            : throw new InvalidOperationException($"layer {layer}: the {block} block output variance is {variance}; it cannot be rescaled to 1.");
}
