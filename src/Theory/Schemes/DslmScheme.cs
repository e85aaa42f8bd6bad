using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Models;

namespace SignalProp.Theory.Schemes;

/// <summary>
/// DeepScaleLM (THEORY.md §4, the authors' <c>DSLM_signal_propagation_figures</c> code), generalised to any d_ff and
/// activation. Residual λ² + β² = 1 with β² = k/N^α (N counts layers by default; the defaults k = 1, α = 1 give
/// β² = 1/192 ≈ 0.005, λ² ≈ 0.995 at N = 192, the code's defaults). Weights:
/// <list type="bullet">
/// <item>embeddings σ = √((1−p)/T) for T tables: summed variance 1−p, exactly 1 after embedding dropout;</item>
/// <item>W_Q, W_K σ = √(1/d), so S² = d²σ_q²σ_k² = 1 on LayerNorm-ed input;</item>
/// <item>W_V, W_O per layer σ_l = (√((1−p)/r_l)/d)^{1/2}, so the attention output variance d²σ_v²σ_o²r_l/(1−p) is 1,
/// with r_l from the code's correlation recurrence (<see cref="CorrelationRecurrence"/>);</item>
/// <item>FFN: the branch output variance d_ff σ_2²·E[f(z)²]/(1−p) = 1 with z = W_1x ~ N(0, dσ_1²). For ReLU (positively
/// homogeneous, E[f(z)²] = dσ_1²/2) only the product matters and the code's equal split
/// σ_1 = σ_2 = (2(1−p)/(d·d_ff))^{1/4} is kept (= (√((1−p)/2)/d)^{1/2} at d_ff = 4d). For any other activation
/// [DERIVED here]: σ_1² = 1/d (unit pre-activation variance) and σ_2² = (1−p)/(d_ff·E[f(z)²]) with E[f(z)²] for
/// z ~ N(0, 1) from the activation engine (closed form for GeLU, quadrature otherwise).</item>
/// </list>
/// </summary>
public sealed class DslmScheme : IInitScheme
{
    /// <summary>The DSLM code's empirical input correlation r₀ (THEORY.md §2.1), used when asked to reproduce the code exactly.</summary>
    public const double AuthorsInputCorrelation = 0.221;

    /// <summary>k of β² = k/N^α. Range: &gt; 0.</summary>
    public double Numerator { get; init => field = Require.PositiveFinite(value, "dslm-k"); } = 1.0;

    /// <summary>α of β² = k/N^α. Range: ≥ 0.</summary>
    public double Exponent { get; init => field = Require.NonNegativeFinite(value, "dslm-alpha"); } = 1.0;

    /// <summary>Whether N in β² = k/N^α counts sub-layers (2N) instead of layers.</summary>
    public bool CountSubLayers { get; init; }

    /// <summary>An explicit β² (e.g. the code's 0.005) that replaces k/N^α. Range: [0, 1].</summary>
    public double? BetaSquared { get; init => field = value is double b ? Require.Probability(b, "beta-squared") : null; }

    /// <summary>
    /// The code's λ/β flag (<c>--moment-control-lambda-beta</c>): when false, the residual is plain (λ = β = 1) and the
    /// correlation recurrence uses λ² = β² = 1, as the code does.
    /// </summary>
    public bool ScaleResiduals { get; init; } = true;

    /// <summary>
    /// The token correlation r₀ of the summed embedding tables that starts the recurrence; null uses the configuration's
    /// own (its <see cref="TransformerConfig.InputCorrelation"/> or its Zipf estimate). The authors' code hard-codes 0.221.
    /// </summary>
    public double? InitialCorrelation { get; init => field = value is double r ? Require.Correlation(r, "dslm-r0") : null; }

    /// <inheritdoc />
    public string Name => "dslm";

    /// <inheritdoc />
    public string Description => "DeepScaleLM (THEORY.md §4): λ²+β²=1 with β²=k/N^α, unit-variance blocks, per-layer V/O σ from the correlation recurrence";

    /// <summary>β² for this configuration.</summary>
    public double ResolveBetaSquared(TransformerConfig config)
        => BetaSquared ?? Math.Min(1.0, Numerator / Math.Pow(CountSubLayers ? config.SubLayers : config.Layers, Exponent));

    /// <summary>
    /// The code's recurrence (<c>utils.py::sigma_attn_v_out</c>, THEORY.md §4.2): r starts at r₀(1−p) with σ² = 1; per layer,
    /// attention mixes in r_a = 1−p and the FFN r_f = its output correlation at input correlation r (for ReLU (1−p)φ(r)),
    /// each as r ← (λ²rσ² + β²r_b)/(λ²σ² + β²), σ² ← λ²σ² + β². Returns r at the start of each layer and at the end (N + 1 values).
    /// </summary>
    public double[] CorrelationRecurrence(TransformerConfig config)
    {
        double p = config.Dropout;
        double b2 = ScaleResiduals ? ResolveBetaSquared(config) : 1.0;
        double l2 = ScaleResiduals ? 1 - b2 : 1.0;
        var ffn = FeedForwardBody(config);
        var r = new double[config.Layers + 1];
        double rho = InitialTableCorrelation(config) * (1 - p), variance = 1.0;
        for (int l = 0; l < config.Layers; l++)
        {
            r[l] = rho;
            Mix(1 - p);
            Mix(ffn.Forward(new ForwardMoments(0, 1, rho)).Correlation);
        }
        r[config.Layers] = rho;
        return r;

        void Mix(double branchCorrelation)
        {
            rho = (l2 * rho * variance + b2 * branchCorrelation) / (l2 * variance + b2);
            variance = l2 * variance + b2;
        }
    }

    /// <inheritdoc />
    public ModelInitialization Initialize(TransformerConfig config)
    {
        config.EnsureValid();
        double d = config.DModel, p = config.Dropout;
        double b2 = ResolveBetaSquared(config);
        var scales = ScaleResiduals ? new ResidualScales(Math.Sqrt(1 - b2), Math.Sqrt(b2)) : ResidualScales.Plain;
        var (up, down) = FeedForwardStds(config);
        double qk = Math.Sqrt(1 / d);
        var r = CorrelationRecurrence(config);
        var layers = new LayerInitialization[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            double vo = Math.Sqrt(Math.Sqrt((1 - p) / r[l]) / d);
            layers[l] = new LayerInitialization(qk, qk, vo, vo, up, down, scales, scales);
        }
        int tables = config.Segments == 0 ? 2 : 3;
        double emb = Math.Sqrt((1 - p) / tables);
        return new ModelInitialization(Name, emb, emb, config.Segments == 0 ? 0 : emb, layers,
        [
            ScaleResiduals ? $"β² = {b2:G6}, λ² = {1 - b2:G6} ({(BetaSquared is null ? $"k/N^α with k = {Numerator}, α = {Exponent}, N = {(CountSubLayers ? config.SubLayers + " sub-layers" : config.Layers + " layers")}" : "explicit")})" : "plain residual (λ/β flag off)",
            $"correlation recurrence r₀ = {InitialTableCorrelation(config):G4}·(1−p): r = {r[0]:G4} → {r[^1]:G4}",
            config.Activation == ElementwiseFunction.Relu ? "FFN: the code's equal split for ReLU" : $"FFN: σ_1² = 1/d, σ_2² from E[{config.Activation.Name}(z)²] (generalisation)",
        ]);
    }

    /// <summary>σ_1, σ_2 of the FFN for unit branch output variance after dropout.</summary>
    public static (double Up, double Down) FeedForwardStds(TransformerConfig config)
    {
        double d = config.DModel, dff = config.FeedForwardWidth, p = config.Dropout;
        if (config.Activation == ElementwiseFunction.Relu)
        {
            double s = Math.Pow(2 * (1 - p) / (d * dff), 0.25);
            return (s, s);
        }
        double second = new Activation(config.Activation).Forward(new ForwardMoments(0, 1, 0)).SecondMoment;
        return (Math.Sqrt(1 / d), Math.Sqrt((1 - p) / (dff * second)));
    }

    private FeedForward FeedForwardBody(TransformerConfig config)
    {
        var (up, down) = FeedForwardStds(config);
        return new FeedForward(config.DModel, config.FeedForwardWidth, new Activation(config.Activation), up, down, config.Dropout);
    }

    private double InitialTableCorrelation(TransformerConfig config)
    {
        if (InitialCorrelation is double r) return r;
        if (config.InputCorrelation is double c) return c;
        int tables = config.Segments == 0 ? 2 : 3;
        double q = ZipfDistribution.CollisionProbability(config.VocabSize, config.ZipfExponent);
        return config.Segments == 0 ? q / tables : (q + 1.0 / config.Segments) / tables;
    }
}
