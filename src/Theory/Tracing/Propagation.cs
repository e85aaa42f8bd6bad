using SignalProp.Theory.Composition;

namespace SignalProp.Theory.Tracing;

/// <summary>
/// Walks a component tree and records forward and backward moments at every node, with paths built from the child
/// names (<c>parent/child</c>). Composites are sequential chains of their children, except <see cref="Residual"/>, whose
/// branch receives the β²-scaled output gradient and the residual's own input.
/// </summary>
public static class Propagation
{
    /// <summary>Traces <paramref name="root"/> for the given input and output-gradient moments, in pre-order.</summary>
    public static IReadOnlyList<NodeTrace> Trace(IComponent root, ForwardMoments input, GradientMoments outputGradient, string rootName = "")
    {
        var rows = new List<NodeTrace>();
        Visit(root, rootName, 0, input, outputGradient, rows);
        return rows;
    }

    private static GradientMoments Visit(IComponent node, string path, int depth, ForwardMoments input, GradientMoments outputGradient, List<NodeTrace> rows)
    {
        var output = node.Forward(input);
        int index = rows.Count;
        rows.Add(null!); // placeholder: the node precedes its children, but its input gradient is known only after them
        GradientMoments inputGradient;
        switch (node)
        {
            case Residual residual:
                double b2 = residual.BranchScale * residual.BranchScale;
                Visit(residual.Branch, Join(path, "branch"), depth + 1, input, outputGradient.Scale(b2), rows);
                inputGradient = residual.Backward(input, outputGradient);
                break;
            case IComposite composite:
                var children = composite.Children;
                var inputs = new ForwardMoments[children.Count];
                var x = input;
                for (int i = 0; i < children.Count; i++)
                {
                    inputs[i] = x;
                    x = children[i].Component.Forward(x);
                }
                // Children are visited in forward order for readable traces; their gradients come from a backward sweep first.
                var gradients = new GradientMoments[children.Count + 1];
                gradients[children.Count] = outputGradient;
                for (int i = children.Count - 1; i >= 0; i--) gradients[i] = children[i].Component.Backward(inputs[i], gradients[i + 1]);
                for (int i = 0; i < children.Count; i++)
                    Visit(children[i].Component, Join(path, children[i].Name), depth + 1, inputs[i], gradients[i + 1], rows);
                // The node's own backward is authoritative: a composite that is not a plain chain (a Post-LN sub-layer, whose
                // LayerNorm reads the residual's parts) is not the sweep over its children above, which is for display.
                inputGradient = composite is IChain ? gradients[0] : node.Backward(input, outputGradient);
                break;
            default:
                inputGradient = node.Backward(input, outputGradient);
                break;
        }
        rows[index] = new NodeTrace(path, node.GetType().Name, depth, input, output, outputGradient, inputGradient);
        return inputGradient;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}/{name}";
}
