namespace SignalProp.Theory.Models;

/// <summary>The forward moments inside one sub-layer step of the residual stream.</summary>
/// <param name="BodyInput">What the attention/FFN body reads: LN(x) in Pre-LN, x in Post-LN.</param>
/// <param name="Block">The body's output f(·), before β.</param>
/// <param name="ResidualOutput">λx + βf.</param>
/// <param name="Output">The stream after the sub-layer: λx + βf (Pre-LN) or LN(λx + βf) (Post-LN).</param>
public readonly record struct SubLayerStep(ForwardMoments BodyInput, ForwardMoments Block, ForwardMoments ResidualOutput, ForwardMoments Output);
