namespace SignalProp.Theory;

/// <summary>A component built from named children; the names form the paths of a trace (e.g. <c>blocks[3]/attn/ln</c>).</summary>
public interface IComposite : IComponent
{
    /// <summary>The named children, in the order the signal meets them.</summary>
    IReadOnlyList<Named> Children { get; }
}
