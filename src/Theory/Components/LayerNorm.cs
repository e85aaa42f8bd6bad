using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Components;

/// <summary>
/// LayerNorm over d features at initialisation (γ = 1, β = 0). Forward: mean 0, variance 1, token correlation by
/// the chosen map (the authors' r(1−1/d) by default; exact or unchanged optionally). Backward: σ²_g/σ_x², r_g kept.
/// Moments: <see cref="LayerNormFormulas"/> (THEORY.md §2.5, ATTENTION.md §11.1). The theory takes ε → 0;
/// <see cref="Epsilon"/> is carried for the real layer (PyTorch default 10⁻⁵), whose effect is O(ε/σ_x²).
/// </summary>
/// <param name="Features">d, the normalised width. Range: ≥ 2 (one feature normalises to 0).</param>
/// <param name="CorrelationMap">Which token-correlation map to use.</param>
/// <param name="Epsilon">ε of the real layer. Range: ≥ 0.</param>
public sealed record LayerNorm(int Features, LayerNormCorrelation CorrelationMap = LayerNormCorrelation.Exact, double Epsilon = 1e-5) : Component
{
    /// <summary>d. Range: ≥ 2.</summary>
    public int Features { get; init => field = Require.AtLeast(value, 2, "d"); } = Require.AtLeast(Features, 2, "d");

    /// <summary>ε of the real layer. Range: ≥ 0.</summary>
    public double Epsilon { get; init => field = Require.NonNegativeFinite(value, "epsilon"); } = Require.NonNegativeFinite(Epsilon, "epsilon");

    /// <inheritdoc />
    protected override ForwardMoments ForwardCore(ForwardMoments input) => LayerNormFormulas.Forward(input.Correlation, Features, CorrelationMap);

    /// <summary>
    /// The Post-LN LayerNorm backward of a residual output z = λ·skip + β·branch: <see cref="Component.Backward"/>(z, g)
    /// times, with the exact map, the per-token Jensen factor of z's fluctuating norm
    /// (<see cref="LayerNormFormulas.ResidualJensenFactor"/>) and the fraction of g that the projection off the feature
    /// mean and off the output keeps (<see cref="LayerNormProjectionFormulas.Keep"/>, from
    /// <see cref="GradientMoments.LayerNormProjection"/>, which the sub-layer above sets). The authors' map (and an
    /// infinite moment) gives the plain backward, as in the paper.
    /// </summary>
    /// <param name="skip">The skip input x.</param>
    /// <param name="skipScale">λ.</param>
    /// <param name="branch">The branch output f(x).</param>
    /// <param name="branchScale">β.</param>
    /// <param name="residualOutput">z = λx + βf.</param>
    /// <param name="outputGradient">The gradient at the LayerNorm's output.</param>
    /// <param name="skipIsNormalised">True when x is a LayerNorm output (fixed norm); false for a Gaussian skip.</param>
    /// <param name="sharedNormRelativeVariance">κ of the branch body (<see cref="SharedNormFluctuation.Of"/>).</param>
    /// <returns>The gradient at z (isotropic <see cref="GradientMoments.LayerNormProjection"/>: the LayerNorm's
    /// backward builds new moments).</returns>
    public GradientMoments BackwardAfterResidual(ForwardMoments skip, double skipScale, ForwardMoments branch, double branchScale,
        ForwardMoments residualOutput, GradientMoments outputGradient, bool skipIsNormalised, double sharedNormRelativeVariance)
    {
        var gradient = Backward(residualOutput, outputGradient);
        if (!TryResidualParts(skip, skipScale, branch, branchScale, residualOutput, out double skipPart, out double branchPart))
            return gradient;
        double jensen = LayerNormFormulas.ResidualJensenFactor(skipPart, branchPart, branch.Correlation, Features, sharedNormRelativeVariance, skipIsNormalised);
        return gradient.Scale(jensen * LayerNormProjectionFormulas.Keep(outputGradient.LayerNormProjection, Features));
    }

    // The residual-aware forms apply when the map is exact and every moment is finite (the forward one also needs a
    // normalised skip); they read z's two parts λ²σ²_skip and β²σ²_branch.
    private bool TryResidualParts(ForwardMoments skip, double skipScale, ForwardMoments branch, double branchScale,
        ForwardMoments residualOutput, out double skipPart, out double branchPart)
    {
        (skipPart, branchPart) = (0, 0);
        if (CorrelationMap != LayerNormCorrelation.Exact || !residualOutput.IsFinite || !skip.IsFinite || !branch.IsFinite)
            return false;
        skipPart = MomentMath.Product(skipScale * skipScale, skip.Variance);
        branchPart = MomentMath.Product(branchScale * branchScale, branch.Variance);
        return true;
    }

    /// <summary>
    /// The Post-LN LayerNorm of a residual output z = λ·skip + β·branch. When the skip is itself a LayerNorm output
    /// (<paramref name="skipIsNormalised"/>: every Post-LN sub-layer but the first) its norm does not fluctuate, so with the
    /// exact map only the branch part carries the Jensen correction
    /// (<see cref="LayerNormFormulas.NormalisedSkipCorrelation"/>); otherwise this is <see cref="Component.Forward"/>(z).
    /// </summary>
    /// <param name="skip">The skip input x.</param>
    /// <param name="skipScale">λ.</param>
    /// <param name="branch">The branch output f(x).</param>
    /// <param name="branchScale">β.</param>
    /// <param name="residualOutput">z = λx + βf, as combined by the residual.</param>
    /// <param name="skipIsNormalised">True when x is a LayerNorm output.</param>
    public ForwardMoments ForwardAfterResidual(ForwardMoments skip, double skipScale, ForwardMoments branch, double branchScale,
        ForwardMoments residualOutput, bool skipIsNormalised)
    {
        if (!skipIsNormalised || !TryResidualParts(skip, skipScale, branch, branchScale, residualOutput, out double skipPart, out double branchPart))
            return Forward(residualOutput);
        // The exact map's correlation would be replaced here, so only validate the input (as Forward does) and skip its
        // hypergeometric series: Post-LN models evaluate this at every sub-layer.
        CheckUsable(residualOutput);
        return new ForwardMoments(0.0, 1.0, LayerNormFormulas.NormalisedSkipCorrelation(skip.Correlation, skipPart, branchPart, branch.Correlation, Features));
    }

    /// <inheritdoc />
    protected override GradientMoments BackwardCore(ForwardMoments input, GradientMoments outputGradient)
        => LayerNormFormulas.Backward(input.Variance, outputGradient);
}
