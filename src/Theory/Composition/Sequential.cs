namespace SignalProp.Theory.Composition;

/// <summary>
/// y = f_n(… f_1(x)): children applied in order. Keeps its nesting, and so the paths; <see cref="Flatten"/> gives
/// the flat equivalent with joined names (e.g. <c>mlp/up</c>). Backward recomputes the forward inputs of the children
/// (the maps are pure and cheap) and applies the children's backward maps in reverse.
/// </summary>
public sealed record Sequential : IChain
{
    private readonly Named[] children;

    /// <summary>Creates the chain.</summary>
    /// <exception cref="ArgumentException">A child has an empty name (or empty '/'-separated segment), or a duplicate name.</exception>
    public Sequential(params IEnumerable<Named> children)
    {
        this.children = [.. children];
        for (int i = 0; i < this.children.Length; i++)
        {
            var child = this.children[i];
            if (!IsPath(child.Name))
                throw new ArgumentException($"child name '{child.Name}' must be a non-empty path segment ('/' only between segments, as Flatten joins them).", nameof(children));
            ArgumentNullException.ThrowIfNull(child.Component, nameof(children));
            // Quadratic, allocation-free duplicate check: chains are short, and models build thousands of them.
            for (int j = 0; j < i; j++)
                if (this.children[j].Name == child.Name)
                    throw new ArgumentException($"child name '{child.Name}' appears twice; paths must be unique.", nameof(children));
        }
    }

    private static bool IsPath(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name[0] == '/' || name[^1] == '/' || name.Contains("//", StringComparison.Ordinal)) return false;
        return true;
    }

    /// <inheritdoc />
    public IReadOnlyList<Named> Children => children;

    /// <summary>The equivalent flat chain; nested names are joined with '/'.</summary>
    public Sequential Flatten() => new(children.SelectMany(c => c.Component is Sequential s
        ? s.Flatten().Children.Select(n => new Named($"{c.Name}/{n.Name}", n.Component))
        : [c]));

    /// <inheritdoc />
    public ForwardMoments Forward(ForwardMoments input)
    {
        foreach (var child in children) input = child.Component.Forward(input);
        return input;
    }

    /// <inheritdoc />
    public GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient)
        => IChain.BackwardByRecording(this, children.Length, input, outputGradient);

    /// <inheritdoc />
    public ForwardMoments ForwardRecording(ForwardMoments input, Span<ForwardMoments> childInputs)
    {
        for (int i = 0; i < children.Length; i++)
        {
            childInputs[i] = input;
            input = children[i].Component.Forward(input);
        }
        return input;
    }

    /// <inheritdoc />
    public GradientMoments BackwardRecorded(ReadOnlySpan<ForwardMoments> childInputs, GradientMoments outputGradient)
    {
        for (int i = children.Length - 1; i >= 0; i--) outputGradient = children[i].Component.Backward(childInputs[i], outputGradient);
        return outputGradient;
    }

    /// <summary>Structural equality: same names and equal components in the same order.</summary>
    public bool Equals(Sequential? other) => other is not null && children.SequenceEqual(other.children);

    /// <inheritdoc />
    public override int GetHashCode() => children.Aggregate(17, (h, c) => HashCode.Combine(h, c));
}
