using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;

namespace SignalProp.Theory.Tests.Composition;

/// <summary>
/// <see cref="IChain"/>: recording the child inputs during the forward pass and replaying them in the backward pass
/// must give bit-for-bit the results of the plain maps, which recompute the child inputs.
/// </summary>
public class ChainRecordingTests
{
    public static TheoryData<string> Chains => ["sequential", "mha", "ffn"];

    private static IChain Build(string name) => name switch
    {
        "sequential" => new Sequential(("ln", new LayerNorm(64)), ("up", new Linear(64, 256, 0.05)), ("act", Activation.Gelu),
            ("down", new Linear(256, 64, 0.07)), ("drop", new Dropout(0.1))),
        "mha" => new MultiHeadAttention(64, 4, 128, 0.2, 0.15, 0.1, 0.12, 0.1, 0.1),
        _ => new FeedForward(64, 256, Activation.Relu, 0.1, 0.05, 0.2),
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public void Recorded_forward_and_backward_equal_the_plain_maps(string name)
    {
        var chain = Build(name);
        var x = new ForwardMoments(0.3, 1.7, 0.4);
        var g = new GradientMoments(2.5, 0.2);
        var inputs = new ForwardMoments[chain.Children.Count];

        var y = chain.ForwardRecording(x, inputs);

        Assert.Equal(chain.Forward(x), y);
        Assert.Equal(x, inputs[0]);
        Assert.Equal(chain.Children[0].Component.Forward(x), inputs[1]);
        Assert.Equal(chain.Backward(x, g), chain.BackwardRecorded(inputs, g));
    }
}
