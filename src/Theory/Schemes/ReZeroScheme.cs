using SignalProp.Theory.Models;

namespace SignalProp.Theory.Schemes;

/// <summary>
/// ReZero (Bachlechner et al. 2020; the admin code's <c>rezero</c>/<c>rezero_postln</c>, ADMIN.md §4.5): x ← x + r·f(x) with the
/// scalar r initialised to 0, i.e. β = 0 at initialisation, on the Xavier preset's weights. At initialisation every branch
/// is switched off, so the stream is the embedding (Pre-LN) or its LayerNorm (Post-LN) at every depth and the gradient
/// reaches the bottom unchanged; the interesting dynamics start with the first update of r, which this theory (at
/// initialisation) does not model. The LayerNorm placement is kept as configured (ReZero proper has none).
/// </summary>
/// <param name="initialGate">r at initialisation (0 for ReZero).</param>
public sealed class ReZeroScheme(double initialGate = 0.0) : IInitScheme
{
    /// <summary>r at initialisation.</summary>
    public double InitialGate { get; } = Require.Finite(initialGate, "rezero-gate");

    /// <inheritdoc />
    public string Name => "rezero";

    /// <inheritdoc />
    public string Description => "ReZero: x + r·f(x) with r = 0 at init (branches off), Xavier weights";

    /// <inheritdoc />
    public ModelInitialization Initialize(TransformerConfig config)
    {
        var xavier = new XavierScheme().Initialize(config);
        var scales = new ResidualScales(1.0, InitialGate);
        return xavier with
        {
            Scheme = Name,
            Layers = xavier.Layers.Select(l => l with { Attention = scales, FeedForward = scales }).ToArray(),
            Notes = [Description],
        };
    }
}
