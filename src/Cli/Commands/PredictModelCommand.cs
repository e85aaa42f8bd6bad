using System.CommandLine;
using SignalProp.Cli.Modeling;

namespace SignalProp.Cli.Commands;

/// <summary>
/// <c>signalprop predict model [options] [--json | --csv]</c>: the forward and backward moments at every point k = 0…2N of
/// a whole transformer's residual stream (THEORY.md §3), for an initialisation scheme and optional overrides.
/// </summary>
public sealed class PredictModelCommand : Command, IHelpEpilog
{
    /// <summary>Creates the command with all its options.</summary>
    public PredictModelCommand()
        : base("model", "Predict the residual-stream moments of a whole transformer at every sub-layer (forward, gradient, attention scores).")
    {
        foreach (var option in AllOptions) Options.Add(option);
        SetAction(Execute);
    }

    /// <summary>The shared model options.</summary>
    public ModelOptions Model { get; } = new();

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = CliOptions.Flag("--json",
        "Print one JSON object: {\"config\", \"initialization\", \"summary\", \"warnings\", \"stream\": [2N+1 rows of " +
        "sublayer, layer, kind, forwardVariance, forwardCorrelation, gradientVariance, gradientCorrelation, scoreVariance, …]}; " +
        "+∞ is written as \"Infinity\".");

    /// <summary><c>--csv</c>.</summary>
    public Option<bool> Csv { get; } = CliOptions.Flag("--csv",
        "Print the stream as CSV: a header line with the JSON row field names, then one line per sub-layer k = 0…2N.");

    /// <summary><c>--all</c>.</summary>
    public Option<bool> All { get; } = CliOptions.Flag("--all", "Summary table: show every sub-layer instead of the first, middle and last few.");

    /// <inheritdoc />
    public string HelpEpilog { get; } = string.Join(Environment.NewLine, Describe());

    private IEnumerable<Option> AllOptions => [.. Model.Architecture, Model.Init, .. Model.SchemeParameters, .. Model.Overrides, Json, Csv, All];

    private int Execute(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        bool json = parseResult.GetValue(Json), csv = parseResult.GetValue(Csv);
        if (json && csv) throw new CliUsageException("--json and --csv cannot be combined: choose one output form.");
        string scheme = (parseResult.GetValue(Model.Init) ?? "xavier").Trim().ToLowerInvariant();
        if (json || csv)
        {
            if (CliOptions.IsGiven(parseResult, All)) CliErrors.WriteWarning(stderr, "--all only applies to the summary table; ignored.");
        }
        Model.WarnAboutUnusedSchemeParameters(parseResult, scheme, stderr);

        var evaluation = Model.Read(parseResult, scheme, withOverrides: true).Evaluate();
        var rows = new StreamRows(evaluation.Prediction);
        var warnings = Warnings(evaluation);
        if (json) ModelJson.WritePrediction(stdout, evaluation, rows, warnings);
        else if (csv) ModelCsv.Write(stdout, rows);
        else ModelText.RenderPrediction(stdout, evaluation, rows, warnings, parseResult.GetValue(All));
        if (json || csv)
            foreach (string warning in warnings) CliErrors.WriteWarning(stderr, warning);
        return CheckNaNs(rows, stderr);
    }

    /// <summary>The prediction's warnings (overflow, attention-score instability) and the solver's, if any.</summary>
    public static IReadOnlyList<string> Warnings(ModelEvaluation evaluation)
    {
        var warnings = new List<string>(evaluation.Prediction.Warnings);
        if (evaluation.Solver is { WithinBand: false } solver)
            warnings.Add($"the solver's gradient spread {CliFormat.Number(solver.GradientSpread)} exceeds --gradient-band {CliFormat.Number(evaluation.Request.GradientBand)}" +
                         (evaluation.Request.BetaSquared is null ? " even at the smallest β² tried." : $" at the fixed β² = {CliFormat.Number(solver.BetaSquared)}."));
        return warnings;
    }

    /// <summary>NaN in a printed value is a failure of the formulas (exit 1, one error line), never an answer.</summary>
    public static int CheckNaNs(StreamRows rows, TextWriter stderr)
    {
        var nans = rows.NaNs().ToList();
        if (nans.Count == 0) return CliExitCodes.Success;
        string where = string.Join(", ", nans.Take(5).Select(n => $"{n.Field} at k = {n.SubLayer}")) + (nans.Count > 5 ? $" and {nans.Count - 5} more" : "");
        CliErrors.WriteError(stderr, $"the prediction has NaN values ({where}); they are printed as null. The formulas failed for these inputs (please report this).");
        return CliExitCodes.Failure;
    }

    private static IEnumerable<string> Describe()
    {
        foreach (string line in ModelOptions.SchemesHelp()) yield return line;
        yield return "";
        yield return "Output: a summary (configuration, scheme notes, a table of the first, middle and last sub-layers, growth";
        yield return "factors σ²_top/σ²_0 and σ²_g,0/σ²_g,top, warnings) unless --json or --csv. k = 0 is the embedding output,";
        yield return "k = 2l+1 and 2l+2 the outputs of layer l's attention and FFN sub-layers (layers 0-based). Row fields:";
        yield return "  forwardVariance, forwardCorrelation   σ_k², r_k of the stream after sub-layer k";
        yield return "  gradientVariance, gradientCorrelation σ²_g,k, r_g,k of the gradient there (--grad-* injected at the top)";
        yield return "  scoreVariance, scoreInstability      S² of the attention logits; (1−r)S² > ln L (THEORY.md §2.8)";
        yield return "  blockVariance, blockCorrelation      s_k, ρ_k of the branch output f before β";
        yield return "  blockGradientGain                    t_k, the branch's backward gain (null at k = 0)";
        yield return "  residualInputVariance                Post-LN: variance of λh + βf before the LayerNorm";
        yield return "  lambda, beta                         this sub-layer's residual scales (null at k = 0)";
        yield return "  branchDependency, outputChange       Admin's β_kk² and Σ_j≤k β_jj² (ADMIN.md §3.2–3.3, units of C)";
        yield return "Warnings (overflow to +∞, attention-score instability) are printed with the summary, or to stderr with";
        yield return "--json/--csv (and in the JSON's \"warnings\").";
        yield return "";
        yield return "Examples:";
        yield return "  signalprop predict model --input-correlation 0.221";
        yield return "  signalprop predict model --init dslm --arch postln --json";
        yield return "  signalprop predict model --init admin --arch postln --layers 48 --d-model 512 --heads 8 --csv";
        yield return "  signalprop predict model --init solved --gradient-band 1.5 --layers 1000";
        yield return "  signalprop predict model --q-std 0.1 --k-std 0.1 --lambda 1 --beta 0.5";
        yield return "";
        yield return "Exit codes: 0 success (an overflow to +∞ is only a warning); 1 the formulas produced NaN; 2 bad usage: unknown";
        yield return "option or scheme, a value that is not a number or out of range (the message names the option, its value and";
        yield return "the valid range), --heads not dividing --d-model, admin/deepnorm with --arch preln.";
    }
}
