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

    /// <summary>
    /// A dropout of probability <paramref name="p"/>, shared with the previous call's when p is the same (records are
    /// immutable): a 1000-layer model with per-layer σ's builds 2000 bodies, each with its own hidden dropout.
    /// </summary>
    /// <param name="p">The drop probability, in [0, 1).</param>
    public static Dropout Of(double p)
    {
        var last = lastCreated;
        if (last is not null && last.DropProbability == p) return last;
        return lastCreated = new Dropout(p);
    }

    private static Dropout? lastCreated;

    /// <inheritdoc />
    protected override bool BackwardReadsInput => false;

    /// <inheritdoc />
    protected override ForwardMoments ForwardCore(ForwardMoments input) => DropoutFormulas.Forward(input, DropProbability);

    /// <inheritdoc />
    protected override GradientMoments BackwardCore(ForwardMoments input, GradientMoments outputGradient)
        => DropoutFormulas.Backward(outputGradient, DropProbability);
}
