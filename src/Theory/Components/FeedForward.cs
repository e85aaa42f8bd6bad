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
    private readonly Sequential body;

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
        HiddenDropout = new Dropout(dropProbability);
        body = new Sequential(("up", Up), ("act", Act), ("down", Down), ("dropout", HiddenDropout));
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
    public IReadOnlyList<Named> Children => body.Children;

    /// <inheritdoc />
    public ForwardMoments Forward(ForwardMoments input) => body.Forward(input);

    /// <inheritdoc />
    public GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient) => body.Backward(input, outputGradient);

    /// <inheritdoc />
    public ForwardMoments ForwardRecording(ForwardMoments input, Span<ForwardMoments> childInputs) => body.ForwardRecording(input, childInputs);

    /// <inheritdoc />
    public GradientMoments BackwardRecorded(ReadOnlySpan<ForwardMoments> childInputs, GradientMoments outputGradient) => body.BackwardRecorded(childInputs, outputGradient);
}
