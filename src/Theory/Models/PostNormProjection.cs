using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Models;

/// <summary>
/// What the LayerNorm below a Post-LN sub-layer removes from the gradient that sub-layer passes down: d × the fraction of
/// E|g|² along the feature mean (<see cref="LayerNormProjectionFormulas.FeatureMean"/>) plus along the LayerNorm's
/// output, the sub-layer's input y (<see cref="LayerNormProjectionFormulas.AttentionOutputDirection"/>,
/// <see cref="LayerNormProjectionFormulas.FeedForwardOutputDirection"/>). The model's recurrence and
/// <see cref="PostNormSubLayer"/> both call it, and store the result in <see cref="GradientMoments.LayerNormProjection"/>.
/// </summary>
public static class PostNormProjection
{
    /// <summary>For a multi-head attention body.</summary>
    /// <param name="body">The body.</param>
    /// <param name="skipScale">λ.</param>
    /// <param name="branchScale">β.</param>
    /// <param name="bodyInput">y, the LayerNorm output below (the body's input).</param>
    /// <param name="block">The body's output f(y).</param>
    /// <param name="gradientCorrelation">r_g of the gradient at this sub-layer's residual sum.</param>
    /// <param name="gain">t, the body's backward gain at that r_g.</param>
    public static double Of(MultiHeadAttention body, double skipScale, double branchScale, ForwardMoments bodyInput, ForwardMoments block,
        double gradientCorrelation, double gain)
    {
        ArgumentNullException.ThrowIfNull(body);
        double lambda2 = skipScale * skipScale, beta2 = branchScale * branchScale;
        var attention = body.Attention;
        double valueGain = attention.ValueStd is double v ? attention.InFeatures * v * v : 1.0;
        double outputGain = body.Output.InFeatures * body.Output.WeightStd * body.Output.WeightStd;
        var input = AttentionFormulas.AbsorbMean(bodyInput);
        return LayerNormProjectionFormulas.FeatureMean(lambda2, beta2 * gain)
               + LayerNormProjectionFormulas.AttentionOutputDirection(input.Correlation, attention.ScoreVariance(bodyInput), attention.Length,
                   valueGain * outputGain, body.HiddenDropout.DropProbability, attention.AttentionDropout, gradientCorrelation, lambda2, beta2,
                   block.Variance, block.Correlation, gain);
    }

    /// <summary>For an FFN body.</summary>
    /// <inheritdoc cref="Of(MultiHeadAttention, double, double, ForwardMoments, ForwardMoments, double, double)"/>
    public static double Of(FeedForward body, double skipScale, double branchScale, ForwardMoments bodyInput, ForwardMoments block,
        double gradientCorrelation, double gain)
    {
        ArgumentNullException.ThrowIfNull(body);
        double lambda2 = skipScale * skipScale, beta2 = branchScale * branchScale;
        var down = body.Down;
        // ReLU and the identity need no pre-activation moments: their part along y is 0 (and the sweep runs this per sub-layer).
        double along = LayerNormProjectionFormulas.IsHomogeneous(body.Act.Function) ? 0.0
            : LayerNormProjectionFormulas.FeedForwardOutputDirection(body.Act.Function, body.Up.Forward(bodyInput).Variance,
                down.InFeatures * down.WeightStd * down.WeightStd, body.HiddenDropout.DropProbability, lambda2, beta2, block.Variance, gain);
        return LayerNormProjectionFormulas.FeatureMean(lambda2, beta2 * gain) + along;
    }

    /// <summary>For any body: attention and FFN as above; otherwise the branch gradient is taken as isotropic, so it
    /// brings the same share along the output as along the feature mean.</summary>
    /// <inheritdoc cref="Of(MultiHeadAttention, double, double, ForwardMoments, ForwardMoments, double, double)"/>
    public static double Of(IComponent body, double skipScale, double branchScale, ForwardMoments bodyInput, ForwardMoments block,
        double gradientCorrelation, double gain) => body switch
    {
        MultiHeadAttention attention => Of(attention, skipScale, branchScale, bodyInput, block, gradientCorrelation, gain),
        FeedForward feedForward => Of(feedForward, skipScale, branchScale, bodyInput, block, gradientCorrelation, gain),
        _ => 2 * LayerNormProjectionFormulas.FeatureMean(skipScale * skipScale, branchScale * branchScale * gain),
    };
}
