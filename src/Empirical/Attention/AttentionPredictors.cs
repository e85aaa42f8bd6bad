using SignalProp.Theory;
using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Formulas.Attention;

namespace SignalProp.Empirical.Attention;

/// <summary>
/// The registry of attention-gradient predictors that <c>signalprop verify attention</c> compares with the Monte Carlo
/// (<see cref="Registered"/> is the one place to add one), and the adapters they share.
/// </summary>
/// <remarks>
/// A predictor is one line in <see cref="Registered"/>; "full" and "closed" run the Theory components
/// (<see cref="Component"/>). For a predictor that only knows the single head, wrap it with <see cref="PerHead"/> to get the §9 multi-head
/// mapping.
/// </remarks>
public static class AttentionPredictors
{
    /// <summary>
    /// The authors' value-path formula (THEORY.md §2.8, <see cref="AttentionFormulas.Backward"/>) for one head:
    /// σ²_{g,in} = σ_g² d σ_v² (1 + (L−1) r_g (1−p))/(L(1−p)), C_{g,in} = σ_g² d σ_v² (1 + (L−1) r_g)/L.
    /// Exact at S² = 0 (uniform softmax, no query/key path); it ignores the query and key paths (ATTENTION.md §0).
    /// </summary>
    /// <param name="c">A single-head configuration (for multi-head use <see cref="Authors"/>).</param>
    public static AttentionPrediction AuthorsSingleHead(AttentionCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        GradientMoments result = AttentionFormulas.Backward(new GradientMoments(c.GradientVariance, c.GradientCorrelation),
            c.HeadWidth, c.Length, Math.Sqrt(c.ValueVariance), c.AttentionDropout);
        return new AttentionPrediction(result.Variance, result.TokenCovariance);
    }

    /// <summary>The authors' value-path formula for single- and multi-head configurations (multi-head through
    /// <see cref="PerHead"/>).</summary>
    public static Func<AttentionCase, AttentionPrediction> Authors { get; } = PerHead(AuthorsSingleHead);

    /// <summary>
    /// Lifts a single-head predictor to the multi-head block of ATTENTION.md §9: head h sees the upstream gradient
    /// G_h = (M ⊙ G) W_{O,h}ᵀ with σ²_{g,h} = d_m σ_o² σ_g²/(1 − p_h) and r_{g,h} = r_g (1 − p_h), independent of X and of
    /// the head's weights; cross-head terms vanish, so σ²_{g,in} = h·σ²_{g,in}|_SHA(n = d_m, d = d_h, σ²_{g,h}, r_{g,h})
    /// and C_{g,in} = h·C_{g,in}|_SHA. Single-head configurations are passed through.
    /// </summary>
    /// <param name="singleHead">A predictor for single-head configurations.</param>
    public static Func<AttentionCase, AttentionPrediction> PerHead(Func<AttentionCase, AttentionPrediction> singleHead)
    {
        ArgumentNullException.ThrowIfNull(singleHead);
        return c => c.MultiHead ? singleHead(HeadCase(c)).Scale(c.Heads) : singleHead(c);
    }

    /// <summary>The single-head configuration one head of a multi-head block sees (ATTENTION.md §9 mapping).</summary>
    /// <param name="c">A multi-head configuration.</param>
    public static AttentionCase HeadCase(AttentionCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (!c.MultiHead) return c;
        var head = AttentionGradientFormulas.HeadGradient(c.ModelWidth, c.OutputVariance,
            new GradientMoments(c.GradientVariance, c.GradientCorrelation), c.HiddenDropout);
        return AttentionCase.SingleHead(c.InputVariance, c.InputCorrelation, c.QueryVariance, c.KeyVariance, c.ValueVariance,
            c.AttentionDropout, head.Variance, head.Correlation, c.ModelWidth, c.HeadWidth, c.Length);
    }

    private static AttentionPrediction Scale(this AttentionPrediction p, double factor) => new(p.Variance * factor, p.Covariance * factor);

    /// <summary>
    /// Every predictor <c>signalprop verify attention</c> runs, in column order. THE place to register a predictor:
    /// one line each (see the class remarks).
    /// </summary>
    public static IReadOnlyList<AttentionPredictor> Registered { get; } =
    [
        new("authors", "value path only, THEORY.md §2.8 (AttentionFormulas.Backward); §9 mapping for multi-head", Authors),
        new("full", "value + query + key paths, ATTENTION.md §7 semi-analytic (the model's default)", c => Component(c, AttentionBackward.Full), Gated: true),
        new("closed", "ATTENTION.md §7 closed form (valid far from saturation only)", c => Component(c, AttentionBackward.Closed)),
    ];

    /// <summary>
    /// The prediction of the Theory component the whole-model recurrences use — <see cref="SelfAttention"/> for a single head,
    /// <see cref="MultiHeadAttention"/> (heads → W_O → hidden dropout) for the block — with the given formula, so the
    /// verifier checks exactly the code path of <c>predict model</c>.
    /// </summary>
    /// <param name="c">The configuration.</param>
    /// <param name="formula">The attention formula.</param>
    public static AttentionPrediction Component(AttentionCase c, AttentionBackward formula)
    {
        ArgumentNullException.ThrowIfNull(c);
        var (input, gradient) = Moments(c);
        var result = BuildComponent(c, formula).Backward(input, gradient);
        return new AttentionPrediction(result.Variance, result.TokenCovariance);
    }

    /// <summary>The forward output moments the same component predicts (variance, token covariance of Y or O).</summary>
    /// <param name="c">The configuration.</param>
    /// <param name="formula">The attention formula.</param>
    public static AttentionPrediction ComponentForward(AttentionCase c, AttentionBackward formula)
    {
        ArgumentNullException.ThrowIfNull(c);
        var y = BuildComponent(c, formula).Forward(Moments(c).Input);
        return new AttentionPrediction(y.Variance, y.TokenCovariance);
    }

    private static (ForwardMoments Input, GradientMoments Gradient) Moments(AttentionCase c)
        => (new ForwardMoments(0, c.InputVariance, c.InputCorrelation), new GradientMoments(c.GradientVariance, c.GradientCorrelation));

    private static IComponent BuildComponent(AttentionCase c, AttentionBackward formula) => c.MultiHead
        ? new MultiHeadAttention(c.ModelWidth, c.Heads, c.Length, Math.Sqrt(c.QueryVariance), Math.Sqrt(c.KeyVariance),
            Math.Sqrt(c.ValueVariance), Math.Sqrt(c.OutputVariance), c.AttentionDropout, c.HiddenDropout, formula)
        : new SelfAttention(c.ModelWidth, c.HeadWidth, 1, c.Length, Math.Sqrt(c.QueryVariance), Math.Sqrt(c.KeyVariance),
            Math.Sqrt(c.ValueVariance), c.AttentionDropout) { BackwardFormula = formula };
}
