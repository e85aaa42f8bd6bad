using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Components;

/// <summary>
/// Inverted dropout: zero each entry with probability p (PyTorch's <c>p</c>), scale the kept ones by 1/(1−p).
/// Moments: <see cref="DropoutFormulas"/> (THEORY.md §2.6). PyTorch: <c>nn.Dropout(p)</c> in training mode.
/// </summary>
/// <param name="DropProbability">p, the probability of zeroing an entry. Range: [0, 1).</param>
public sealed record Dropout(double DropProbability) : Component
{
    /// <summary>p. Range: [0, 1).</summary>
    public double DropProbability { get; init => field = Require.DropProbability(value, "p"); } = Require.DropProbability(DropProbability, "p");

    /// <inheritdoc />
    protected override bool BackwardReadsInput => false;

    /// <inheritdoc />
    protected override ForwardMoments ForwardCore(ForwardMoments input) => DropoutFormulas.Forward(input, DropProbability);

    /// <inheritdoc />
    protected override GradientMoments BackwardCore(ForwardMoments input, GradientMoments outputGradient)
        => DropoutFormulas.Backward(outputGradient, DropProbability);
}
