using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Components;

/// <summary>
/// LayerNorm over d features at initialisation (γ = 1, β = 0). Forward: mean 0, variance 1, token correlation by
/// the chosen map (the authors' r(1−1/d) by default; exact or unchanged optionally). Backward: σ²_g/σ_x², r_g kept.
/// Moments: <see cref="LayerNormFormulas"/> (THEORY.md §2.5, ATTENTION.md §11.1). The theory takes ε → 0;
/// <see cref="Epsilon"/> is carried for the real layer (PyTorch default 10⁻⁵), whose effect is O(ε/σ_x²).
/// </summary>
/// <param name="Features">d, the normalised width. Range: ≥ 2 (one feature normalises to 0).</param>
/// <param name="CorrelationMap">Which token-correlation map to use.</param>
/// <param name="Epsilon">ε of the real layer. Range: ≥ 0.</param>
public sealed record LayerNorm(int Features, LayerNormCorrelation CorrelationMap = LayerNormCorrelation.Exact, double Epsilon = 1e-5) : Component
{
    /// <summary>d. Range: ≥ 2.</summary>
    public int Features { get; init => field = Require.AtLeast(value, 2, "d"); } = Require.AtLeast(Features, 2, "d");

    /// <summary>ε of the real layer. Range: ≥ 0.</summary>
    public double Epsilon { get; init => field = Require.NonNegativeFinite(value, "epsilon"); } = Require.NonNegativeFinite(Epsilon, "epsilon");

    /// <inheritdoc />
    protected override ForwardMoments ForwardCore(ForwardMoments input) => LayerNormFormulas.Forward(input.Correlation, Features, CorrelationMap);

    /// <inheritdoc />
    protected override GradientMoments BackwardCore(ForwardMoments input, GradientMoments outputGradient)
        => LayerNormFormulas.Backward(input.Variance, outputGradient);
}
