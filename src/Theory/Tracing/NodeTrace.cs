namespace SignalProp.Theory.Tracing;

/// <summary>The moments at one node of a component tree: the row type of a theory trace.</summary>
/// <param name="Path">The node's path, e.g. <c>blocks/[3]/attn/branch/ln</c> (the root is <c>""</c> or the given root name).</param>
/// <param name="Kind">The component's type name, e.g. <c>LayerNorm</c>.</param>
/// <param name="Depth">Nesting depth (root 0).</param>
/// <param name="Input">Forward moments entering the node.</param>
/// <param name="Output">Forward moments leaving the node.</param>
/// <param name="OutputGradient">Gradient moments at the node's output.</param>
/// <param name="InputGradient">Gradient moments at the node's input.</param>
public sealed record NodeTrace(string Path, string Kind, int Depth, ForwardMoments Input, ForwardMoments Output,
    GradientMoments OutputGradient, GradientMoments InputGradient);
