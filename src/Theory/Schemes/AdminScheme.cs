using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Models;

namespace SignalProp.Theory.Schemes;

/// <summary>
/// Admin (Liu et al. 2020; ADMIN.md §4): Post-LN with a shortcut scale, b_i = ω_i x_{i−1} + f_i(x_{i−1}), x_i = LN(b_i).
/// The weights are the <see cref="XavierScheme"/> preset's (the authors' fairseq code uses Xavier-uniform with a fused
/// in-projection, i.e. σ_qkv² = 1/(2d); we keep the Xavier baseline's σ's so that schemes differ only in what they
/// change). ω is the profiled one (computed from the theory's branch variances, as the profiling pass would measure
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
        var xavier = new XavierScheme().Initialize(config);
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
            Notes = [Description, $"ω: {omegas[0]:G4} (sub-layer 1) → {omegas[^1]:G4} (sub-layer {config.SubLayers})", "weights: the xavier preset"],
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
            x = layerNorm.Forward(new Residual(body, omega, 1.0).Combine(x, a));
            ratio = Math.Sqrt(omega * omega * inputVariance + a.Variance);
        }
        return omegas;
    }
}
