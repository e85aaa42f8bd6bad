using System.Runtime.CompilerServices;

namespace SignalProp.Theory.Composition;

/// <summary>
/// The residual connection y = λx + βf(x). Source: THEORY.md §2.12 (the form of the DSLM code; plain residual λ = β = 1).
/// Assumes f(x) uncorrelated with x at initialisation, which holds when the branch starts with a zero-mean random
/// projection; then σ²_out = λ²σ_x² + β²σ_f², C_out = λ²C_x + β²C_f, μ_out = λμ_x + βμ_f, and backward
/// σ²_{g,x} = λ²σ²_g + (branch backward of β²σ²_g), C likewise.
/// </summary>
public sealed record Residual : IComposite
{
    /// <summary>Creates the residual.</summary>
    /// <param name="branch">f.</param>
    /// <param name="skipScale">λ, any finite number.</param>
    /// <param name="branchScale">β, any finite number.</param>
    public Residual(IComponent branch, double skipScale = 1.0, double branchScale = 1.0)
    {
        Branch = branch ?? throw new ArgumentNullException(nameof(branch));
        SkipScale = skipScale;
        BranchScale = branchScale;
    }

    /// <summary>The branch f.</summary>
    public IComponent Branch { get; init; }

    /// <summary>λ, the scale of the shortcut.</summary>
    public double SkipScale { get; init => field = Require.Finite(value, "lambda"); }

    /// <summary>β, the scale of the branch.</summary>
    public double BranchScale { get; init => field = Require.Finite(value, "beta"); }

    /// <inheritdoc />
    public IReadOnlyList<Named> Children => [new("branch", Branch)];

    /// <summary>Combines the moments of the shortcut and of the branch output: the forward map of this node given f's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ForwardMoments Combine(ForwardMoments input, ForwardMoments branchOutput)
    {
        double l2 = SkipScale * SkipScale, b2 = BranchScale * BranchScale;
        double variance = MomentMath.Product(l2, input.Variance) + MomentMath.Product(b2, branchOutput.Variance);
        double covariance = MomentMath.Product(l2, input.TokenCovariance) + MomentMath.Product(b2, branchOutput.TokenCovariance);
        double mean = SkipScale * input.Mean + (BranchScale == 0 ? 0 : BranchScale * branchOutput.Mean);
        bool gaussian = (SkipScale == 0 || input.IsGaussian) && (BranchScale == 0 || branchOutput.IsGaussian);
        return ForwardMoments.FromCovariance(mean, variance, covariance, gaussian);
    }

    /// <inheritdoc />
    public ForwardMoments Forward(ForwardMoments input) => Combine(input, Branch.Forward(input));

    /// <inheritdoc />
    public GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient)
    {
        double b2 = BranchScale * BranchScale;
        var viaBranch = b2 == 0 ? new GradientMoments(0, 0) : Branch.Backward(input, outputGradient.Scale(b2));
        return CombineBackward(outputGradient, viaBranch);
    }

    /// <summary>
    /// The backward map of this node given the gradient that came back through the branch (the branch's backward of
    /// β²σ²_g at its input): σ²_{g,x} = λ²σ²_g + σ²_{via f}, C_{g,x} = λ²C_g + C_{via f}.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public GradientMoments CombineBackward(GradientMoments outputGradient, GradientMoments viaBranch)
    {
        double l2 = SkipScale * SkipScale;
        double variance = MomentMath.Product(l2, outputGradient.Variance) + viaBranch.Variance;
        double covariance = MomentMath.Product(l2, outputGradient.TokenCovariance) + MomentMath.Product(viaBranch.Correlation, viaBranch.Variance);
        return GradientMoments.FromCovariance(variance, covariance);
    }
}
