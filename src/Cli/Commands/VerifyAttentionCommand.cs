using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SignalProp.Cli.Verification;
using SignalProp.Empirical;
using SignalProp.Empirical.Attention;
using SignalProp.Empirical.Verification;
using Spectre.Console;
using static TorchSharp.torch;

namespace SignalProp.Cli.Commands;

/// <summary>
/// <c>signalprop verify attention --grid quick|a|b|wide|mha [--count N] [--seed S] [--device D] [--dtype T] [--runs-cap N]
/// [--time-cap S] [--target-se P] [--out DIR] [--json]</c>: the attention input-gradient Monte Carlo of ATTENTION.md
/// §10.1 (fresh weights per run, adaptive number of runs) on a seeded sample of a grid, compared with every predictor of
/// <see cref="AttentionPredictors.Registered"/>; prints the error percentiles p50/p90/p99/max per predictor and quantity
/// and exits 1 when a gated predictor exceeds <see cref="AttentionTolerances"/>.
/// </summary>
public sealed class VerifyAttentionCommand : Command, IHelpEpilog
{
    /// <summary>Creates the command.</summary>
    public VerifyAttentionCommand()
        : base("attention", "Monte Carlo of the attention input-gradient moments (fresh weights per run) against the predictors.")
    {
        foreach (var option in (Option[])[Grid, Count, Seed, Device, DType, RunsCap, TimeCap, TargetSe, Out, Json]) Options.Add(option);
        SetAction(Execute);
    }

    /// <summary><c>--grid</c>.</summary>
    public Option<string> Grid { get; } = CliOptions.Choice("--grid",
        "quick: CI sizes (n, L <= 64); a: DSLM SHA grid subset; b: Xavier-sized Q/K (d_in <= 256, L <= 512); wide: as b with d_in <= 1000, d_out <= 256, L <= 1000; mha: multi-head + W_O + hidden dropout (ATTENTION.md §10.1).",
        "quick", AttentionGrids.Names);

    /// <summary><c>--count</c>.</summary>
    public Option<int?> Count { get; } = CliOptions.OptionalInteger("--count",
        "Number of configurations sampled from the grid. Range: integer >= 1. Default: quick 8, a 150, b 200, wide 40, mha 30.");

    /// <summary><c>--seed</c>.</summary>
    public Option<int> Seed { get; } = CliOptions.Integer("--seed", "Seed of the grid sample and of every Monte Carlo stream. Range: any integer.", 42);

    /// <summary><c>--device</c>.</summary>
    public Option<string> Device { get; } = new("--device")
    {
        Description = "auto (CUDA when available), cpu, cuda or cuda:N. [default: auto]",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary><c>--dtype</c>.</summary>
    public Option<string> DType { get; } = CliOptions.Choice("--dtype", "Precision of the Monte Carlo.", "float64", TorchDataType.ValidNames);

    /// <summary><c>--runs-cap</c>.</summary>
    public Option<int> RunsCap { get; } = CliOptions.Integer("--runs-cap", "Maximum runs (fresh weight draws) per configuration. Range: integer >= 2.", 4096);

    /// <summary><c>--time-cap</c>.</summary>
    public Option<double> TimeCap { get; } = CliOptions.Number("--time-cap", "Stop adding batches to a configuration after this many seconds. Range: > 0.", 40);

    /// <summary><c>--target-se</c>.</summary>
    public Option<double> TargetSe { get; } = CliOptions.Number("--target-se", "Target relative standard error of gVar, percent. Range: >= 0.", 0.7);

    /// <summary><c>--out</c>.</summary>
    public Option<string?> Out { get; } = new("--out")
    {
        Description = "Directory for attention-<grid>.csv and attention-<grid>.jsonl (one row per configuration, written as it runs).",
        HelpName = "DIR",
    };

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = CliOptions.Flag("--json", "Print the summary as JSON.");

    /// <inheritdoc />
    public string HelpEpilog { get; } =
        "Predictors: " + string.Join(", ", AttentionPredictors.Registered.Select(p => p.Name + (p.Gated ? " (gated)" : ""))) + ".\n" +
        "Errors (percent): gVar |m-p|/|m|; gCov min(|m-p|/|m|, |m-p|/predicted variance); gCovRel |m-p|/|m|; p50/p90/p99 use errs[int(N*q/100)].\n" +
        "Exit codes: 0 gated predictors within tolerance (or none gated); 1 a gated predictor above its tolerance or a failed configuration; 2 bad options.\n" +
        "Example: signalprop verify attention --grid b --count 10 --out results/attention --json";

    private int Execute(ParseResult parseResult)
    {
        TextWriter stdout = parseResult.InvocationConfiguration.Output;
        TextWriter stderr = parseResult.InvocationConfiguration.Error;
        AttentionGrid grid = AttentionGrids.Get(parseResult.GetValue(Grid) ?? "quick");
        int count = parseResult.GetValue(Count) ?? DefaultCount(grid.Name);
        if (count < 1) throw new CliUsageException($"--count = {count} is out of range: must be an integer >= 1.");
        int runsCap = parseResult.GetValue(RunsCap);
        if (runsCap < 2) throw new CliUsageException($"--runs-cap = {runsCap} is out of range: must be an integer >= 2.");
        double timeCap = parseResult.GetValue(TimeCap);
        if (!(timeCap > 0) || double.IsInfinity(timeCap)) throw new CliUsageException($"--time-cap = {timeCap.ToString(CultureInfo.InvariantCulture)} is out of range: must be finite and > 0.");
        double targetSe = parseResult.GetValue(TargetSe);
        if (!(targetSe >= 0) || double.IsInfinity(targetSe)) throw new CliUsageException($"--target-se = {targetSe.ToString(CultureInfo.InvariantCulture)} is out of range: must be finite and >= 0.");
        string deviceName = parseResult.GetValue(Device) ?? "auto";
        Device device;
        try { device = TorchDevice.Resolve(deviceName); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        { throw new CliUsageException($"--device = {deviceName} is out of range: {e.Message}"); }
        ScalarType dataType = TorchDataType.Resolve(parseResult.GetValue(DType) ?? "float64");
        int seed = parseResult.GetValue(Seed);
        string? outDirectory = parseResult.GetValue(Out);
        bool json = parseResult.GetValue(Json);

        var options = new AttentionMonteCarloOptions(TargetRelativeError: targetSe / 100, MaxRuns: runsCap, MaxSeconds: timeCap);
        var verifier = new AttentionVerifier(new AttentionGradientExperiment(device, dataType, options), AttentionPredictors.Registered);
        IReadOnlyList<AttentionCase> cases = AttentionGrids.Sample(grid, count, seed);
        AttentionVerificationSummary summary = CliConsole.IsInteractiveTerminal(stdout)
            ? RunWithProgressBar(stdout, verifier, grid.Name, cases, seed, outDirectory)
            : RunWithProgressLines(stderr, verifier, grid.Name, cases, seed, outDirectory);

        var violations = AttentionTolerances.Violations(summary);
        foreach (var p in summary.Predictors.Where(p => p.Gated && AttentionQuantities.All.All(q => AttentionTolerances.For(grid.Name, p.Name, q) is null)))
            CliErrors.WriteWarning(stderr, $"predictor {p.Name} is gated but has no tolerance for grid {grid.Name}; not checked.");
        if (summary.Failed > 0)
            CliErrors.WriteWarning(stderr, $"{summary.Failed} of {summary.Configurations} configurations failed; see the message column of the CSV.");
        if (json) stdout.WriteLine(ToJson(summary));
        else WriteTable(stdout, summary, dataType, device);
        foreach (string v in violations) CliErrors.WriteError(stderr, "tolerance exceeded: " + v);
        return violations.Count > 0 || summary.Failed > 0 ? CliExitCodes.Failure : CliExitCodes.Success;
    }

    /// <summary>The default number of configurations of a grid (ATTENTION.md §10.2/§10.3/§10.6: 150, 200, 30).</summary>
    /// <param name="grid">The grid name.</param>
    public static int DefaultCount(string grid) => grid switch { "a" => 150, "b" => 200, "wide" => 40, "mha" => 30, _ => 8 };

    private static AttentionVerificationSummary RunWithProgressBar(TextWriter stdout, AttentionVerifier verifier, string grid,
        IReadOnlyList<AttentionCase> cases, int seed, string? outDirectory)
    {
        AttentionVerificationSummary? summary = null;
        CliConsole.Create(stdout).Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask("attention " + grid, maxValue: Math.Max(1, cases.Count));
            summary = verifier.Run(grid, cases, seed, outDirectory, new Reporter(p => task.Value = p.Done));
        });
        return summary!;
    }

    private static AttentionVerificationSummary RunWithProgressLines(TextWriter stderr, AttentionVerifier verifier, string grid,
        IReadOnlyList<AttentionCase> cases, int seed, string? outDirectory)
        => verifier.Run(grid, cases, seed, outDirectory, new Reporter(p =>
        {
            var m = p.Row.Measurement;
            string detail = m is null ? "failed"
                : string.Create(CultureInfo.InvariantCulture, $"gVar {m.GradientVariance.Mean:G4} ± {100 * m.GradientVarianceRelativeError:0.0}% ({m.Runs} runs, {m.Seconds:0.0} s)");
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"attention {grid}: {p.Done}/{p.Total} configurations, {p.Seconds:0.0} s; {p.Row.Case}: {detail}"));
        }));

    private static void WriteTable(TextWriter stdout, AttentionVerificationSummary s, ScalarType dataType, Device device)
    {
        var console = CliConsole.Create(stdout);
        var table = new Table().Title(string.Create(CultureInfo.InvariantCulture,
            $"verify attention (grid {s.Grid}, {s.Configurations} configurations, {TorchDataType.NameOf(dataType)}, {device.type.ToString().ToLowerInvariant()}, {s.Seconds:0.0} s): error percentiles in %"));
        foreach (string column in (string[])["predictor", "quantity", "p50", "p90", "p99", "max", "status"]) table.AddColumn(column);
        foreach (var predictor in s.Predictors)
        {
            foreach (var (quantity, p) in s.Errors[predictor.Name])
            {
                var t = predictor.Gated ? AttentionTolerances.For(s.Grid, predictor.Name, quantity) : null;
                string status = t is { } limit ? (p.IsWithin(limit) ? "ok" : "FAIL") : "reported";
                table.AddRow(Markup.Escape(predictor.Name), quantity, Cell(p.P50, t?.P50), Cell(p.P90, t?.P90), Cell(p.P99, t?.P99), Cell(p.Max, t?.Max), status);
            }
        }
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median Monte Carlo seconds per configuration: {s.MedianSecondsPerConfiguration:0.00}"));
    }

    private static string Cell(double value, double? tolerance)
        => CliFormat.Number(Math.Round(value, 4)) + (tolerance is double t ? " (" + CliFormat.Number(t) + ")" : "");

    /// <summary>
    /// The JSON summary: <c>{"grid", "configurations", "failed", "seconds", "secondsPerConfiguration", "withinTolerance",
    /// "predictors": {name: {"gated", "gVar": {"p50","p90","p99","max"}, "gCov": {…}, "gCovRel": {…}}}}</c>.
    /// </summary>
    /// <param name="summary">The sweep.</param>
    public static string ToJson(AttentionVerificationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("grid", summary.Grid);
            w.WriteNumber("configurations", summary.Configurations);
            w.WriteNumber("failed", summary.Failed);
            w.WriteNumber("seconds", Math.Round(summary.Seconds, 3));
            SweepRunner.WriteDouble(w, "secondsPerConfiguration", Math.Round(summary.MedianSecondsPerConfiguration, 3));
            w.WriteBoolean("withinTolerance", AttentionTolerances.Violations(summary).Count == 0);
            w.WriteStartObject("predictors");
            foreach (var predictor in summary.Predictors)
            {
                w.WriteStartObject(predictor.Name);
                w.WriteBoolean("gated", predictor.Gated);
                foreach (var (quantity, p) in summary.Errors[predictor.Name])
                {
                    w.WriteStartObject(quantity);
                    SweepRunner.WriteDouble(w, "p50", p.P50);
                    SweepRunner.WriteDouble(w, "p90", p.P90);
                    SweepRunner.WriteDouble(w, "p99", p.P99);
                    SweepRunner.WriteDouble(w, "max", p.Max);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // Synchronous IProgress (System.Progress<T> posts to the thread pool, which would reorder and race the output).
    private sealed class Reporter(Action<AttentionVerificationProgress> report) : IProgress<AttentionVerificationProgress>
    {
        public void Report(AttentionVerificationProgress value) => report(value);
    }
}
