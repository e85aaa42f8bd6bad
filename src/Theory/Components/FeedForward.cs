using SignalProp.Theory.Composition;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Components;

/// <summary>
/// The FFN block body: W_1 (d→d_ff) → activation → W_2 (d_ff→d) → hidden dropout p (THEORY.md §2.11 [DERIVED]; for
/// ReLU its correlation map (1−p)φ(r) matches the DSLM code's <c>ffn_block</c>). Any d_ff; ReLU, GeLU or any
/// <see cref="ElementwiseFunction"/>. A composite of <see cref="Linear"/>, <see cref="Activation"/> and <see cref="Dropout"/>:
/// the ReLU mean enters the second linear layer through its μ² term, exactly as §2.11 prescribes.
/// </summary>
public sealed record FeedForward : IChain
{
    // The children as a chain, built on first use (Children, tracing): the model's recurrences call the typed children
    // directly, so that a 1000-layer scheme with per-layer σ's does not build 1000 Sequential nodes it never reads.
    private Named[]? children;

    /// <summary>Creates the block body.</summary>
    /// <param name="modelFeatures">d ≥ 1.</param>
    /// <param name="hiddenFeatures">d_ff ≥ 1.</param>
    /// <param name="activation">The activation (e.g. <see cref="Activation.Relu"/>).</param>
    /// <param name="upStd">σ_1 of W_1, ≥ 0.</param>
    /// <param name="downStd">σ_2 of W_2, ≥ 0.</param>
    /// <param name="dropProbability">p after W_2, in [0, 1).</param>
    public FeedForward(int modelFeatures, int hiddenFeatures, Activation activation, double upStd, double downStd, double dropProbability = 0.0)
    {
        Require.AtLeast(modelFeatures, 1, "d");
        Up = new Linear(modelFeatures, Require.AtLeast(hiddenFeatures, 1, "d-ff"), upStd);
        Act = activation ?? throw new ArgumentNullException(nameof(activation));
        Down = new Linear(hiddenFeatures, modelFeatures, downStd);
        HiddenDropout = Dropout.Of(dropProbability);
    }

    /// <summary>W_1.</summary>
    public Linear Up { get; }

    /// <summary>The activation.</summary>
    public Activation Act { get; }

    /// <summary>W_2.</summary>
    public Linear Down { get; }

    /// <summary>The hidden dropout after W_2.</summary>
    public Dropout HiddenDropout { get; }

    /// <inheritdoc />
    public IReadOnlyList<Named> Children => children ??= [new("up", Up), new("act", Act), new("down", Down), new("dropout", HiddenDropout)];

    /// <inheritdoc />
    public ForwardMoments Forward(ForwardMoments input) => HiddenDropout.Forward(Down.Forward(Act.Forward(Up.Forward(input))));

    /// <inheritdoc />
    public GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient)
        => IChain.BackwardByRecording(this, ChildCount, input, outputGradient);

    /// <inheritdoc />
    public ForwardMoments ForwardRecording(ForwardMoments input, Span<ForwardMoments> childInputs)
    {
        // Direct calls on the sealed children (no interface dispatch): this is the inner loop of a whole-model prediction.
        childInputs[0] = input;
        childInputs[1] = Up.Forward(input);
        childInputs[2] = Act.Forward(childInputs[1]);
        childInputs[3] = Down.Forward(childInputs[2]);
        return HiddenDropout.Forward(childInputs[3]);
    }

    /// <inheritdoc />
    public GradientMoments BackwardRecorded(ReadOnlySpan<ForwardMoments> childInputs, GradientMoments outputGradient)
        => Up.Backward(childInputs[0], Act.Backward(childInputs[1], Down.Backward(childInputs[2], HiddenDropout.Backward(childInputs[3], outputGradient))));

    /// <summary>Equal when every child is equal.</summary>
    public bool Equals(FeedForward? other)
        => other is not null && Up == other.Up && Act == other.Act && Down == other.Down && HiddenDropout == other.HiddenDropout;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Up, Act, Down, HiddenDropout);

    private const int ChildCount = 4;
}
