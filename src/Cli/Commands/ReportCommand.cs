using System.CommandLine;
using System.Diagnostics;
using SignalProp.Cli.Modeling;
using SignalProp.Cli.Reporting;
using SignalProp.Plots;
using Spectre.Console;

namespace SignalProp.Cli.Commands;

/// <summary>
/// <c>signalprop report [--out DIR] [--quick]</c>: computes every theory figure for the paper's configurations, writes
/// each as PNG and SVG with a summary.md and a self-contained index.html (all-or-nothing, via a temporary directory next
/// to the target), printing progress.
/// </summary>
public sealed class ReportCommand : Command, IHelpEpilog
{
    /// <summary>Creates the command.</summary>
    public ReportCommand() : base("report", "Compute every figure for the paper's configurations and write PNG/SVG files, summary.md and index.html.")
    {
        Options.Add(Out);
        Options.Add(Quick);
        SetAction(Execute);
    }

    /// <summary><c>--out</c>.</summary>
    public Option<string> Out { get; } = new("--out")
    {
        Description = "Output directory (created; files are moved into it only once everything has been computed).",
        DefaultValueFactory = _ => "report",
        HelpName = "dir",
    };

    /// <summary><c>--quick</c>.</summary>
    public Option<bool> Quick { get; } = CliOptions.Flag("--quick",
        "Smaller run: a 48-layer model (d 256, 4 heads, L 64), a depth sweep up to N = 64, 1 verification configuration per component and a " +
        "4-layer measured model (d 64, L 32, batch 4) instead of the paper's 192 layers, N = 1000, 3 and 12 layers (d 256, L 128, batch 8).");

    /// <inheritdoc />
    public string HelpEpilog { get; } = string.Join(Environment.NewLine,
        "Files: <figure>.png and <figure>.svg for forward-variance, gradient-variance, correlation, dependency,",
        "dependency-18, output-change, attention-scores and depth-sweep; summary.md; index.html (images embedded).",
        "Figures 1m-3m (forward-variance-measured, gradient-variance-measured, correlation-measured) simulate a",
        "12-layer model (d 256, 4 heads, L 128, batch 8, 2 replicas; --quick: 4 layers, d 64, L 32, batch 4) with TorchSharp",
        "for Xavier and DSLM on Pre-LN and Post-LN and draw the measurements (±1 SE) beside the theory.",
        "Figure 4 runs the empirical component verifier (TorchSharp, CPU) on the first 3 configurations of each",
        "component's quick profile (--quick: 1).",
        "Default configuration: the paper's 192-layer BERT (d 1024, 16 heads, d_ff 4096, L 256, p 0.1, r₀ 0.221).",
        "",
        "Exit codes: 0 success; 1 unexpected failure; 2 bad usage or an output directory that cannot be written",
        "(nothing is written then).");

    /// <summary>The base request of the report: the paper's configuration, or the quick one.</summary>
    public static ModelRequest BaseRequest(bool quick) => quick
        ? new ModelRequest { Layers = 48, DModel = 256, Heads = 4, SeqLen = 64, InputCorrelation = FigureBuilder.PaperInputCorrelation }
        : new ModelRequest { InputCorrelation = FigureBuilder.PaperInputCorrelation };

    /// <summary>The CPU-sized model of the measured figures 1m–3m (12 layers, d 256, 4 heads, L 128; --quick: 4 layers, d 64, L 32).</summary>
    public static ModelRequest MeasureRequest(bool quick) => quick
        ? new ModelRequest { Layers = 4, DModel = 64, Heads = 4, SeqLen = 32, InputCorrelation = FigureBuilder.PaperInputCorrelation }
        : new ModelRequest { Layers = 12, DModel = 256, Heads = 4, SeqLen = 128, InputCorrelation = FigureBuilder.PaperInputCorrelation };

    private int Execute(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        bool quick = parseResult.GetValue(Quick);
        var clock = Stopwatch.StartNew();
        var builder = new FigureBuilder(BaseRequest(quick), quick ? FigureBuilder.QuickSweepDepths : FigureBuilder.FullSweepDepths, verificationLimit: quick ? 1 : 3,
            measureRequest: MeasureRequest(quick), measureOptions: MeasuredProfiles.CpuOptions(batch: quick ? 4 : 8, replicas: 2));
        using var output = StagedOutput.Create(parseResult.GetValue(Out) ?? "report");

        var figures = new List<ReportFigure>();
        var numbers = new List<KeyNumber>();
        var steps = FigureCatalog.All.Select(info => (info.Name, (Action)(() =>
        {
            var figure = builder.Build(info);
            byte[] png = figure.Render(FigureFormat.Png);
            output.Write(info.Name + ".png", png);
            output.Write(info.Name + ".svg", figure.Render(FigureFormat.Svg));
            figures.Add(new ReportFigure(info, info.Name + ".png", info.Name + ".svg", png, null));
            numbers.AddRange(figure.Numbers);
        }))).ToList();
        RunSteps(stdout, steps);

        var content = new ReportContent("Signal propagation at initialisation: figures", Configuration(builder, quick), figures, numbers,
            DateTime.UtcNow, clock.Elapsed.TotalSeconds);
        output.Write("summary.md", ReportDocuments.Markdown(content));
        output.Write("index.html", ReportDocuments.Html(content));
        var written = output.Commit();
        stdout.WriteLine($"wrote {written.Count} files to {output.Target} in {clock.Elapsed.TotalSeconds:0.0} s:");
        foreach (string path in written) stdout.WriteLine($"  {Path.GetFileName(path)}");
        stdout.WriteLine($"open {Path.Combine(output.Target, "index.html")}");
        var skipped = figures.Where(f => f.SkipReason is not null).ToList();
        foreach (var f in skipped) CliErrors.WriteWarning(parseResult.InvocationConfiguration.Error, $"figure {f.Info.Number} ({f.Info.Name}) not drawn: {f.SkipReason}");
        return CliExitCodes.Success;
    }

    private static IReadOnlyList<string> Configuration(FigureBuilder builder, bool quick)
    {
        var b = builder.Base;
        return
        [
            (quick ? "Quick configuration: " : "The paper's configuration (THEORY.md §5.5, §7): ") + builder.ConfigLine(),
            "Schemes: Xavier (THEORY.md §4.4) and DSLM (β² = 1/N, §4) on Pre-LN and Post-LN; Admin figures: default init for Pre-/Post-LN, Admin (ω) on Post-LN",
            $"Dependency figures: {6} and {18} layers with the same width; attention scores: Xavier, Xavier with 3× σ_q and σ_k, Xavier Post-LN",
            "Depth sweep: N = " + string.Join(", ", builder.SweepDepths) + $" layers, d = {b.DModel}; admin, admin-logn, admin-o1 and deepnorm on Post-LN, the others on Pre-LN",
            "Gradient injected at the top: variance 1, correlation 0",
            $"Measured figures 1m–3m: whole-model TorchSharp simulation (CPU, float32, seed 42, Gaussian input with the predicted k = 0 moments) of {builder.ConfigLine(builder.MeasureRequest)}; " +
                $"batch {builder.MeasureOptions.Batch}, {builder.MeasureOptions.Replicas} replicas per model; Xavier and DSLM on Pre-LN and Post-LN",
            $"Verification (figure 4): TorchSharp on the CPU, float64, seed 42, the first {builder.VerificationLimit} configuration(s) of each component's quick profile; authors' values from {AuthorsExpectedErrors.Provenance}",
        ];
    }

    private static void RunSteps(TextWriter stdout, IReadOnlyList<(string Name, Action Run)> steps)
    {
        if (CliConsole.IsInteractiveTerminal(stdout))
        {
            CliConsole.Create(stdout).Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("figures", maxValue: steps.Count);
                    foreach (var (name, run) in steps)
                    {
                        task.Description = name;
                        run();
                        task.Increment(1);
                    }
                    task.Description = "figures";
                });
            return;
        }
        for (int i = 0; i < steps.Count; i++)
        {
            var clock = Stopwatch.StartNew();
            steps[i].Run();
            stdout.WriteLine($"[{i + 1}/{steps.Count}] {steps[i].Name} ({clock.Elapsed.TotalSeconds:0.0} s)");
            stdout.Flush();
        }
    }
}
