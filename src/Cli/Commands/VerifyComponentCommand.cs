using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SignalProp.Cli.Verification;
using SignalProp.Empirical;
using SignalProp.Empirical.Verification;
using Spectre.Console;
using static TorchSharp.torch;

namespace SignalProp.Cli.Commands;

/// <summary>
/// <c>signalprop verify component &lt;name&gt;|all --profile quick|paper [--device] [--dtype] [--seed] [--out DIR]
/// [--json] [--limit N]</c>: runs the sweep of <see cref="VerificationProfiles"/> through <see cref="SweepRunner"/>,
/// prints the authors' error percentiles per quantity and exits 1 when one exceeds
/// <see cref="VerificationTolerances"/>.
/// </summary>
public sealed class VerifyComponentCommand : Command, IHelpEpilog
{
    /// <summary>Creates the command.</summary>
    public VerifyComponentCommand()
        : base("component", "Measure a component (or all) on random inputs and compare with the closed-form moments.")
    {
        NameArgument.Validators.Add(result =>
        {
            string? value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && !IsKnown(value))
                result.AddError($"component = {value} is out of range: must be one of {string.Join(", ", VerificationProfiles.Components)} or all.");
        });
        Arguments.Add(NameArgument);
        foreach (var option in (Option[])[ProfileOption, Device, DType, Seed, Out, Json, Limit]) Options.Add(option);
        SetAction(Execute);
    }

    /// <summary>The component name or <c>all</c>.</summary>
    public Argument<string> NameArgument { get; } = new("name")
    {
        HelpName = "name",
        Description = "The component: " + string.Join(", ", VerificationProfiles.Components) + ", or all.",
    };

    /// <summary><c>--profile</c>.</summary>
    public Option<string> ProfileOption { get; } = CliOptions.Choice("--profile",
        "quick: a seeded subset at small sizes (all components in a few minutes); paper: the authors' grids (THEORY.md §5.2).",
        "quick", VerificationProfiles.Names);

    /// <summary><c>--device</c>.</summary>
    public Option<string> Device { get; } = new("--device")
    {
        Description = "auto (CUDA when available), cpu, cuda or cuda:N. [default: auto]",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary><c>--dtype</c>.</summary>
    public Option<string?> DType { get; } = new("--dtype")
    {
        Description = "float32 or float64. Default: float64 for quick, float32 for paper (as the authors).",
        HelpName = "float32|float64",
    };

    /// <summary><c>--seed</c>.</summary>
    public Option<int> Seed { get; } = CliOptions.Integer("--seed", "Seed of the configuration shuffle and of every random stream. Range: any integer.", 42);

    /// <summary><c>--out</c>.</summary>
    public Option<string?> Out { get; } = new("--out")
    {
        Description = "Directory for <component>.csv and <component>.jsonl (one row per configuration, written as it runs).",
        HelpName = "DIR",
    };

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = CliOptions.Flag("--json", "Print the summary as JSON (an array for all).");

    /// <summary><c>--limit</c>.</summary>
    public Option<int?> Limit { get; } = CliOptions.OptionalInteger("--limit", "Run only the first N configurations of each component (smoke runs). Range: integer ≥ 1.");

    /// <inheritdoc />
    public string HelpEpilog { get; } =
        "Quantities (THEORY.md §5.4): xMean, xVar, gVar, xCov, gCov; layernorm also xCovFeatures; softmax xMean, xVar, xVarApprox, gVar, gVarApprox.\n" +
        "Errors are the authors' calc_err in percent; p50/p90/p99 use errs[int(total*q/100)]. Tolerances: docs/verification.md.\n" +
        "Exit codes: 0 all percentiles within tolerance; 1 a percentile above its tolerance; 2 bad options.\n" +
        "Example: signalprop verify component all --profile quick --out results/quick --json";

    private static bool IsKnown(string name)
        => name.Equals("all", StringComparison.OrdinalIgnoreCase)
           || VerificationProfiles.Components.Contains(name, StringComparer.OrdinalIgnoreCase);

    private int Execute(ParseResult parseResult)
    {
        TextWriter stdout = parseResult.InvocationConfiguration.Output;
        TextWriter stderr = parseResult.InvocationConfiguration.Error;
        string name = (parseResult.GetValue(NameArgument) ?? "").ToLowerInvariant();
        VerificationProfile profile = VerificationProfiles.Get(parseResult.GetValue(ProfileOption) ?? "quick");
        int? limit = parseResult.GetValue(Limit);
        if (limit is < 1) throw new CliUsageException($"--limit = {limit} is out of range: must be an integer ≥ 1.");
        string deviceName = parseResult.GetValue(Device) ?? "auto";
        Device device;
        try { device = TorchDevice.Resolve(deviceName); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        { throw new CliUsageException($"--device = {deviceName} is out of range: {e.Message}"); }
        string dtypeName = parseResult.GetValue(DType) ?? (profile.Paper ? "float32" : "float64");
        if (!TorchDataType.ValidNames.Contains(dtypeName, StringComparer.OrdinalIgnoreCase))
            throw new CliUsageException($"--dtype = {dtypeName} is out of range: must be one of float32, float64.");
        ScalarType dataType = TorchDataType.Resolve(dtypeName.ToLowerInvariant());
        int seed = parseResult.GetValue(Seed);
        string? outDirectory = parseResult.GetValue(Out);
        bool json = parseResult.GetValue(Json);

        string[] components = name == "all" ? [.. VerificationProfiles.Components] : [name];
        var runner = new SweepRunner(new ComponentVerifier(device, dataType), outDirectory);
        var summaries = new List<SweepSummary>();
        bool interactive = CliConsole.IsInteractiveTerminal(stdout);
        foreach (string component in components)
        {
            IReadOnlyList<VerificationCase> cases = VerificationProfiles.Cases(component, profile, seed);
            if (limit is int n) cases = [.. cases.Take(n)];
            summaries.Add(interactive
                ? RunWithProgressBar(stdout, runner, component, cases, seed)
                : RunWithProgressLines(stderr, runner, component, cases, seed));
        }

        var violations = summaries.SelectMany(s => VerificationTolerances.Violations(profile.Name, s)).ToList();
        foreach (var s in summaries.Where(s => s.Failed > 0))
            CliErrors.WriteWarning(stderr, $"{s.Component}: {s.Failed} of {s.Configurations} configurations failed (overflow or NaN); see the message column of the CSV.");
        if (json) stdout.WriteLine(ToJson(summaries, name == "all", profile.Name));
        else WriteTable(stdout, summaries, profile.Name, dtypeName, device);
        foreach (string v in violations) CliErrors.WriteError(stderr, "tolerance exceeded: " + v);
        return violations.Count > 0 ? CliExitCodes.Failure : CliExitCodes.Success;
    }

    private static SweepSummary RunWithProgressBar(TextWriter stdout, SweepRunner runner, string component, IReadOnlyList<VerificationCase> cases, int seed)
    {
        SweepSummary? summary = null;
        CliConsole.Create(stdout).Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask(component, maxValue: Math.Max(1, cases.Count));
            summary = runner.Run(component, cases, seed, (done, total, _) => task.Value = done);
        });
        return summary!;
    }

    private static SweepSummary RunWithProgressLines(TextWriter stderr, SweepRunner runner, string component, IReadOnlyList<VerificationCase> cases, int seed)
    {
        int lastTenth = -1;
        var start = DateTime.UtcNow;
        return runner.Run(component, cases, seed, (done, total, result) =>
        {
            int tenth = done * 10 / Math.Max(1, total);
            if (tenth != lastTenth || done == total)
            {
                lastTenth = tenth;
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{component}: {done}/{total} configurations, {(DateTime.UtcNow - start).TotalSeconds:0.0} s{(result.Succeeded ? "" : " (last failed)")}"));
            }
        });
    }

    private static void WriteTable(TextWriter stdout, IReadOnlyList<SweepSummary> summaries, string profile, string dtype, Device device)
    {
        var console = CliConsole.Create(stdout);
        var table = new Table().Title($"verify ({profile}, {dtype}, {device.type.ToString().ToLowerInvariant()}): error percentiles in % (tolerance)");
        foreach (string column in (string[])["component", "configs", "seconds", "quantity", "p50", "p90", "p99", "status"]) table.AddColumn(column);
        foreach (var s in summaries)
        {
            foreach (var (q, p) in s.Errors)
            {
                var t = VerificationTolerances.For(profile, s.Component, q);
                bool ok = p.P50 <= t.P50 && p.P90 <= t.P90 && p.P99 <= t.P99;
                table.AddRow(Markup.Escape(s.Component), s.Configurations.ToString(CultureInfo.InvariantCulture) + (s.Failed > 0 ? $" ({s.Failed} failed)" : ""),
                    s.Seconds.ToString("0.0", CultureInfo.InvariantCulture), q,
                    Cell(p.P50, t.P50), Cell(p.P90, t.P90), Cell(p.P99, t.P99), ok ? "ok" : "FAIL");
            }
        }
        console.Write(table);
    }

    private static string Cell(double value, double tolerance)
        => string.Create(CultureInfo.InvariantCulture, $"{CliFormat.Number(Math.Round(value, 4))} ({CliFormat.Number(tolerance)})");

    /// <summary>The JSON summary: one object per component (an array for all).</summary>
    /// <param name="summaries">The sweeps.</param>
    /// <param name="asArray">Write an array.</param>
    /// <param name="profile">The profile name (for the tolerances).</param>
    public static string ToJson(IReadOnlyList<SweepSummary> summaries, bool asArray, string profile)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            if (asArray) w.WriteStartArray();
            foreach (var s in summaries)
            {
                w.WriteStartObject();
                w.WriteString("component", s.Component);
                w.WriteNumber("configurations", s.Configurations);
                w.WriteNumber("failed", s.Failed);
                w.WriteNumber("seconds", Math.Round(s.Seconds, 3));
                w.WriteBoolean("withinTolerance", VerificationTolerances.Violations(profile, s).Count == 0);
                w.WriteStartObject("errors");
                foreach (var (q, p) in s.Errors)
                {
                    w.WriteStartObject(q);
                    SweepRunner.WriteDouble(w, "p50", p.P50);
                    SweepRunner.WriteDouble(w, "p90", p.P90);
                    SweepRunner.WriteDouble(w, "p99", p.P99);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            if (asArray) w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
