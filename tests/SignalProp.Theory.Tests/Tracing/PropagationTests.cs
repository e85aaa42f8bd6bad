using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Tracing;

namespace SignalProp.Theory.Tests.Tracing;

public class PropagationTests
{
    private static Sequential Model() => new(
        ("embed", new Embedding(1000, 1, 0.5, 0.5)),
        ("blocks", new Repeat(new Residual(new Sequential(("ln", new LayerNorm(64)),
            ("mha", new MultiHeadAttention(64, 4, 32, 0.1, 0.1, 0.1, 0.1)))), 2)));

    [Fact]
    public void Paths_name_every_node_in_preorder()
    {
        var rows = Propagation.Trace(Model(), default, GradientMoments.Unit, "model");
        Assert.Equal("model", rows[0].Path);
        Assert.Contains(rows, r => r.Path == "model/blocks/[1]/branch/mha/heads" && r.Kind == nameof(SelfAttention));
        Assert.Equal(rows.Count, rows.Select(r => r.Path).Distinct().Count());
    }

    [Fact] // the trace agrees with the composite's own maps at every level
    public void Trace_agrees_with_the_maps()
    {
        var model = Model();
        var rows = Propagation.Trace(model, default, new GradientMoments(2, 0.3));
        Assert.Equal(model.Forward(default), rows[0].Output);
        Assert.Equal(model.Backward(default, new GradientMoments(2, 0.3)), rows[0].InputGradient);
        foreach (var row in rows.Where(r => r.Kind is nameof(LayerNorm) or nameof(Linear) or nameof(Dropout)))
        {
            var leaf = FindLeaf(model, row.Path);
            Assert.Equal(leaf.Forward(row.Input), row.Output);
            Assert.Equal(leaf.Backward(row.Input, row.OutputGradient), row.InputGradient);
        }
    }

    [Fact] // a sequential parent's output gradient is its last child's output gradient; each child's input feeds the next
    public void Gradients_chain_between_siblings()
    {
        var rows = Propagation.Trace(new Sequential(("a", new LayerNorm(8)), ("b", new Linear(8, 8, 0.5))), new ForwardMoments(0, 4, 0.2), GradientMoments.Unit);
        var a = rows.Single(r => r.Path == "a");
        var b = rows.Single(r => r.Path == "b");
        Assert.Equal(b.InputGradient, a.OutputGradient);
        Assert.Equal(a.Output, b.Input);
    }

    private static IComponent FindLeaf(IComponent root, string path)
    {
        var node = root;
        foreach (var part in path.Split('/'))
            node = ((IComposite)node).Children.Single(c => c.Name == part).Component;
        return node;
    }
}
