using SignalProp.Theory.Composition;
using SignalProp.Theory.Formulas.Attention;

namespace SignalProp.Theory.Components;

/// <summary>
/// The attention block body: h-head self-attention (Q/K/V: d→d_h per head), the output projection W_O (d→d) and
/// hidden dropout p: <c>heads → out → dropout</c>. THEORY.md §2.10 [DERIVED]: σ²_att = dσ_o²·σ²_SHA/(1−p),
/// C_att = dσ_o²·C_SHA; backward through dropout, W_O (fan-out d) and the heads summed (d_out = d).
/// Composite of <see cref="SelfAttention"/>, <see cref="Linear"/> and <see cref="Dropout"/>, so no formula is written twice.
/// </summary>
public sealed record MultiHeadAttention : IChain
{
    // The children as a chain, built on first use (Children, tracing): the model's recurrences call the typed children
    // directly, so that a 1000-layer scheme with per-layer σ's does not build 1000 Sequential nodes it never reads.
    private Named[]? children;

    /// <summary>Creates the block body.</summary>
    /// <param name="modelFeatures">d ≥ 1, divisible by <paramref name="heads"/>.</param>
    /// <param name="heads">h ≥ 1.</param>
    /// <param name="length">L ≥ 2.</param>
    /// <param name="queryStd">σ_q ≥ 0.</param>
    /// <param name="keyStd">σ_k ≥ 0.</param>
    /// <param name="valueStd">σ_v ≥ 0.</param>
    /// <param name="outputStd">σ_o ≥ 0.</param>
    /// <param name="attentionDropout">p_a on the attention probabilities, in [0, 1).</param>
    /// <param name="hiddenDropout">p after W_O, in [0, 1).</param>
    /// <param name="backwardFormula">The attention backward formula of the heads (<see cref="SelfAttention.BackwardFormula"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, or h does not divide d.</exception>
    public MultiHeadAttention(int modelFeatures, int heads, int length, double queryStd, double keyStd, double valueStd,
        double outputStd, double attentionDropout = 0.0, double hiddenDropout = 0.0, AttentionBackward backwardFormula = AttentionBackward.Full)
    {
        Require.AtLeast(modelFeatures, 1, "d");
        Require.AtLeast(heads, 1, "heads");
        if (modelFeatures % heads != 0) throw Require.Fail("heads", heads, $"a divisor of d = {modelFeatures}");
        (ModelFeatures, Heads) = (modelFeatures, heads);
        Attention = new SelfAttention(modelFeatures, modelFeatures / heads, heads, length, queryStd, keyStd, valueStd, attentionDropout)
        {
            BackwardFormula = backwardFormula,
        };
        Output = new Linear(modelFeatures, modelFeatures, outputStd);
        HiddenDropout = Dropout.Of(hiddenDropout);
    }

    /// <summary>d.</summary>
    public int ModelFeatures { get; }

    /// <summary>h.</summary>
    public int Heads { get; }

    /// <summary>The heads (Q, K, V and softmax).</summary>
    public SelfAttention Attention { get; }

    /// <summary>The output projection W_O.</summary>
    public Linear Output { get; }

    /// <summary>The hidden dropout after W_O.</summary>
    public Dropout HiddenDropout { get; }

    /// <inheritdoc />
    public IReadOnlyList<Named> Children => children ??= [new("heads", Attention), new("out", Output), new("dropout", HiddenDropout)];

    /// <inheritdoc />
    public ForwardMoments Forward(ForwardMoments input) => HiddenDropout.Forward(Output.Forward(Attention.Forward(input)));

    /// <inheritdoc />
    public GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient)
        => IChain.BackwardByRecording(this, ChildCount, input, outputGradient);

    /// <inheritdoc />
    public ForwardMoments ForwardRecording(ForwardMoments input, Span<ForwardMoments> childInputs)
    {
        // Direct calls on the sealed children (no interface dispatch): this is the inner loop of a whole-model prediction.
        childInputs[0] = input;
        childInputs[1] = Attention.Forward(input);
        childInputs[2] = Output.Forward(childInputs[1]);
        return HiddenDropout.Forward(childInputs[2]);
    }

    /// <inheritdoc />
    public GradientMoments BackwardRecorded(ReadOnlySpan<ForwardMoments> childInputs, GradientMoments outputGradient)
        => Attention.Backward(childInputs[0], BackwardToAttention(childInputs, outputGradient));

    /// <summary>
    /// <see cref="ForwardRecording"/> with the closed attention formulas, also returning the attention's closed statistics
    /// for <see cref="BackwardRecordedClosed"/> (a whole-model prediction with <see cref="AttentionBackward.Closed"/>
    /// evaluates the softmax limits once per sub-layer instead of once in each direction).
    /// </summary>
    internal ForwardMoments ForwardRecordingClosed(ForwardMoments input, Span<ForwardMoments> childInputs, out ClosedAttentionStatistics statistics)
    {
        // The same recording as ForwardRecording's, written out: routing both through one helper that takes the attention
        // output measured 3–4× slower for ForwardRecording (60 → 180–300 ns) on this inner loop.
        childInputs[0] = input;
        childInputs[1] = Attention.ForwardClosed(input, out statistics);
        childInputs[2] = Output.Forward(childInputs[1]);
        return HiddenDropout.Forward(childInputs[2]);
    }

    /// <summary><see cref="BackwardRecorded"/> from the statistics that <see cref="ForwardRecordingClosed"/> returned.</summary>
    internal GradientMoments BackwardRecordedClosed(ReadOnlySpan<ForwardMoments> childInputs, in ClosedAttentionStatistics statistics,
        GradientMoments outputGradient)
        => Attention.BackwardClosed(childInputs[0], statistics, BackwardToAttention(childInputs, outputGradient));

    // The gradient at the heads' output: back through the hidden dropout and W_O.
    private GradientMoments BackwardToAttention(ReadOnlySpan<ForwardMoments> childInputs, GradientMoments outputGradient)
        => Output.Backward(childInputs[1], HiddenDropout.Backward(childInputs[2], outputGradient));

    /// <summary>Equal when the widths and every child are equal.</summary>
    public bool Equals(MultiHeadAttention? other)
        => other is not null && ModelFeatures == other.ModelFeatures && Heads == other.Heads && Attention == other.Attention
           && Output == other.Output && HiddenDropout == other.HiddenDropout;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ModelFeatures, Heads, Attention, Output, HiddenDropout);

    private const int ChildCount = 3;
}
