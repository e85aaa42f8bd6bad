using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Models;

/// <summary>
/// A Post-LN sub-layer LN(λx + β·body(x)) as one component of <see cref="TransformerModel.ToComponent"/>: the same
/// forward map as the model's recurrence, including the LayerNorm of a normalised skip
/// (<see cref="LayerNorm.ForwardAfterResidual"/>). A trace shows its children <c>residual</c> and <c>ln</c>; the
/// <c>ln</c> row is the LayerNorm's own map of z, the node's output the model's.
/// </summary>
/// <param name="Residual">λx + β·body(x).</param>
/// <param name="LayerNorm">The LayerNorm after it.</param>
/// <param name="SkipIsNormalised">True when x is the previous LayerNorm's output (every sub-layer but the first).</param>
public sealed record PostNormSubLayer(Residual Residual, LayerNorm LayerNorm, bool SkipIsNormalised) : IComposite
{
    /// <inheritdoc />
    public IReadOnlyList<Named> Children => [new("residual", Residual), new("ln", LayerNorm)];

    /// <inheritdoc />
    public ForwardMoments Forward(ForwardMoments input)
    {
        var block = Residual.Branch.Forward(input);
        var z = Residual.Combine(input, block);
        return LayerNorm.ForwardAfterResidual(input, Residual.SkipScale, block, Residual.BranchScale, z, SkipIsNormalised);
    }

    /// <summary>
    /// The gradient at the input x: the LayerNorm backward (<see cref="LayerNorm.BackwardAfterResidual"/>), then the
    /// residual's. When x is a LayerNorm output, the result carries what that LayerNorm's backward will remove
    /// (<see cref="PostNormProjection"/>), as the model's recurrence does.
    /// </summary>
    public GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient)
    {
        var block = Residual.Branch.Forward(input);
        var z = Residual.Combine(input, block);
        var atResidualOutput = LayerNorm.BackwardAfterResidual(input, Residual.SkipScale, block, Residual.BranchScale, z, outputGradient,
            SkipIsNormalised, SharedNormFluctuation.Of(Residual.Branch));
        var atInput = Residual.Backward(input, atResidualOutput);
        // Only the exact map's LayerNorm backward reads the projection (the authors' keeps the paper's plain backward).
        if (!SkipIsNormalised || LayerNorm.CorrelationMap != LayerNormCorrelation.Exact) return atInput;
        double gain = Residual.Branch.Backward(input, atResidualOutput with { Variance = 1.0 }).Variance;
        return atInput.WithLayerNormProjection(PostNormProjection.Of(Residual.Branch, Residual.SkipScale, Residual.BranchScale, input, block,
            atResidualOutput.Correlation, gain));
    }
}
