namespace SignalProp.Theory.Composition;

/// <summary>
/// The same block applied <see cref="Count"/> times; its children are named <c>[0]</c>, <c>[1]</c>, … so that paths
/// read <c>blocks/[3]/attn</c>. For blocks whose parameters vary with depth, use <see cref="Sequential"/>.
/// </summary>
public sealed record Repeat : IComposite
{
    /// <summary>Creates the repetition.</summary>
    /// <param name="block">The block.</param>
    /// <param name="count">How many times, ≥ 0.</param>
    public Repeat(IComponent block, int count)
    {
        Block = block ?? throw new ArgumentNullException(nameof(block));
        Count = count;
    }

    /// <summary>The repeated block.</summary>
    public IComponent Block { get; init; }

    /// <summary>The number of repetitions. Range: ≥ 0.</summary>
    public int Count { get; init => field = Require.AtLeast(value, 0, "count"); }

    /// <inheritdoc />
    public IReadOnlyList<Named> Children => [.. Enumerable.Range(0, Count).Select(i => new Named($"[{i}]", Block))];

    /// <inheritdoc />
    public ForwardMoments Forward(ForwardMoments input)
    {
        for (int i = 0; i < Count; i++) input = Block.Forward(input);
        return input;
    }

    /// <inheritdoc />
    public GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient)
    {
        var inputs = new ForwardMoments[Count];
        for (int i = 0; i < Count; i++)
        {
            inputs[i] = input;
            input = Block.Forward(input);
        }
        for (int i = Count - 1; i >= 0; i--) outputGradient = Block.Backward(inputs[i], outputGradient);
        return outputGradient;
    }
}
