using System.Globalization;

namespace SignalProp.Empirical.Attention;

/// <summary>
/// One configuration of the attention Monte Carlo (ATTENTION.md §1, §9, §10.1): the input, weight, dropout and
/// upstream-gradient moments and the sizes of a single softmax self-attention head
/// <c>Y = dropout_p(softmax(X W_Q (X W_K)ᵀ/√d)) X W_V</c>, or of a multi-head block with output projection and hidden
/// dropout <c>O = Dropout_{p_h}(concat_h(Y_h) W_O)</c>.
/// </summary>
/// <param name="InputVariance">σ_x², the variance of every input entry (x_i = x̄ + x̃_i, ATTENTION.md §1).</param>
/// <param name="InputCorrelation">r, the token–token correlation of the input, 0 ≤ r ≤ 1.</param>
/// <param name="QueryVariance">σ_q², the variance of the i.i.d. entries of W_Q.</param>
/// <param name="KeyVariance">σ_k², the variance of the i.i.d. entries of W_K.</param>
/// <param name="ValueVariance">σ_v², the variance of the entries of W_V.</param>
/// <param name="OutputVariance">σ_o², the variance of the entries of W_O (d_m × d_m); ignored for a single head.</param>
/// <param name="AttentionDropout">p, the inverted-dropout probability on the attention probabilities, 0 ≤ p &lt; 1.</param>
/// <param name="HiddenDropout">p_h, the inverted-dropout probability on the block output (multi-head only), 0 ≤ p_h &lt; 1.</param>
/// <param name="GradientVariance">σ_g², the variance of the upstream gradient G = ∂L/∂out.</param>
/// <param name="GradientCorrelation">r_g, the token–token correlation of G, 0 ≤ r_g ≤ 1.</param>
/// <param name="ModelWidth">n = d_in (= d_m for multi-head), the number of input features.</param>
/// <param name="HeadWidth">d, the head width (d_out of a single head; d_m/h for multi-head).</param>
/// <param name="Heads">h, the number of heads (1 for a single head).</param>
/// <param name="Length">L, the sequence length, ≥ 2.</param>
/// <param name="MultiHead">True for the multi-head block with W_O and hidden dropout (ATTENTION.md §9), false for a
/// single head (ATTENTION.md §1) whose output is Y itself.</param>
public sealed record AttentionCase(
    double InputVariance,
    double InputCorrelation,
    double QueryVariance,
    double KeyVariance,
    double ValueVariance,
    double OutputVariance,
    double AttentionDropout,
    double HiddenDropout,
    double GradientVariance,
    double GradientCorrelation,
    int ModelWidth,
    int HeadWidth,
    int Heads,
    int Length,
    bool MultiHead)
{
    /// <summary>A single head (ATTENTION.md §1): n = d_in, d = d_out, no W_O, no hidden dropout.</summary>
    public static AttentionCase SingleHead(double inputVariance, double inputCorrelation, double queryVariance,
        double keyVariance, double valueVariance, double attentionDropout, double gradientVariance,
        double gradientCorrelation, int inFeatures, int headWidth, int length)
        => new(inputVariance, inputCorrelation, queryVariance, keyVariance, valueVariance, 0.0, attentionDropout, 0.0,
            gradientVariance, gradientCorrelation, inFeatures, headWidth, 1, length, false);

    /// <summary>A multi-head block (ATTENTION.md §9): d_m = <paramref name="modelWidth"/>, h heads of width d_m/h,
    /// W_Q, W_K, W_V, W_O all d_m × d_m.</summary>
    public static AttentionCase MultiHeadBlock(double inputVariance, double inputCorrelation, double queryVariance,
        double keyVariance, double valueVariance, double outputVariance, double attentionDropout, double hiddenDropout,
        double gradientVariance, double gradientCorrelation, int modelWidth, int heads, int length)
        => new(inputVariance, inputCorrelation, queryVariance, keyVariance, valueVariance, outputVariance,
            attentionDropout, hiddenDropout, gradientVariance, gradientCorrelation, modelWidth,
            heads > 0 ? modelWidth / heads : 0, heads, length, true);

    /// <summary>The width of the concatenated heads, h·d (the second dimension of W_Q, W_K, W_V).</summary>
    public int ProjectionWidth => Heads * HeadWidth;

    /// <summary>The width of the block output: d for a single head, d_m for multi-head.</summary>
    public int OutputWidth => MultiHead ? ModelWidth : HeadWidth;

    /// <summary>The logit-variance scale S² = n² σ_x⁴ σ_q² σ_k² (ATTENTION.md §1; the logit variance along a row is
    /// (1−r)S²).</summary>
    public double ScoreVariance => (double)ModelWidth * ModelWidth * InputVariance * InputVariance * QueryVariance * KeyVariance;

    /// <summary>Checks every field and throws <see cref="ArgumentOutOfRangeException"/> naming the first bad one.</summary>
    /// <returns>This case.</returns>
    public AttentionCase EnsureValid()
    {
        static void NonNegative(double value, string name)
        {
            if (!double.IsFinite(value) || value < 0)
                throw new ArgumentOutOfRangeException(name, value, $"{name} = {value.ToString(CultureInfo.InvariantCulture)} is out of range: must be finite and >= 0.");
        }
        static void Unit(double value, string name, bool closed)
        {
            if (double.IsNaN(value) || value < 0 || (closed ? value > 1 : value >= 1))
                throw new ArgumentOutOfRangeException(name, value, $"{name} = {value.ToString(CultureInfo.InvariantCulture)} is out of range: must be in [0, 1{(closed ? "]" : ")")}.");
        }
        NonNegative(InputVariance, "inputVariance");
        NonNegative(QueryVariance, "queryVariance");
        NonNegative(KeyVariance, "keyVariance");
        NonNegative(ValueVariance, "valueVariance");
        NonNegative(OutputVariance, "outputVariance");
        NonNegative(GradientVariance, "gradientVariance");
        Unit(InputCorrelation, "inputCorrelation", true);
        Unit(GradientCorrelation, "gradientCorrelation", true);
        Unit(AttentionDropout, "attentionDropout", false);
        Unit(HiddenDropout, "hiddenDropout", false);
        if (ModelWidth < 1) throw new ArgumentOutOfRangeException(nameof(ModelWidth), ModelWidth, $"modelWidth = {ModelWidth} is out of range: must be >= 1.");
        if (HeadWidth < 1) throw new ArgumentOutOfRangeException(nameof(HeadWidth), HeadWidth, $"headWidth = {HeadWidth} is out of range: must be >= 1.");
        if (Heads < 1) throw new ArgumentOutOfRangeException(nameof(Heads), Heads, $"heads = {Heads} is out of range: must be >= 1.");
        if (Length < 2) throw new ArgumentOutOfRangeException(nameof(Length), Length, $"length = {Length} is out of range: must be >= 2.");
        if (!MultiHead && Heads != 1)
            throw new ArgumentOutOfRangeException(nameof(Heads), Heads, $"heads = {Heads} is out of range: a single head has heads = 1 (use MultiHeadBlock).");
        if (!MultiHead && HiddenDropout != 0)
            throw new ArgumentOutOfRangeException(nameof(HiddenDropout), HiddenDropout, "hiddenDropout applies to the multi-head block only.");
        if (MultiHead && Heads * HeadWidth != ModelWidth)
            throw new ArgumentOutOfRangeException(nameof(Heads), Heads, $"heads = {Heads} is out of range: must divide modelWidth = {ModelWidth}.");
        return this;
    }

    /// <summary>The parameters as (name, value) pairs in a fixed order, for CSV and JSON rows.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Parameters =>
    [
        new("multiHead", MultiHead ? 1 : 0),
        new("sx2", InputVariance),
        new("r", InputCorrelation),
        new("sq2", QueryVariance),
        new("sk2", KeyVariance),
        new("sv2", ValueVariance),
        new("so2", OutputVariance),
        new("p", AttentionDropout),
        new("ph", HiddenDropout),
        new("sg2", GradientVariance),
        new("rg", GradientCorrelation),
        new("n", ModelWidth),
        new("d", HeadWidth),
        new("h", Heads),
        new("L", Length),
        new("S2", ScoreVariance),
    ];

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(MultiHead ? "mha" : "sha")} n={ModelWidth} d={HeadWidth} h={Heads} L={Length} r={InputCorrelation:0.###} S2={ScoreVariance:0.###} p={AttentionDropout:0.###} ph={HiddenDropout:0.###} rg={GradientCorrelation:0.###}");
}
