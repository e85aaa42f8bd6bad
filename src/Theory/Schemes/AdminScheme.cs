using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Models;

namespace SignalProp.Theory.Schemes;

/// <summary>
/// Admin (Liu et al. 2020; ADMIN.md §4): Post-LN with a shortcut scale, b_i = ω_i x_{i−1} + f_i(x_{i−1}), x_i = LN(b_i).
/// Weights and embeddings are those of the fairseq code Admin was profiled on (<see cref="FairseqWeights"/>).
/// ω is the profiled one (computed from the theory's branch variances, as the profiling pass would measure
/// them) or one of admin-torch's constants with n = 2N residual sub-layers.
/// </summary>
/// <param name="omega">Which ω.</param>
public sealed class AdminScheme(AdminOmega omega = AdminOmega.Profiled) : IInitScheme
{
    /// <summary>Which ω.</summary>
    public AdminOmega Omega { get; } = omega;

    /// <inheritdoc />
    public string Name => Omega switch { AdminOmega.LogN => "admin-logn", AdminOmega.Constant => "admin-o1", _ => "admin" };

    /// <inheritdoc />
    public string Description => Omega switch
    {
        AdminOmega.LogN => "admin-torch ω = √((n+1)/ln(n+1) − 1), n = 2N (ADMIN.md §4.4); Post-LN only",
        AdminOmega.Constant => "admin-torch ω = √n, n = 2N (ADMIN.md §4.4); Post-LN only",
        _ => "Admin with profiled ω_i² = v₀ + Σ_{j<i} Var[f_j] from the theory (ADMIN.md §4.2); Post-LN only",
    };

    /// <summary>
    /// The fairseq initialisation Admin was profiled on (ADMIN.md §1.1): embeddings √d·E[token] with E ~ N(0, 1/d)
    /// (variance 1) plus sinusoidal positions (mean power 1/2) and no segment table; the fused Xavier-uniform in-projection
    /// W_in ∈ R^{3d×d}, i.e. σ_q² = σ_k² = σ_v² = 2/(d + 3d) = 1/(2d); W_O Xavier 1/d; FFN Xavier 2/(d + d_ff); plain residual.
    /// Admin's ω depends on v₀ and on the branch variances, so these matter: with the authors' 1/d-variance BERT embeddings
    /// ω₂ would be ≪ 1, and with √(2/(d+d_h)) Q/K on the unnormalised embedding the first attention saturates.
    /// </summary>
    public static ModelInitialization FairseqWeights(TransformerConfig config)
    {
        double d = config.DModel;
        double qkv = Math.Sqrt(1 / (2 * d)), ffn = Math.Sqrt(2 / (d + config.FeedForwardWidth));
        var layer = new LayerInitialization(qkv, qkv, qkv, Math.Sqrt(1 / d), ffn, ffn, ResidualScales.Plain, ResidualScales.Plain);
        return new ModelInitialization("fairseq", 1.0, Math.Sqrt(0.5), 0.0, Enumerable.Repeat(layer, config.Layers).ToArray(),
            ["fairseq Xavier-uniform weights (fused in-projection), √d-scaled word embeddings + sinusoidal positions (ADMIN.md §1.1)"]);
    }

    /// <summary>admin-torch's <c>calculate_init(n, 'O(logn)')</c>: ω = √((n+1)/ln(n+1) − 1).</summary>
    public static double LogNOmega(int residualSubLayers) => Math.Sqrt((residualSubLayers + 1) / Math.Log(residualSubLayers + 1) - 1);

    /// <summary>admin-torch's <c>calculate_init(n, 'O(1)')</c>: ω = √n.</summary>
    public static double ConstantOmega(int residualSubLayers) => Math.Sqrt(residualSubLayers);

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The configuration is Pre-LN (Admin asserts Post-LN).</exception>
    public ModelInitialization Initialize(TransformerConfig config)
    {
        if (config.Placement != LayerNormPlacement.PostLN)
            throw Require.Fail("arch", "preln", "postln for Admin (its code asserts Post-LN: ω scales the input of a LayerNorm)");
        var xavier = FairseqWeights(config);
        double[] omegas = Omega switch
        {
            AdminOmega.LogN => Enumerable.Repeat(LogNOmega(config.SubLayers), config.SubLayers).ToArray(),
            AdminOmega.Constant => Enumerable.Repeat(ConstantOmega(config.SubLayers), config.SubLayers).ToArray(),
            _ => ProfiledOmegas(config, xavier),
        };
        var layers = xavier.Layers.Select((l, i) => l with
        {
            Attention = new ResidualScales(omegas[2 * i], 1.0),
            FeedForward = new ResidualScales(omegas[2 * i + 1], 1.0),
        }).ToArray();
        return xavier with
        {
            Scheme = Name,
            Layers = layers,
            Notes = [Description, $"ω: {omegas[0]:G4} (sub-layer 1) → {omegas[^1]:G4} (sub-layer {config.SubLayers})", "weights and embeddings: fairseq's (ADMIN.md §1.1, see FairseqWeights)"],
        };
    }

    /// <summary>
    /// The profiling pass of ADMIN.md §4.2 run on the theory: ratio starts at 1; per sub-layer ω_i := ratio,
    /// a_i := f_i(x_{i−1}), ratio := √(ω_i² Var[x_{i−1}] + Var[a_i]), x_i := LN(ω_i x_{i−1} + a_i).
    /// </summary>
    public static double[] ProfiledOmegas(TransformerConfig config, ModelInitialization weights)
    {
        // The branch variances do not depend on ω (each branch reads an LN output, or the embedding), but the LN's
        // input correlation does; so step the Post-LN stream with the ω found so far, using the model's own components.
        var model = new TransformerModel(config, weights);
        var layerNorm = new LayerNorm(config.DModel, config.LayerNormMap);
        var omegas = new double[config.SubLayers];
        var x = model.Embedding.Forward(default);
        double ratio = 1.0;
        for (int k = 1; k <= config.SubLayers; k++)
        {
            var body = model.Body(k);
            var a = body.Forward(x);
            double omega = omegas[k - 1] = ratio, inputVariance = x.Variance;
            x = layerNorm.ForwardAfterResidual(x, omega, a, 1.0, new Residual(body, omega, 1.0).Combine(x, a), skipIsNormalised: k > 1);
            ratio = Math.Sqrt(omega * omega * inputVariance + a.Variance);
        }
        return omegas;
    }
}
