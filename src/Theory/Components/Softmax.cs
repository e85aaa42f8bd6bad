using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Components;

/// <summary>
/// Softmax over a row of L logits (the token axis). Forward: mean 1/L, the full (or large-L approximate) variance,
/// correlation −1/(L−1). Backward: (1−r_g)σ_g²E[p²], correlation −1/(L−1).
/// Moments: <see cref="SoftmaxFormulas"/> (THEORY.md §2.7, ATTENTION.md §11.2).
/// </summary>
/// <param name="Length">L ≥ 2.</param>
/// <param name="Approximate">Use the large-L approximations (e^{s²} − 1)/L² and e^{s²}σ_g²/L² instead of the full forms.</param>
public sealed record Softmax(int Length, bool Approximate = false) : Component
{
    /// <summary>L. Range: ≥ 2.</summary>
    public int Length { get; init => field = Require.AtLeast(value, 2, "seq-len"); } = Require.AtLeast(Length, 2, "seq-len");

    /// <inheritdoc />
    protected override ForwardMoments ForwardCore(ForwardMoments input) => SoftmaxFormulas.Forward(input, Length, Approximate);

    /// <inheritdoc />
    protected override GradientMoments BackwardCore(ForwardMoments input, GradientMoments outputGradient)
        => SoftmaxFormulas.Backward(input, outputGradient, Length, Approximate);
}
