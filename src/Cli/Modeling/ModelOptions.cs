using System.CommandLine;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;

namespace SignalProp.Cli.Modeling;

/// <summary>
/// The options that describe a whole transformer (architecture, token statistics, injected gradient), an initialisation
/// scheme's parameters and per-weight overrides, shared by <c>predict model</c> and <c>init</c>. Defaults are the
/// <see cref="TransformerConfig"/> defaults: the paper's 192-layer BERT (THEORY.md §5.5).
/// </summary>
public sealed class ModelOptions
{
    /// <summary>The name of <c>--init solved</c> (and of <c>init solve</c>): <see cref="InitSolver"/>, not a registry scheme.</summary>
    public const string SolvedScheme = "solved";

    private static readonly TransformerConfig Defaults = new();

    /// <summary>Every <c>--init</c> value: the <see cref="InitSchemes"/> registry, then <c>solved</c>.</summary>
    public static IReadOnlyList<string> SchemeNames { get; } = [.. InitSchemes.Names, SolvedScheme];

    /// <summary>The activation names accepted by <c>--activation</c> (swish = silu).</summary>
    public static IReadOnlyList<string> ActivationNames { get; } = [.. ElementwiseFunction.BuiltIn.Select(f => f.Name), "swish"];

    // ---- architecture ----

    /// <summary><c>--arch</c>.</summary>
    public Option<string> Arch { get; } = CliOptions.Choice("--arch",
        "LayerNorm placement: preln = h ← λh + β·f(LN(h)); postln = h ← LN(λh + β·f(h)) (THEORY.md §3.1).", "preln", ["preln", "postln"]);

    /// <summary><c>--layers</c>.</summary>
    public Option<int> Layers { get; } = CliOptions.Integer("--layers",
        "Number of layers N (each an attention and an FFN sub-layer: 2N sub-layers). Range: integer ≥ 1.", Defaults.Layers);

    /// <summary><c>--d-model</c>.</summary>
    public Option<int> DModel { get; } = CliOptions.Integer("--d-model", "Model width d. Range: integer ≥ 2.", Defaults.DModel);

    /// <summary><c>--heads</c>.</summary>
    public Option<int> Heads { get; } = CliOptions.Integer("--heads",
        "Number of attention heads h (head width d/h). Range: integer ≥ 1 that divides --d-model.", Defaults.Heads);

    /// <summary><c>--d-ff</c>.</summary>
    public Option<int?> DFf { get; } = CliOptions.OptionalInteger("--d-ff", "FFN hidden width d_ff. Range: integer ≥ 1. Default: 4·d-model.");

    /// <summary><c>--seq-len</c>.</summary>
    public Option<int> SeqLen { get; } = CliOptions.Integer("--seq-len", "Sequence length L (the softmax axis). Range: integer ≥ 2.", Defaults.SeqLen);

    /// <summary><c>--dropout</c>.</summary>
    public Option<double> Dropout { get; } = CliOptions.Number("--dropout",
        "Hidden dropout p (on the embeddings, after W_O and after the FFN). Range: [0, 1).", Defaults.Dropout);

    /// <summary><c>--attention-dropout</c>.</summary>
    public Option<double> AttentionDropout { get; } = CliOptions.Number("--attention-dropout",
        "Dropout p_a on the attention probabilities. Range: [0, 1).", Defaults.AttentionDropout);

    /// <summary><c>--activation</c>.</summary>
    public Option<string> Activation { get; } = CliOptions.Choice("--activation",
        "FFN activation: " + string.Join(", ", ElementwiseFunction.BuiltIn.Select(f => f.Name)) + " or swish (= silu).",
        Defaults.Activation.Name, ActivationNames, helpName: "name");

    /// <summary><c>--vocab-size</c>.</summary>
    public Option<int> VocabSize { get; } = CliOptions.Integer("--vocab-size",
        "Vocabulary size |V| of the Zipf token law (sets the embedding token correlation). Range: integer ≥ 1.", Defaults.VocabSize);

    /// <summary><c>--zipf-exponent</c>.</summary>
    public Option<double> ZipfExponent { get; } = CliOptions.Number("--zipf-exponent",
        "Exponent s of the token law π_v ∝ v^(−s) (0 = uniform). Range: finite, ≥ 0.", Defaults.ZipfExponent);

    /// <summary><c>--segments</c>.</summary>
    public Option<int> Segments { get; } = CliOptions.Integer("--segments",
        "Equiprobable segments of the token-type table; 0 = no segment table (GPT style). Range: integer ≥ 0.", Defaults.Segments);

    /// <summary><c>--input-correlation</c>.</summary>
    public Option<double?> InputCorrelation { get; } = CliOptions.OptionalNumber("--input-correlation",
        "Token correlation r₀ of the summed embedding tables before embedding dropout (the DSLM code's 0.221), replacing the " +
        "Zipf estimate. Range: [-1, 1] and reachable with the embedding tables. Default: the Zipf/segment estimate.");

    /// <summary><c>--input-variance</c>.</summary>
    public Option<double?> InputVariance { get; } = CliOptions.OptionalNumber("--input-variance",
        "Variance of the summed embedding tables before embedding dropout (the tables keep the scheme's proportions). " +
        "Range: finite, ≥ 0. Default: from the scheme's embedding σ's.");

    /// <summary><c>--ln-correlation</c>.</summary>
    public Option<string> LnCorrelation { get; } = CliOptions.Choice("--ln-correlation",
        "LayerNorm token-correlation map: authors = r(1 − 1/d) (THEORY.md §2.5, reproduces the paper), exact = the " +
        "hypergeometric map of ATTENTION.md §11.1 (default), unchanged = r.", "exact", ["authors", "exact", "unchanged"]);

    /// <summary><c>--attention-backward</c>.</summary>
    public Option<string> AttentionBackward { get; } = CliOptions.AttentionBackward();

    /// <summary><c>--grad-variance</c>.</summary>
    public Option<double> GradVariance { get; } = CliOptions.Number("--grad-variance",
        "Variance σ_g² of the gradient injected at the top of the stream. Range: finite, ≥ 0.", Defaults.OutputGradient.Variance);

    /// <summary><c>--grad-correlation</c>.</summary>
    public Option<double> GradCorrelation { get; } = CliOptions.Number("--grad-correlation",
        "Token correlation r_g of the gradient injected at the top of the stream. Range: [-1, 1].", Defaults.OutputGradient.Correlation);

    // ---- scheme ----

    /// <summary><c>--init</c> (predict model only; <c>init</c> takes the scheme as its argument).</summary>
    public Option<string> Init { get; } = CliOptions.Choice("--init",
        "Initialisation scheme (see Schemes below). Range: one of " + string.Join(", ", SchemeNames) + ".", "xavier", SchemeNames, helpName: "scheme");

    /// <summary><c>--dslm-k</c>.</summary>
    public Option<double> DslmK { get; } = CliOptions.Number("--dslm-k",
        "For dslm: k of β² = k/N^α. Range: finite, > 0.", new DslmScheme().Numerator);

    /// <summary><c>--dslm-alpha</c>.</summary>
    public Option<double> DslmAlpha { get; } = CliOptions.Number("--dslm-alpha",
        "For dslm: α of β² = k/N^α. Range: finite, ≥ 0.", new DslmScheme().Exponent);

    /// <summary><c>--dslm-count</c>.</summary>
    public Option<string> DslmCount { get; } = CliOptions.Choice("--dslm-count",
        "For dslm: whether N in β² = k/N^α counts layers or sub-layers (2N).", "layers", ["layers", "sublayers"]);

    /// <summary><c>--beta-squared</c>.</summary>
    public Option<double?> BetaSquared { get; } = CliOptions.OptionalNumber("--beta-squared",
        "An explicit β² (λ² = 1 − β²): for dslm it replaces k/N^α; for solved it is used instead of the largest β² within " +
        "--gradient-band. Range: [0, 1] for dslm, (0, 1] for solved. Default: not set (dslm: k/N^α; solved: solve for β²).");

    /// <summary><c>--gradient-band</c>.</summary>
    public Option<double> GradientBand { get; } = CliOptions.Number("--gradient-band",
        "For solved: the allowed spread max σ²_g / min σ²_g of the gradient variance over the stack. Range: finite, > 1.",
        new SolverOptions().GradientBand);

    // ---- overrides (predict model only) ----

    /// <summary><c>--lambda</c>.</summary>
    public Option<double?> Lambda { get; } = CliOptions.OptionalNumber("--lambda",
        "Override the shortcut scale λ of every residual λh + β·f. Range: any finite number. Default: the scheme's.");

    /// <summary><c>--beta</c>.</summary>
    public Option<double?> Beta { get; } = CliOptions.OptionalNumber("--beta",
        "Override the branch scale β of every residual λh + β·f. Range: any finite number. Default: the scheme's.");

    /// <summary><c>--q-std</c>.</summary>
    public Option<double?> QStd { get; } = StdOverride("--q-std", "σ_q of W_Q");

    /// <summary><c>--k-std</c>.</summary>
    public Option<double?> KStd { get; } = StdOverride("--k-std", "σ_k of W_K");

    /// <summary><c>--v-std</c>.</summary>
    public Option<double?> VStd { get; } = StdOverride("--v-std", "σ_v of W_V");

    /// <summary><c>--o-std</c>.</summary>
    public Option<double?> OStd { get; } = StdOverride("--o-std", "σ_o of the attention output projection W_O");

    /// <summary><c>--up-std</c>.</summary>
    public Option<double?> UpStd { get; } = StdOverride("--up-std", "σ_1 of the FFN's W_1 (d → d_ff)");

    /// <summary><c>--down-std</c>.</summary>
    public Option<double?> DownStd { get; } = StdOverride("--down-std", "σ_2 of the FFN's W_2 (d_ff → d)");

    /// <summary><c>--embedding-std</c>.</summary>
    public Option<double?> EmbeddingStd { get; } = CliOptions.OptionalNumber("--embedding-std",
        "Override σ of every embedding table (word, position, segment). Range: finite, ≥ 0. Default: the scheme's.");

    /// <summary>The architecture options (both commands).</summary>
    public IReadOnlyList<Option> Architecture =>
    [
        Arch, Layers, DModel, Heads, DFf, SeqLen, Dropout, AttentionDropout, Activation, VocabSize, ZipfExponent, Segments,
        InputCorrelation, InputVariance, LnCorrelation, AttentionBackward, GradVariance, GradCorrelation,
    ];

    /// <summary>The scheme parameters (both commands).</summary>
    public IReadOnlyList<Option> SchemeParameters => [DslmK, DslmAlpha, DslmCount, BetaSquared, GradientBand];

    /// <summary>The per-weight and residual overrides (predict model only).</summary>
    public IReadOnlyList<Option> Overrides => [Lambda, Beta, QStd, KStd, VStd, OStd, UpStd, DownStd, EmbeddingStd];

    /// <summary>Reads the request for <paramref name="scheme"/> (the <c>--init</c> value, or <c>init</c>'s argument).</summary>
    /// <param name="parseResult">The parsed command line.</param>
    /// <param name="scheme">The scheme name.</param>
    /// <param name="withOverrides">Whether the command has the override options.</param>
    public ModelRequest Read(ParseResult parseResult, string scheme, bool withOverrides) => new()
    {
        Scheme = scheme,
        Placement = (parseResult.GetValue(Arch) ?? "preln").Equals("postln", StringComparison.OrdinalIgnoreCase) ? LayerNormPlacement.PostLN : LayerNormPlacement.PreLN,
        Layers = parseResult.GetValue(Layers),
        DModel = parseResult.GetValue(DModel),
        Heads = parseResult.GetValue(Heads),
        DFf = parseResult.GetValue(DFf),
        SeqLen = parseResult.GetValue(SeqLen),
        Dropout = parseResult.GetValue(Dropout),
        AttentionDropout = parseResult.GetValue(AttentionDropout),
        Activation = parseResult.GetValue(Activation) ?? "relu",
        VocabSize = parseResult.GetValue(VocabSize),
        ZipfExponent = parseResult.GetValue(ZipfExponent),
        Segments = parseResult.GetValue(Segments),
        InputCorrelation = parseResult.GetValue(InputCorrelation),
        InputVariance = parseResult.GetValue(InputVariance),
        LayerNormMap = Enum.Parse<LayerNormCorrelation>(parseResult.GetValue(LnCorrelation) ?? "exact", ignoreCase: true),
        AttentionBackward = CliOptions.ParseAttentionBackward(parseResult.GetValue(AttentionBackward)),
        GradVariance = parseResult.GetValue(GradVariance),
        GradCorrelation = parseResult.GetValue(GradCorrelation),
        DslmK = parseResult.GetValue(DslmK),
        DslmAlpha = parseResult.GetValue(DslmAlpha),
        DslmCountSubLayers = string.Equals(parseResult.GetValue(DslmCount), "sublayers", StringComparison.OrdinalIgnoreCase),
        BetaSquared = parseResult.GetValue(BetaSquared),
        GradientBand = parseResult.GetValue(GradientBand),
        Overrides = withOverrides ? new InitializationOverrides
        {
            Lambda = parseResult.GetValue(Lambda),
            Beta = parseResult.GetValue(Beta),
            QueryStd = parseResult.GetValue(QStd),
            KeyStd = parseResult.GetValue(KStd),
            ValueStd = parseResult.GetValue(VStd),
            OutputStd = parseResult.GetValue(OStd),
            UpStd = parseResult.GetValue(UpStd),
            DownStd = parseResult.GetValue(DownStd),
            EmbeddingStd = parseResult.GetValue(EmbeddingStd),
        } : new InitializationOverrides(),
    };

    /// <summary>
    /// Warns (stderr) about scheme parameters given for a scheme that does not read them, e.g. <c>--dslm-k</c> with
    /// <c>--init xavier</c>.
    /// </summary>
    public void WarnAboutUnusedSchemeParameters(ParseResult parseResult, string scheme, TextWriter stderr)
    {
        bool dslm = scheme == "dslm", solved = scheme == SolvedScheme;
        foreach (var (option, applies, to) in new (Option, bool, string)[]
                 {
                     (DslmK, dslm, "dslm"), (DslmAlpha, dslm, "dslm"), (DslmCount, dslm, "dslm"),
                     (BetaSquared, dslm || solved, "dslm and solved"), (GradientBand, solved, "solved"),
                 })
        {
            if (!applies && CliOptions.IsGiven(parseResult, option))
                CliErrors.WriteWarning(stderr, $"{option.Name} only applies to {to}, not to {scheme}; ignored.");
        }
        if (dslm && parseResult.GetValue(BetaSquared) is not null)
            foreach (var option in new Option[] { DslmK, DslmAlpha, DslmCount }.Where(o => CliOptions.IsGiven(parseResult, o)))
                CliErrors.WriteWarning(stderr, $"{option.Name} is ignored: --beta-squared sets β² directly.");
    }

    /// <summary>The help text on schemes shared by both commands; <paramref name="solverName"/> is how the command spells the solver.</summary>
    public static IEnumerable<string> SchemesHelp(string solverName = SolvedScheme)
    {
        int width = SchemeNames.Max(n => n.Length);
        yield return "Schemes (THEORY.md §4, ADMIN.md §4):";
        foreach (var scheme in InitSchemes.All) yield return $"  {scheme.Name.PadRight(width)}  {scheme.Description}";
        yield return $"  {solverName.PadRight(width)}  InitSolver: DSLM generalised to this exact configuration: every block output variance 1, λ² + β² = 1, "
                     + "the largest β² whose gradient spread is within --gradient-band";
        yield return "admin, admin-logn, admin-o1 and deepnorm need --arch postln.";
    }

    private static Option<double?> StdOverride(string name, string what)
        => CliOptions.OptionalNumber(name, $"Override {what} in every layer. Range: finite, ≥ 0. Default: the scheme's.");
}
