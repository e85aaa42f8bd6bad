using SignalProp.Theory.Formulas;
using SignalProp.Theory.Formulas.Attention;

namespace SignalProp.Theory.Components;

/// <summary>
/// Softmax self-attention, h heads of width d_h reading the same d_in-wide input, heads concatenated (no output
/// projection): per head Y = dropout_p(softmax(QKᵀ/√d_h))·V. One leaf, not a chain, because Q, K and V read the same
/// input. Forward moments per feature equal one head's (heads are independent with identical moments); backward sums
/// the heads, i.e. uses d_out = h·d_h (THEORY.md §2.10). With <see cref="ValueStd"/> null there is no V projection
/// (Y = A X, §2.9; then h must be 1 and d_h = d_in). Moments by <see cref="BackwardFormula"/>:
/// <see cref="AttentionBackward.Value"/> = the authors' <see cref="AttentionFormulas"/> (log-normal forward, value-path
/// backward); <see cref="AttentionBackward.Full"/> = <see cref="AttentionForwardFormulas"/> with exact softmax statistics
/// and <see cref="AttentionGradientFormulas.Full(AttentionGradientInputs)"/> (value, query and key paths, ATTENTION.md §7, per head §9);
/// <see cref="AttentionBackward.Closed"/> = their closed forms.
/// </summary>
public sealed record SelfAttention : Component
{
    /// <summary>Creates the attention leaf.</summary>
    /// <param name="inFeatures">d_in ≥ 1.</param>
    /// <param name="headFeatures">d_h = d_out per head ≥ 1.</param>
    /// <param name="heads">h ≥ 1.</param>
    /// <param name="length">L ≥ 2, the sequence length.</param>
    /// <param name="queryStd">σ_q ≥ 0.</param>
    /// <param name="keyStd">σ_k ≥ 0.</param>
    /// <param name="valueStd">σ_v ≥ 0, or null for attention without V.</param>
    /// <param name="attentionDropout">p on the attention probabilities, in [0, 1).</param>
    public SelfAttention(int inFeatures, int headFeatures, int heads, int length, double queryStd, double keyStd,
        double? valueStd, double attentionDropout = 0.0)
    {
        InFeatures = inFeatures;
        HeadFeatures = headFeatures;
        Heads = heads;
        Length = length;
        QueryStd = queryStd;
        KeyStd = keyStd;
        ValueStd = valueStd;
        AttentionDropout = attentionDropout;
        if (valueStd is null && (heads != 1 || headFeatures != inFeatures))
            throw Require.Fail("heads", heads, $"1 with d-out = d-in = {inFeatures} for attention without V (Y = A·X keeps the input width)");
    }

    /// <summary>d_in. Range: ≥ 1.</summary>
    public int InFeatures { get; init => field = Require.AtLeast(value, 1, "d-in"); }

    /// <summary>d_h, the width of one head (d_out of the authors' single-head script). Range: ≥ 1.</summary>
    public int HeadFeatures { get; init => field = Require.AtLeast(value, 1, "d-out"); }

    /// <summary>h. Range: ≥ 1.</summary>
    public int Heads { get; init => field = Require.AtLeast(value, 1, "heads"); }

    /// <summary>L. Range: ≥ 2.</summary>
    public int Length { get; init => field = Require.AtLeast(value, 2, "seq-len"); }

    /// <summary>σ_q. Range: ≥ 0.</summary>
    public double QueryStd { get; init => field = Require.NonNegativeFinite(value, "q-std"); }

    /// <summary>σ_k. Range: ≥ 0.</summary>
    public double KeyStd { get; init => field = Require.NonNegativeFinite(value, "k-std"); }

    /// <summary>σ_v, or null for attention without a V projection. Range: ≥ 0.</summary>
    public double? ValueStd { get; init => field = value is double v ? Require.NonNegativeFinite(v, "v-std") : null; }

    /// <summary>p on the attention probabilities. Range: [0, 1).</summary>
    public double AttentionDropout { get; init => field = Require.DropProbability(value, "attention-dropout"); }

    /// <summary>
    /// The backward formula: <see cref="AttentionBackward.Value"/> (the authors'), <see cref="AttentionBackward.Full"/>
    /// or <see cref="AttentionBackward.Closed"/> (ATTENTION.md §7; without V, G itself plays the role of G·W_Vᵀ, which has
    /// the same second moments as σ_v² = 1/n). The forward pass follows the same choice (the authors' log-normal
    /// forward for Value, exact softmax statistics for Full, their log-normal limits averaged over the row-variance law
    /// for Closed).
    /// </summary>
    public AttentionBackward BackwardFormula { get; init => field = Enum.IsDefined(value) ? value : throw Require.Fail("attention-backward", value, "value, full or closed"); } = AttentionBackward.Full;

    /// <summary>d_out summed over heads, h·d_h: the fan-out seen by the backward pass.</summary>
    public int TotalOutFeatures => Heads * HeadFeatures;

    /// <summary>The score variance S² for the given input (THEORY.md §1).</summary>
    public double ScoreVariance(ForwardMoments input) => AttentionFormulas.ScoreVariance(InFeatures, input.SecondMoment, QueryStd, KeyStd);

    /// <inheritdoc />
    /// <exception cref="AssumptionViolatedException">Attention without V is given a non-zero input mean.</exception>
    protected override ForwardMoments ForwardCore(ForwardMoments input)
    {
        RequireZeroMeanWithoutValue(input);
        if (BackwardFormula == AttentionBackward.Value)
            return AttentionFormulas.Forward(input, InFeatures, Length, QueryStd, KeyStd, ValueStd, AttentionDropout);
        var (second, r) = AttentionFormulas.AbsorbMean(input);
        if (BackwardFormula == AttentionBackward.Closed) return ForwardClosed(second, r, out _);
        return AttentionForwardFormulas.Forward(second, r, InFeatures, HeadFeatures, Length, QueryStd, KeyStd, ValueStd, AttentionDropout,
            closed: false);
    }

    /// <summary>
    /// The closed forward (<see cref="AttentionBackward.Closed"/>, whatever <see cref="BackwardFormula"/> says), also
    /// returning the gradient-independent part of the closed backward at this input for <see cref="BackwardClosed"/>:
    /// both need the same moment generating functions, so a whole-model prediction evaluates them once per sub-layer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A moment is NaN, negative or |r| &gt; 1.</exception>
    internal ForwardMoments ForwardClosed(ForwardMoments input, out ClosedAttentionStatistics statistics)
    {
        statistics = default;
        // An overflowed input gives an overflowed output (and throws if unusable), as Forward does.
        if (!input.IsFinite) return Forward(input);
        CheckUsable(input);
        RequireZeroMeanWithoutValue(input);
        var (second, r) = AttentionFormulas.AbsorbMean(input);
        return ForwardClosed(second, r, out statistics);
    }

    private ForwardMoments ForwardClosed(double second, double r, out ClosedAttentionStatistics statistics)
    {
        statistics = ClosedStatisticsAt(second, r);
        return AttentionForwardFormulas.FromStatistics(second, r, InFeatures, ValueStd, AttentionDropout, statistics.ForwardStatistics);
    }

    /// <summary>
    /// The closed backward at the input that <see cref="ForwardClosed(ForwardMoments, out ClosedAttentionStatistics)"/>
    /// saw, from the <paramref name="statistics"/> it returned (equal to <see cref="Component.Backward"/> with
    /// <see cref="AttentionBackward.Closed"/>, up to rounding).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A moment is unusable, or r_g &lt; −1/(L−1).</exception>
    internal GradientMoments BackwardClosed(ForwardMoments input, in ClosedAttentionStatistics statistics, GradientMoments outputGradient)
    {
        // Overflowed moments give an overflowed gradient (and throw if unusable), as Backward does.
        if (!input.IsFinite || !outputGradient.IsFinite) return Backward(input, outputGradient);
        CheckUsable(input);
        CheckUsable(outputGradient);
        return ClosedGradient(AttentionFormulas.AbsorbMean(input).Correlation, statistics, outputGradient);
    }

    private ClosedAttentionStatistics ClosedStatisticsAt(double secondMoment, double r)
        => ClosedAttentionStatistics.Of(AttentionFormulas.ScoreVariance(InFeatures, secondMoment, QueryStd, KeyStd), r, AttentionDropout,
            InFeatures, HeadFeatures, Length);

    // Each head reads its own d_h-wide slice of the upstream gradient; heads are independent (ATTENTION.md §9).
    private GradientMoments ClosedGradient(double r, in ClosedAttentionStatistics statistics, GradientMoments outputGradient)
    {
        AttentionGradientInputs.EnsureConsistent(r, outputGradient.Correlation, Length);
        return statistics.GradientMoments(outputGradient.Correlation, AttentionGradientInputs.GainOf(HeadFeatures, outputGradient.Variance, ValueVariance),
            Heads);
    }

    // Without V (Y = A·X, d = n) the upstream gradient pulled back to input space is G itself, whose second moments are
    // those of G·W_Vᵀ with σ_v² = 1/n, d = n; only these second moments enter the derivation (ATTENTION.md §3).
    private double ValueVariance => ValueStd is double sv ? sv * sv : 1.0 / InFeatures;

    private void RequireZeroMeanWithoutValue(ForwardMoments input)
    {
        if (ValueStd is null && input.Mean != 0)
            throw new AssumptionViolatedException("attention without V: the formula assumes zero-mean input (THEORY.md §2.9); use --mean 0.");
    }

    /// <inheritdoc />
    protected override GradientMoments BackwardCore(ForwardMoments input, GradientMoments outputGradient)
    {
        if (BackwardFormula == AttentionBackward.Value)
            return AttentionFormulas.Backward(outputGradient, ValueStd is null ? InFeatures : TotalOutFeatures, Length, ValueStd, AttentionDropout);
        var (second, r) = AttentionFormulas.AbsorbMean(input);
        if (BackwardFormula == AttentionBackward.Closed)
        {
            return ClosedGradient(r, ClosedStatisticsAt(second, r), outputGradient);
        }
        var head = new AttentionGradientInputs(second, r, QueryStd * QueryStd, KeyStd * KeyStd, ValueVariance, AttentionDropout,
            outputGradient.Variance, outputGradient.Correlation, InFeatures, HeadFeatures, Length);
        return AttentionGradientFormulas.Full(head).Scale(Heads).ToGradientMoments();
    }
}
