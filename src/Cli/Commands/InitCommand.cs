using System.CommandLine;
using SignalProp.Cli.Modeling;
using SignalProp.Theory.Schemes;

namespace SignalProp.Cli.Commands;

/// <summary>
/// <c>signalprop init &lt;scheme&gt; [model options] [--json]</c>: every σ and residual scale an initialisation scheme sets
/// for a configuration, with the scheme's notes; <c>init solve</c> runs <see cref="InitSolver"/> and prints its answer
/// and a verdict.
/// </summary>
public sealed class InitCommand : Command, IHelpEpilog
{
    /// <summary>The argument value that runs the solver (<c>solved</c> is accepted too).</summary>
    public const string Solve = "solve";

    /// <summary>Every accepted scheme argument.</summary>
    public static IReadOnlyList<string> SchemeArguments { get; } = [.. InitSchemes.Names, Solve];

    /// <summary>Creates the command with all its options.</summary>
    public InitCommand() : base("init", "Print every weight σ and residual scale an initialisation scheme sets (init solve: solve for one).")
    {
        SchemeArgument.CompletionSources.Add([.. SchemeArguments]);
        SchemeArgument.Validators.Add(result =>
        {
            string? value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && Normalize(value) is null) result.AddError(UnknownMessage(value));
        });
        Arguments.Add(SchemeArgument);
        foreach (var option in AllOptions) Options.Add(option);
        SetAction(Execute);
    }

    /// <summary>The scheme name.</summary>
    public Argument<string> SchemeArgument { get; } = new("scheme")
    {
        HelpName = "scheme",
        Description = "The scheme: " + string.Join(", ", SchemeArguments) + " (see Schemes below).",
    };

    /// <summary>The shared model options (no overrides: this command shows what the scheme itself sets).</summary>
    public ModelOptions Model { get; } = new();

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = CliOptions.Flag("--json",
        "Print one JSON object: {\"scheme\", \"config\", \"initialization\": {notes, embedding, layersVary, layers: [runs of " +
        "identical layers with qStd, kStd, vStd, oStd, upStd, downStd, attentionLambda, attentionBeta, ffnLambda, ffnBeta], " +
        "solver}, and for solve \"summary\", \"warnings\", \"verdict\"}.");

    /// <inheritdoc />
    public string HelpEpilog { get; } = string.Join(Environment.NewLine, Describe());

    private IEnumerable<Option> AllOptions => [.. Model.Architecture, .. Model.SchemeParameters, Json];

    /// <summary>The canonical scheme name for an argument (<c>solve</c>/<c>solved</c> → <c>solved</c>), or null when unknown.</summary>
    public static string? Normalize(string argument)
    {
        string key = argument.Trim().ToLowerInvariant();
        if (key is Solve or ModelOptions.SolvedScheme) return ModelOptions.SolvedScheme;
        return InitSchemes.Names.Contains(key) ? key : null;
    }

    /// <summary>The one-line message for an unknown scheme, listing the valid ones.</summary>
    public static string UnknownMessage(string argument)
        => $"unknown scheme '{argument}': must be one of {string.Join(", ", SchemeArguments)}.";

    /// <summary>The solver's one-line verdict.</summary>
    public static string Verdict(ModelEvaluation evaluation)
    {
        var solver = evaluation.Solver ?? throw new InvalidOperationException("not a solver result");
        var request = evaluation.Request;
        var (band, spread) = ModelText.Distinct(request.GradientBand, solver.GradientSpread);
        string beta = CliFormat.Number(solver.BetaSquared);
        int points = evaluation.Prediction.Stream.Count;
        if (request.BetaSquared is not null)
            return solver.WithinBand
                ? $"within band: with the fixed β² = {beta} every block output variance is 1 and the gradient spread {spread} is ≤ {band}."
                : $"outside the band: with the fixed β² = {beta} the gradient spread {spread} exceeds {band}; leave out --beta-squared to solve for β².";
        return solver.WithinBand
            ? $"within band: β² = {beta} (λ² = {CliFormat.Number(1 - solver.BetaSquared)}) gives unit block output variance and a gradient spread {spread} ≤ {band} over all {points} points of the stream."
            : $"no solution: even β² = {beta} leaves a gradient spread {spread} > {band}; widen --gradient-band.";
    }

    private int Execute(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        string argument = parseResult.GetValue(SchemeArgument) ?? "";
        string scheme = Normalize(argument) ?? throw new CliUsageException(UnknownMessage(argument));
        Model.WarnAboutUnusedSchemeParameters(parseResult, scheme, stderr);
        var evaluation = Model.Read(parseResult, scheme, withOverrides: false).Evaluate();
        bool json = parseResult.GetValue(Json);

        if (evaluation.Solver is null)
        {
            if (json) ModelJson.WriteInitialization(stdout, evaluation, rows: null, verdict: null, warnings: []);
            else ModelText.RenderInitialization(stdout, evaluation);
            return CliExitCodes.Success;
        }

        var rows = new StreamRows(evaluation.Prediction);
        var warnings = evaluation.Prediction.Warnings;
        string verdict = Verdict(evaluation);
        if (json)
        {
            ModelJson.WriteInitialization(stdout, evaluation, rows, verdict, warnings);
            foreach (string warning in warnings) CliErrors.WriteWarning(stderr, warning);
        }
        else
        {
            ModelText.RenderInitialization(stdout, evaluation);
            stdout.WriteLine();
            stdout.WriteLine(ModelText.SolverLine(evaluation.Solver, evaluation.Request));
            var summary = ModelSummary.Of(rows);
            stdout.WriteLine($"stream           forward variance {CliFormat.Number(evaluation.Prediction.Bottom.ForwardVariance)} → {CliFormat.Number(evaluation.Prediction.Top.ForwardVariance)} " +
                             $"(max {CliFormat.Number(summary.MaxForwardVariance)}), gradient growth σ²_g,0/σ²_g,top = {CliFormat.Number(summary.GradientGrowth)}");
            ModelText.WriteWarnings(stdout, warnings);
            stdout.WriteLine();
            stdout.WriteLine("verdict: " + verdict);
        }
        int nan = PredictModelCommand.CheckNaNs(rows, stderr);
        if (nan != CliExitCodes.Success) return nan;
        if (evaluation.Solver.WithinBand || evaluation.Request.BetaSquared is not null) return CliExitCodes.Success;
        CliErrors.WriteError(stderr, verdict);
        return CliExitCodes.Failure;
    }

    private static IEnumerable<string> Describe()
    {
        foreach (string line in ModelOptions.SchemesHelp(Solve)) yield return line;
        yield return "";
        yield return "init <scheme> prints the embedding σ's and, per run of identical layers (\"all layers\" when the scheme sets";
        yield return "every layer alike), σ_q, σ_k, σ_v, σ_o, σ_1, σ_2 and the residual scales λ, β (h ← λh + β·f), then the notes.";
        yield return "init solve runs InitSolver: σ_v = σ_o and σ_2 rescaled per layer so that every block output variance is 1,";
        yield return "λ² + β² = 1, and the largest β² whose gradient spread max σ²_g/min σ²_g is within --gradient-band (or the";
        yield return "fixed --beta-squared); it prints β², λ², the spread, whether it is within the band, the σ's and a verdict.";
        yield return "Options that the scheme does not read (e.g. --dslm-k for xavier) are ignored with a warning on stderr.";
        yield return "";
        yield return "Examples:";
        yield return "  signalprop init xavier";
        yield return "  signalprop init dslm --layers 4 --d-model 256 --heads 4 --input-correlation 0.221 --beta-squared 0.25";
        yield return "  signalprop init admin --arch postln --layers 6 --json";
        yield return "  signalprop init solve --layers 48 --d-model 256 --heads 4 --gradient-band 1.5";
        yield return "";
        yield return "Exit codes: 0 success; 1 init solve found no β² within the band (or the formulas produced NaN); 2 bad usage:";
        yield return "unknown scheme or option, a value out of range (the message names the option, its value and the valid range),";
        yield return "admin/deepnorm with --arch preln.";
    }
}
