namespace SignalProp.Theory;

/// <summary>A child of a composite with its path segment name.</summary>
/// <param name="Name">The path segment, e.g. <c>ln</c> or <c>mha</c>. Must be non-empty; '/' only separates segments.</param>
/// <param name="Component">The child component.</param>
public readonly record struct Named(string Name, IComponent Component)
{
    /// <summary>Allows <c>("ln", new LayerNorm(256))</c> where a <see cref="Named"/> is expected.</summary>
    public static implicit operator Named((string Name, IComponent Component) pair) => new(pair.Name, pair.Component);
}
