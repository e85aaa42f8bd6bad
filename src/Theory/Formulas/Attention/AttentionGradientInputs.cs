namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Inputs of the single-head attention input-gradient theory (ATTENTION.md §1, §7): Y = dropout_p(softmax(QKᵀ/√d))·V
/// with Q, K, V = X·W_{Q,K,V}, W ∈ ℝ^{n×d} i.i.d. Gaussian, input tokens with variance σ_x² and token correlation r,
/// upstream gradient G = ∂Loss/∂Y with variance σ_g² and token correlation r_g, independent of everything.
/// Every property is validated on construction and on <c>with</c>; a bad value throws
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter (e.g. <c>input-correlation = 2 is out of range: must be in [-1, 1].</c>).
/// </summary>
public sealed record AttentionGradientInputs
{
    /// <summary>Creates validated inputs.</summary>
    /// <param name="inputVariance">σ_x² ≥ 0.</param>
    /// <param name="inputCorrelation">r ∈ [−1, 1].</param>
    /// <param name="queryVariance">σ_q² ≥ 0 (per weight of W_Q).</param>
    /// <param name="keyVariance">σ_k² ≥ 0.</param>
    /// <param name="valueVariance">σ_v² ≥ 0.</param>
    /// <param name="attentionDropout">p ∈ [0, 1) on the attention probabilities (inverted dropout).</param>
    /// <param name="gradientVariance">σ_g² ≥ 0 of ∂Loss/∂Y.</param>
    /// <param name="gradientCorrelation">r_g ∈ [−1, 1].</param>
    /// <param name="inFeatures">n = d_in ≥ 1.</param>
    /// <param name="headFeatures">d = d_out of the head ≥ 1.</param>
    /// <param name="length">L ≥ 2.</param>
    public AttentionGradientInputs(double inputVariance, double inputCorrelation, double queryVariance, double keyVariance,
        double valueVariance, double attentionDropout, double gradientVariance, double gradientCorrelation,
        int inFeatures, int headFeatures, int length)
    {
        InputVariance = inputVariance;
        InputCorrelation = inputCorrelation;
        QueryVariance = queryVariance;
        KeyVariance = keyVariance;
        ValueVariance = valueVariance;
        AttentionDropout = attentionDropout;
        GradientVariance = gradientVariance;
        GradientCorrelation = gradientCorrelation;
        InFeatures = inFeatures;
        HeadFeatures = headFeatures;
        Length = length;
    }

    /// <summary>σ_x², the per-feature input variance. Range: finite, ≥ 0.</summary>
    public double InputVariance { get; init => field = Require.NonNegativeFinite(value, "input-variance"); }

    /// <summary>r, the input token–token correlation. Range: [−1, 1].</summary>
    public double InputCorrelation { get; init => field = Require.Correlation(value, "input-correlation"); }

    /// <summary>σ_q², the variance of each entry of W_Q. Range: finite, ≥ 0.</summary>
    public double QueryVariance { get; init => field = Require.NonNegativeFinite(value, "q-variance"); }

    /// <summary>σ_k², the variance of each entry of W_K. Range: finite, ≥ 0.</summary>
    public double KeyVariance { get; init => field = Require.NonNegativeFinite(value, "k-variance"); }

    /// <summary>σ_v², the variance of each entry of W_V. Range: finite, ≥ 0.</summary>
    public double ValueVariance { get; init => field = Require.NonNegativeFinite(value, "v-variance"); }

    /// <summary>p, dropout on the attention probabilities. Range: [0, 1).</summary>
    public double AttentionDropout { get; init => field = Require.DropProbability(value, "attention-dropout"); }

    /// <summary>σ_g², the variance of the upstream gradient ∂Loss/∂Y. Range: finite, ≥ 0.</summary>
    public double GradientVariance { get; init => field = Require.NonNegativeFinite(value, "gradient-variance"); }

    /// <summary>r_g, the token correlation of the upstream gradient. Range: [−1, 1].</summary>
    public double GradientCorrelation { get; init => field = Require.Correlation(value, "gradient-correlation"); }

    /// <summary>n = d_in. Range: ≥ 1.</summary>
    public int InFeatures { get; init => field = Require.AtLeast(value, 1, "d-in"); }

    /// <summary>d = d_out of the head (d_h for multi-head). Range: ≥ 1.</summary>
    public int HeadFeatures { get; init => field = Require.AtLeast(value, 1, "d-out"); }

    /// <summary>L, the sequence length. Range: ≥ 2.</summary>
    public int Length { get; init => field = Require.AtLeast(value, 2, "seq-len"); }

    /// <summary>
    /// Checks the constraints between parameters that single-property validation cannot see: the token correlations of
    /// L exchangeable tokens must satisfy r, r_g ≥ −1/(L−1) (otherwise the token covariance matrix
    /// δ_ij + r(1 − δ_ij) is not positive semi-definite and the "variance" the formulas return can be negative).
    /// Called by <see cref="AttentionGradientFormulas.Full(AttentionGradientInputs)"/> and <see cref="AttentionGradientFormulas.Closed"/>.
    /// </summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A correlation is below −1/(L−1).</exception>
    public AttentionGradientInputs EnsureConsistent()
    {
        EnsureConsistent(InputCorrelation, GradientCorrelation, Length);
        return this;
    }

    /// <summary><see cref="EnsureConsistent()"/> on the raw values, for callers that do not build the record.</summary>
    internal static void EnsureConsistent(double inputCorrelation, double gradientCorrelation, int length)
    {
        double bound = -1.0 / (length - 1);
        // The message is only formatted on failure: this check runs on every attention evaluation of a model.
        string Range() => $"≥ -1/(L-1) = {Require.Show(bound)} for L = {length} tokens (a positive semi-definite token covariance)";
        // A relative slack of 1e-12 so that r = −1/(L−1) computed by the caller passes.
        if (inputCorrelation < bound * (1 + 1e-12)) throw Require.Fail("input-correlation", inputCorrelation, Range());
        if (gradientCorrelation < bound * (1 + 1e-12)) throw Require.Fail("gradient-correlation", gradientCorrelation, Range());
    }

    /// <summary>S² = n²σ_x⁴σ_q²σ_k², the logit variance for uncorrelated input (ATTENTION.md §1); +∞ on overflow.</summary>
    public double ScoreVariance => ScoreVarianceOf(InFeatures, InputVariance, QueryVariance, KeyVariance);

    /// <summary><see cref="ScoreVariance"/> on the raw values.</summary>
    internal static double ScoreVarianceOf(int inFeatures, double inputVariance, double queryVariance, double keyVariance)
    {
        double a = inFeatures * inputVariance;
        return MomentMath.Product(a * a, queryVariance, keyVariance);
    }

    /// <summary>V̄ = (1 − r)S², the mean row variance of the logits (ATTENTION.md §1, §6.1).</summary>
    public double MeanRowVariance => MomentMath.Product(1 - InputCorrelation, ScoreVariance);

    /// <summary>γ = d σ_g² σ_v², the overall scale of every path (ATTENTION.md §3).</summary>
    public double Gain => GainOf(HeadFeatures, GradientVariance, ValueVariance);

    /// <summary><see cref="Gain"/> on the raw values.</summary>
    internal static double GainOf(int headFeatures, double gradientVariance, double valueVariance)
        => MomentMath.Product(headFeatures, gradientVariance, valueVariance);
}
