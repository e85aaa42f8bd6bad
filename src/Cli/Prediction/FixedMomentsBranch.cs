using SignalProp.Theory;

namespace SignalProp.Cli.Prediction;

/// <summary>
/// A stand-in residual branch f given by its moments rather than its layers (for <c>predict component residual</c>):
/// forward returns <see cref="Output"/> whatever the input; backward multiplies σ_g² by <see cref="BackwardGain"/> (the
/// block's gain t of THEORY.md §3.3) and keeps r_g.
/// </summary>
/// <param name="Output">The branch output moments (σ_f², r_f; mean 0 as after a zero-mean projection).</param>
/// <param name="BackwardGain">t ≥ 0: σ²_g at the branch input per unit σ²_g at its output.</param>
public sealed record FixedMomentsBranch(ForwardMoments Output, double BackwardGain) : IComponent
{
    /// <inheritdoc />
    public ForwardMoments Forward(ForwardMoments input) => Output;

    /// <inheritdoc />
    public GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient) => outputGradient.Scale(BackwardGain);
}
