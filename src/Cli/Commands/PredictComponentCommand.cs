using System.CommandLine;
using SignalProp.Cli.Prediction;
using SignalProp.Theory;
using SignalProp.Theory.Formulas;

namespace SignalProp.Cli.Commands;

/// <summary>
/// <c>signalprop predict component &lt;name&gt; [options] [--json]</c>: the forward and backward moments of one component
/// (see <see cref="ComponentCatalog"/>) for given input and output-gradient moments.
/// </summary>
public sealed class PredictComponentCommand : Command, IHelpEpilog
{
    /// <summary>Creates the command with all its options.</summary>
    public PredictComponentCommand()
        : base("component", "Predict the output moments (mean, variance, token correlation) and the input-gradient moments of one component.")
    {
        NameArgument.CompletionSources.Add([.. ComponentCatalog.Names]);
        NameArgument.Validators.Add(result =>
        {
            string? value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && ComponentCatalog.Find(value) is null) result.AddError(ComponentCatalog.UnknownMessage(value));
        });
        Arguments.Add(NameArgument);
        foreach (var option in AllOptions) Options.Add(option);
        SetAction(Execute);
    }

    /// <summary>The component name.</summary>
    public Argument<string> NameArgument { get; } = new("name")
    {
        HelpName = "name",
        Description = "The component: " + string.Join(", ", ComponentCatalog.Names) + " (see Components below).",
    };

    /// <inheritdoc />
    public string HelpEpilog { get; } = Describe();

    /// <summary><c>--mean</c>.</summary>
    public Option<double> Mean { get; } = CliOptions.Number("--mean", "Input mean μ of each entry. Range: any finite number.", 0.0);

    /// <summary><c>--variance</c>.</summary>
    public Option<double> Variance { get; } = CliOptions.Number("--variance", "Input variance σ² of each entry. Range: finite, ≥ 0.", 1.0);

    /// <summary><c>--correlation</c>.</summary>
    public Option<double> Correlation { get; } = CliOptions.Number("--correlation", "Input token–token correlation r. Range: [-1, 1].", 0.0);

    /// <summary><c>--grad-variance</c>.</summary>
    public Option<double> GradVariance { get; } = CliOptions.Number("--grad-variance", "Variance σ_g² of the gradient at the output. Range: finite, ≥ 0.", 1.0);

    /// <summary><c>--grad-correlation</c>.</summary>
    public Option<double> GradCorrelation { get; } = CliOptions.Number("--grad-correlation", "Token–token correlation r_g of the gradient at the output. Range: [-1, 1].", 0.0);

    /// <summary><c>--d-in</c>.</summary>
    public Option<int> DIn { get; } = CliOptions.Integer("--d-in", "Input width d_in (linear, sha). Range: integer ≥ 1.", ComponentRequest.DefaultWidth);

    /// <summary><c>--d-out</c>.</summary>
    public Option<int?> DOut { get; } = CliOptions.OptionalInteger("--d-out",
        $"Output width d_out (linear; default: d-in) or head width d_h (sha; default: {ComponentRequest.DefaultHeadWidth}). Range: integer ≥ 1.");

    /// <summary><c>--d</c>.</summary>
    public Option<int> D { get; } = CliOptions.Integer("--d",
        "Model width d (layernorm, mha, ffn). Range: integer ≥ 1; ≥ 2 for layernorm; a multiple of --heads for mha.", ComponentRequest.DefaultWidth);

    /// <summary><c>--d-ff</c>.</summary>
    public Option<int?> DFf { get; } = CliOptions.OptionalInteger("--d-ff", "FFN hidden width d_ff (ffn). Range: integer ≥ 1. Default: 4·d.");

    /// <summary><c>--heads</c>.</summary>
    public Option<int> Heads { get; } = CliOptions.Integer("--heads", "Number of attention heads h (mha). Range: integer ≥ 1 that divides --d.", 4);

    /// <summary><c>--seq-len</c>.</summary>
    public Option<int> SeqLen { get; } = CliOptions.Integer("--seq-len", "Sequence length L, the softmax axis (softmax, sha, mha). Range: integer ≥ 2.", 128);

    /// <summary><c>--weight-std</c>.</summary>
    public Option<double?> WeightStd { get; } = CliOptions.OptionalNumber("--weight-std",
        "Weight standard deviation σ_w. linear: W (default: 1/√d-in); ffn: both W_1 and W_2 (default: 1/√d and 1/√d-ff); " +
        "embedding: each of the word, position and segment tables (default: √(1/3)). Range: finite, ≥ 0.");

    /// <summary><c>--q-std</c>.</summary>
    public Option<double?> QStd { get; } = CliOptions.OptionalNumber("--q-std", "Std σ_q of W_Q (sha, mha). Range: finite, ≥ 0. Default: 1/√d-in (sha), 1/√d (mha).");

    /// <summary><c>--k-std</c>.</summary>
    public Option<double?> KStd { get; } = CliOptions.OptionalNumber("--k-std", "Std σ_k of W_K (sha, mha). Range: finite, ≥ 0. Default: 1/√d-in (sha), 1/√d (mha).");

    /// <summary><c>--v-std</c>.</summary>
    public Option<double?> VStd { get; } = CliOptions.OptionalNumber("--v-std", "Std σ_v of W_V (sha, mha). Range: finite, ≥ 0. Default: 1/√d-in (sha), 1/√d (mha).");

    /// <summary><c>--o-std</c>.</summary>
    public Option<double?> OStd { get; } = CliOptions.OptionalNumber("--o-std", "Std σ_o of the output projection W_O (mha). Range: finite, ≥ 0. Default: 1/√d.");

    /// <summary><c>--p</c>.</summary>
    public Option<double> P { get; } = CliOptions.Number("--p",
        "Dropout probability p (inverted dropout): dropout; the hidden dropout after W_O (mha) or W_2 (ffn); the embedding dropout (embedding). Range: [0, 1).", 0.0);

    /// <summary><c>--attention-dropout</c>.</summary>
    public Option<double> AttentionDropout { get; } = CliOptions.Number("--attention-dropout",
        "Dropout probability on the attention probabilities (sha, mha). Range: [0, 1).", 0.0);

    /// <summary><c>--lambda</c>.</summary>
    public Option<double> Lambda { get; } = CliOptions.Number("--lambda", "Shortcut scale λ of out = λx + βf(x) (residual). Range: any finite number.", 1.0);

    /// <summary><c>--beta</c>.</summary>
    public Option<double> Beta { get; } = CliOptions.Number("--beta", "Branch scale β of out = λx + βf(x) (residual). Range: any finite number.", 1.0);

    /// <summary><c>--branch-variance</c>.</summary>
    public Option<double> BranchVariance { get; } = CliOptions.Number("--branch-variance",
        "Variance σ_f² of the branch output f(x) (residual; the branch mean is 0). Range: finite, ≥ 0.", 1.0);

    /// <summary><c>--branch-correlation</c>.</summary>
    public Option<double?> BranchCorrelation { get; } = CliOptions.OptionalNumber("--branch-correlation",
        "Token correlation r_f of the branch output f(x) (residual). Range: [-1, 1]. Default: the input correlation.");

    /// <summary><c>--branch-gain</c>.</summary>
    public Option<double> BranchGain { get; } = CliOptions.Number("--branch-gain",
        "Backward gain t of the branch: gradient variance at its input per unit gradient variance at its output; r_g is kept " +
        "(residual; THEORY.md §3.3). Range: finite, ≥ 0.", 1.0);

    /// <summary><c>--vocab-size</c>.</summary>
    public Option<int> VocabSize { get; } = CliOptions.Integer("--vocab-size", "Vocabulary size |V| of the Zipf token law (embedding). Range: integer ≥ 1.",
        ComponentRequest.DefaultVocabularySize);

    /// <summary><c>--zipf-exponent</c>.</summary>
    public Option<double> ZipfExponent { get; } = CliOptions.Number("--zipf-exponent",
        "Exponent s of the token law π_v ∝ v^(−s) (embedding; 0 = uniform). Range: finite, ≥ 0.", 1.0);

    /// <summary><c>--activation</c>.</summary>
    public Option<string> Activation { get; } = CliOptions.Choice("--activation",
        "Activation of the FFN (ffn): " + string.Join(", ", ElementwiseFunction.BuiltIn.Select(f => f.Name)) + " or swish (= silu).", "relu",
        [.. ElementwiseFunction.BuiltIn.Select(f => f.Name), "swish"], helpName: "name");

    /// <summary><c>--ln-correlation</c>.</summary>
    public Option<string> LnCorrelation { get; } = CliOptions.Choice("--ln-correlation",
        "Token-correlation map of LayerNorm (layernorm): authors = r(1 − 1/d) (THEORY.md §2.5), exact = the hypergeometric map of ATTENTION.md §11.1 (default), unchanged = r.",
        "exact", ["authors", "exact", "unchanged"]);

    /// <summary><c>--attention-backward</c>.</summary>
    public Option<string> AttentionBackward { get; } = CliOptions.AttentionBackward();

    /// <summary><c>--quadrature</c>.</summary>
    public Option<bool> Quadrature { get; } = CliOptions.Flag("--quadrature",
        "Evaluate the activation (relu, gelu, …, and ffn's) by Gaussian quadrature even where a closed form exists.");

    /// <summary><c>--no-v</c>.</summary>
    public Option<bool> NoV { get; } = CliOptions.Flag("--no-v",
        "sha without the V projection: Y = A·X (THEORY.md §2.9); d-out = d-in, --v-std unused; needs --mean 0.");

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = CliOptions.Flag("--json",
        "Print one JSON object instead of tables: {\"component\", \"forward\": {mean, variance, correlation, covariance}, " +
        "\"backward\": {variance, correlation, covariance}, …}; softmax adds varianceApprox, sha/mha scoreVariance, embedding " +
        "tokenCollision; +∞ is written as \"Infinity\".");

    private IEnumerable<Option> AllOptions =>
    [
        Mean, Variance, Correlation, GradVariance, GradCorrelation,
        DIn, DOut, D, DFf, Heads, SeqLen,
        WeightStd, QStd, KStd, VStd, OStd,
        P, AttentionDropout,
        Lambda, Beta, BranchVariance, BranchCorrelation, BranchGain,
        VocabSize, ZipfExponent,
        Activation, LnCorrelation, AttentionBackward, Quadrature, NoV, Json,
    ];

    /// <summary>The request the parsed options describe (not yet validated).</summary>
    public ComponentRequest ReadRequest(ParseResult parseResult) => new()
    {
        Name = parseResult.GetValue(NameArgument) ?? "",
        Input = new ForwardMoments(parseResult.GetValue(Mean), parseResult.GetValue(Variance), parseResult.GetValue(Correlation)),
        OutputGradient = new GradientMoments(parseResult.GetValue(GradVariance), parseResult.GetValue(GradCorrelation)),
        InFeatures = parseResult.GetValue(DIn),
        OutFeatures = parseResult.GetValue(DOut),
        ModelFeatures = parseResult.GetValue(D),
        HiddenFeatures = parseResult.GetValue(DFf),
        Heads = parseResult.GetValue(Heads),
        Length = parseResult.GetValue(SeqLen),
        WeightStd = parseResult.GetValue(WeightStd),
        QueryStd = parseResult.GetValue(QStd),
        KeyStd = parseResult.GetValue(KStd),
        ValueStd = parseResult.GetValue(VStd),
        OutputStd = parseResult.GetValue(OStd),
        DropProbability = parseResult.GetValue(P),
        AttentionDropout = parseResult.GetValue(AttentionDropout),
        SkipScale = parseResult.GetValue(Lambda),
        BranchScale = parseResult.GetValue(Beta),
        BranchVariance = parseResult.GetValue(BranchVariance),
        BranchCorrelation = parseResult.GetValue(BranchCorrelation),
        BranchGain = parseResult.GetValue(BranchGain),
        VocabularySize = parseResult.GetValue(VocabSize),
        ZipfExponent = parseResult.GetValue(ZipfExponent),
        Activation = parseResult.GetValue(Activation) ?? "relu",
        LayerNormCorrelation = Enum.Parse<LayerNormCorrelation>(parseResult.GetValue(LnCorrelation) ?? "exact", ignoreCase: true),
        AttentionBackward = CliOptions.ParseAttentionBackward(parseResult.GetValue(AttentionBackward)),
        Quadrature = parseResult.GetValue(Quadrature),
        NoValue = parseResult.GetValue(NoV),
    };

    private int Execute(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var request = ReadRequest(parseResult).Validate();
        var info = ComponentCatalog.Find(request.Name)!;
        WarnAboutUnusedOptions(parseResult, info, request, stderr);

        var report = ComponentPredictor.Predict(request);
        if (parseResult.GetValue(Json)) stdout.WriteLine(CliJson.Serialize(report));
        else ComponentTable.Render(CliConsole.Create(stdout), report);

        int exitCode = CliExitCodes.Success;
        foreach (var (path, value) in report.NonFinite())
        {
            if (double.IsNaN(value))
            {
                CliErrors.WriteError(stderr, $"{path} is NaN: the formulas failed for these inputs (please report this).");
                exitCode = CliExitCodes.Failure;
            }
            else
            {
                CliErrors.WriteWarning(stderr, $"{path} overflowed to {(value > 0 ? "+∞" : "−∞")} (the predicted value exceeds the double range; " +
                                                "the signal explodes for these inputs).");
            }
        }
        return exitCode;
    }

    private void WarnAboutUnusedOptions(ParseResult parseResult, ComponentInfo info, ComponentRequest request, TextWriter stderr)
    {
        var used = new HashSet<string>(info.Options) { Json.Name, GradVariance.Name, GradCorrelation.Name };
        if (info.UsesInputMoments) used.UnionWith([Mean.Name, Variance.Name, Correlation.Name]);
        if (info.Name == "sha" && request.NoValue) used.ExceptWith([DOut.Name, VStd.Name]);
        foreach (var option in AllOptions)
        {
            if (used.Contains(option.Name) || !CliOptions.IsGiven(parseResult, option)) continue;
            string why = info.Name == "sha" && request.NoValue && (option == DOut || option == VStd) ? " with --no-v" : "";
            CliErrors.WriteWarning(stderr, $"{option.Name} does not apply to {info.Name}{why}; ignored.");
        }
    }

    private static string Describe()
    {
        var lines = new List<string> { "Components (at initialisation; formulas from THEORY.md):" };
        int width = ComponentCatalog.Names.Max(n => n.Length);
        lines.AddRange(ComponentCatalog.All.Select(c => $"  {c.Name.PadRight(width)}  {c.Summary}"));
        lines.AddRange(
        [
            "",
            "Options that the chosen component does not use are ignored with a warning on stderr.",
            "",
            "Examples:",
            "  signalprop predict component relu --variance 2 --correlation 0.5",
            "  signalprop predict component linear --mean 1 --variance 2 --correlation 0.3 --d-in 100 --weight-std 0.1 --json",
            "  signalprop predict component mha --d 512 --heads 8 --p 0.1 --attention-dropout 0.1 --correlation 0.2",
            "  signalprop predict component residual --correlation 0.3 --branch-correlation 0.9 --lambda 0.9747 --beta 0.2236",
            "",
            "Exit codes: 0 success (an overflow to +∞ is only a warning); 2 bad usage: unknown name or option, a value that is",
            "not a number, or a value out of range (the message names the option, its value and the valid range).",
        ]);
        return string.Join(Environment.NewLine, lines);
    }
}
