namespace SignalProp.Theory.Components;

/// <summary>
/// Base of every leaf component: checks the incoming moments once, and turns an overflow upstream into an
/// overflow downstream (+∞ variance, never NaN) so that the closed forms only ever see finite numbers.
/// </summary>
public abstract record Component : IComponent
{
    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A moment is NaN, negative or |r| &gt; 1.</exception>
    public ForwardMoments Forward(ForwardMoments input)
    {
        CheckUsable(input);
        if (!input.IsFinite) return Overflowed(input);
        return ForwardCore(input);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A moment is NaN, negative or |r| &gt; 1.</exception>
    public GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient)
    {
        CheckUsable(input);
        CheckUsable(outputGradient);
        if (!outputGradient.IsFinite || (!input.IsFinite && BackwardReadsInput))
            return new GradientMoments(double.PositiveInfinity, outputGradient.Correlation);
        return BackwardCore(input, outputGradient);
    }

    /// <summary>
    /// Whether the backward map depends on the forward input moments. When it does not (linear layers, dropout), an
    /// overflowed forward input does not make the gradient overflow.
    /// </summary>
    protected virtual bool BackwardReadsInput => true;

    /// <summary>The forward map on finite, valid input moments.</summary>
    protected abstract ForwardMoments ForwardCore(ForwardMoments input);

    /// <summary>The backward map on finite, valid moments.</summary>
    protected abstract GradientMoments BackwardCore(ForwardMoments input, GradientMoments outputGradient);

    /// <summary>The input checks of <see cref="Forward"/>: no NaN, σ² ≥ 0, r in [−1, 1] (∞ is allowed and propagated).</summary>
    /// <param name="x">The input moments.</param>
    /// <exception cref="ArgumentOutOfRangeException">A moment is NaN, negative or |r| &gt; 1.</exception>
    protected static void CheckUsable(ForwardMoments x)
    {
        // One well-predicted branch on the hot path (NaN fails every comparison); the messages are built off it.
        if (!(x.Variance >= 0 && x.Correlation >= -1 && x.Correlation <= 1 && !double.IsNaN(x.Mean))) ThrowUnusable(x);
    }

    /// <summary>Throws if the gradient moments are unusable (NaN, negative variance, |r| &gt; 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">They are.</exception>
    protected static void CheckUsable(GradientMoments g)
    {
        // One well-predicted branch on the hot path (NaN fails every comparison); the messages are built off it.
        if (!(g.Variance >= 0 && g.Correlation >= -1 && g.Correlation <= 1)) ThrowUnusable(g);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowUnusable(ForwardMoments x)
    {
        if (double.IsNaN(x.Mean)) throw Require.Fail("input.Mean", x.Mean, "a number (not NaN)");
        if (double.IsNaN(x.Variance) || x.Variance < 0) throw Require.Fail("input.Variance", x.Variance, "a number ≥ 0");
        throw Require.Fail("input.Correlation", x.Correlation, "in [-1, 1]");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowUnusable(GradientMoments g)
    {
        if (double.IsNaN(g.Variance) || g.Variance < 0) throw Require.Fail("outputGradient.Variance", g.Variance, "a number ≥ 0");
        throw Require.Fail("outputGradient.Correlation", g.Correlation, "in [-1, 1]");
    }

    private static ForwardMoments Overflowed(ForwardMoments x)
        => new(double.IsFinite(x.Mean) ? x.Mean : double.PositiveInfinity, double.PositiveInfinity, x.Correlation, x.IsGaussian);
}
