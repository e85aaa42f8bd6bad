namespace SignalProp.Theory.Composition;

/// <summary>The identity: moments pass through unchanged in both directions. The unit of <see cref="Sequential"/>.</summary>
public sealed record Identity : IComponent
{
    /// <summary>The shared instance.</summary>
    public static Identity Instance { get; } = new();

    /// <inheritdoc />
    public ForwardMoments Forward(ForwardMoments input) => input;

    /// <inheritdoc />
    public GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient) => outputGradient;
}
