using SignalProp.Theory;
using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;

namespace SignalProp.Cli.Prediction;

/// <summary>
/// Everything <c>signalprop predict component</c> was asked, with the CLI's defaults. Null sizes and standard deviations
/// mean "the documented default", which depends on other values (e.g. weight-std = 1/√d-in); <see cref="ComponentPredictor"/>
/// resolves them. <see cref="Validate"/> checks every value with the Theory's <see cref="Require"/> under its option name.
/// </summary>
public sealed record ComponentRequest
{
    /// <summary>Default hidden width for <c>--d-in</c> and <c>--d</c>.</summary>
    public const int DefaultWidth = 256;

    /// <summary>Default <c>--d-out</c> for <c>sha</c> (one head of a 4-head d = 256 model); <c>linear</c> defaults to d-in.</summary>
    public const int DefaultHeadWidth = 64;

    /// <summary>Default vocabulary size (BERT's WordPiece vocabulary).</summary>
    public const int DefaultVocabularySize = 30522;

    /// <summary>The component name (see <see cref="ComponentCatalog"/>).</summary>
    public required string Name { get; init; }

    /// <summary>Input moments (μ, σ², r); default 0, 1, 0.</summary>
    public ForwardMoments Input { get; init; } = ForwardMoments.StandardNormal;

    /// <summary>Moments of the gradient at the output (σ_g², r_g); default 1, 0.</summary>
    public GradientMoments OutputGradient { get; init; } = GradientMoments.Unit;

    /// <summary><c>--d-in</c>: d_in of linear and sha.</summary>
    public int InFeatures { get; init; } = DefaultWidth;

    /// <summary><c>--d-out</c>: d_out of linear (default d-in) or the head width of sha (default 64).</summary>
    public int? OutFeatures { get; init; }

    /// <summary><c>--d</c>: the model width of layernorm, mha and ffn.</summary>
    public int ModelFeatures { get; init; } = DefaultWidth;

    /// <summary><c>--d-ff</c>: the FFN hidden width (default 4·d).</summary>
    public int? HiddenFeatures { get; init; }

    /// <summary><c>--heads</c>.</summary>
    public int Heads { get; init; } = 4;

    /// <summary><c>--seq-len</c>: L.</summary>
    public int Length { get; init; } = 128;

    /// <summary><c>--weight-std</c> (linear, ffn, embedding tables); default per component.</summary>
    public double? WeightStd { get; init; }

    /// <summary><c>--q-std</c>; default 1/√fan-in.</summary>
    public double? QueryStd { get; init; }

    /// <summary><c>--k-std</c>; default 1/√fan-in.</summary>
    public double? KeyStd { get; init; }

    /// <summary><c>--v-std</c>; default 1/√fan-in.</summary>
    public double? ValueStd { get; init; }

    /// <summary><c>--o-std</c>; default 1/√d.</summary>
    public double? OutputStd { get; init; }

    /// <summary><c>--p</c>: dropout probability (dropout, hidden dropout of mha and ffn, embedding dropout).</summary>
    public double DropProbability { get; init; }

    /// <summary><c>--attention-dropout</c>: dropout on the attention probabilities.</summary>
    public double AttentionDropout { get; init; }

    /// <summary><c>--lambda</c>: the residual's shortcut scale λ.</summary>
    public double SkipScale { get; init; } = 1.0;

    /// <summary><c>--beta</c>: the residual's branch scale β.</summary>
    public double BranchScale { get; init; } = 1.0;

    /// <summary><c>--branch-variance</c>: σ_f² of the residual branch output.</summary>
    public double BranchVariance { get; init; } = 1.0;

    /// <summary><c>--branch-correlation</c>: r_f of the residual branch output (default: the input correlation).</summary>
    public double? BranchCorrelation { get; init; }

    /// <summary><c>--branch-gain</c>: the branch's backward gain t (σ²_g through f per unit σ²_g at its output).</summary>
    public double BranchGain { get; init; } = 1.0;

    /// <summary><c>--vocab-size</c>.</summary>
    public int VocabularySize { get; init; } = DefaultVocabularySize;

    /// <summary><c>--zipf-exponent</c>.</summary>
    public double ZipfExponent { get; init; } = 1.0;

    /// <summary><c>--activation</c> of ffn.</summary>
    public string Activation { get; init; } = "relu";

    /// <summary><c>--attention-backward</c> (sha, mha).</summary>
    public AttentionBackward AttentionBackward { get; init; } = CliOptions.ParseAttentionBackward(null);

    /// <summary><c>--ln-correlation</c>.</summary>
    public LayerNormCorrelation LayerNormCorrelation { get; init; } = LayerNormCorrelation.Exact;

    /// <summary><c>--quadrature</c>: always use Gaussian quadrature for activations.</summary>
    public bool Quadrature { get; init; }

    /// <summary><c>--no-v</c>: sha without the V projection.</summary>
    public bool NoValue { get; init; }

    /// <summary>
    /// Checks every value against its range (whether or not the component uses it) and the combinations the component
    /// needs (layernorm d ≥ 2, heads dividing d for mha, zero mean for attention without V).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names the option, e.g. <c>--variance = -1 …</c>.</exception>
    /// <exception cref="CliUsageException">The name is not a component.</exception>
    public ComponentRequest Validate()
    {
        var info = ComponentCatalog.Find(Name) ?? throw new CliUsageException(ComponentCatalog.UnknownMessage(Name));

        Require.Finite(Input.Mean, "--mean");
        Require.NonNegativeFinite(Input.Variance, "--variance");
        Require.Correlation(Input.Correlation, "--correlation");
        Require.NonNegativeFinite(OutputGradient.Variance, "--grad-variance");
        Require.Correlation(OutputGradient.Correlation, "--grad-correlation");

        Require.AtLeast(InFeatures, 1, "--d-in");
        if (OutFeatures is int dOut) Require.AtLeast(dOut, 1, "--d-out");
        Require.AtLeast(ModelFeatures, 1, "--d");
        if (HiddenFeatures is int dff) Require.AtLeast(dff, 1, "--d-ff");
        Require.AtLeast(Heads, 1, "--heads");
        Require.AtLeast(Length, 2, "--seq-len");
        Require.AtLeast(VocabularySize, 1, "--vocab-size");

        CheckStd(WeightStd, "--weight-std");
        CheckStd(QueryStd, "--q-std");
        CheckStd(KeyStd, "--k-std");
        CheckStd(ValueStd, "--v-std");
        CheckStd(OutputStd, "--o-std");

        Require.DropProbability(DropProbability, "--p");
        Require.DropProbability(AttentionDropout, "--attention-dropout");
        Require.Finite(SkipScale, "--lambda");
        Require.Finite(BranchScale, "--beta");
        Require.NonNegativeFinite(BranchVariance, "--branch-variance");
        if (BranchCorrelation is double rf) Require.Correlation(rf, "--branch-correlation");
        Require.NonNegativeFinite(BranchGain, "--branch-gain");
        Require.NonNegativeFinite(ZipfExponent, "--zipf-exponent");
        try { ElementwiseFunction.FromName(Activation); }
        catch (ArgumentOutOfRangeException)
        {
            throw Require.Fail("--activation", Activation, "one of " + string.Join(", ", ElementwiseFunction.BuiltIn.Select(f => f.Name)) + " (or swish)");
        }

        switch (info.Name)
        {
            case "layernorm":
                Require.AtLeast(ModelFeatures, 2, "--d");
                break;
            case "mha" when ModelFeatures % Heads != 0:
                throw Require.Fail("--heads", Heads, $"a divisor of --d = {ModelFeatures}");
            case "sha" when NoValue && Input.Mean != 0:
                throw Require.Fail("--mean", Input.Mean, "0 for attention without V (--no-v; THEORY.md §2.9 assumes zero-mean input)");
        }
        return this;
    }

    private static void CheckStd(double? value, string name)
    {
        if (value is double v) Require.NonNegativeFinite(v, name);
    }
}
