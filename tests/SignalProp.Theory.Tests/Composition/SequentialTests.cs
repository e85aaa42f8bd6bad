using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Composition;

public class SequentialTests
{
    private static readonly ForwardMoments X = new(0.3, 2.0, 0.4);
    private static readonly GradientMoments G = new(1.3, 0.2);

    [Fact] // Identity is the unit: an empty chain and a chain of identities behave as Identity
    public void Empty_chain_is_identity()
    {
        var empty = new Sequential();
        Assert.Equal(Identity.Instance.Forward(X), empty.Forward(X));
        Assert.Equal(Identity.Instance.Backward(X, G), empty.Backward(X, G));
        var ids = new Sequential(("a", Identity.Instance), ("b", Identity.Instance));
        Assert.Equal(X, ids.Forward(X));
    }

    [Fact] // associativity: nesting does not change the maps; Flatten joins names
    public void Nesting_is_associative_and_flatten_joins_paths()
    {
        var ln = new LayerNorm(32);
        var up = new Linear(32, 64, 0.2);
        var act = Activation.Gelu;
        var nested = new Sequential(("ln", ln), ("mlp", new Sequential(("up", up), ("act", act))));
        var flat = new Sequential(("ln", ln), ("up", up), ("act", act));
        Assert.Equal(flat.Forward(X), nested.Forward(X));
        Assert.Equal(flat.Backward(X, G), nested.Backward(X, G));
        Assert.Equal(["ln", "mlp/up", "mlp/act"], nested.Flatten().Children.Select(c => c.Name));
        Assert.Equal(nested.Flatten().Forward(X), nested.Forward(X));
    }

    [Fact] // backward uses each child's own forward input (chain rule order)
    public void Backward_applies_children_in_reverse_with_their_inputs()
    {
        var a = new LayerNorm(16);
        var b = new Linear(16, 16, 0.5);
        var chain = new Sequential(("a", a), ("b", b));
        var expected = a.Backward(X, b.Backward(a.Forward(X), G));
        Assert.Equal(expected, chain.Backward(X, G));
    }

    [Fact]
    public void Structural_equality_and_name_rules()
    {
        Assert.Equal(new Sequential(("a", new Dropout(0.1))), new Sequential(("a", new Dropout(0.1))));
        Assert.NotEqual(new Sequential(("a", new Dropout(0.1))), new Sequential(("b", new Dropout(0.1))));
        Assert.Throws<ArgumentException>(() => new Sequential(("a/", new Dropout(0.1))));
        Assert.Throws<ArgumentException>(() => new Sequential(("", new Dropout(0.1))));
        Assert.Throws<ArgumentException>(() => new Sequential(("a", new Dropout(0.1)), ("a", new Dropout(0.2))));
    }
}
