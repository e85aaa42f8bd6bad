using System.CommandLine;
using SignalProp.Cli.Modeling;
using SignalProp.Cli.Reporting;
using SignalProp.Plots;

namespace SignalProp.Cli.Commands;

/// <summary>
/// <c>signalprop plot &lt;figure&gt;|all [model options] --out DIR [--format png|svg] [--measure]</c>: draws the theory
/// figures (forward/gradient variance, token correlation, Admin dependency and output change, attention scores, depth
/// sweep) for a configuration; defaults are the paper's 192-layer BERT with r₀ = 0.221.
/// </summary>
public sealed class PlotCommand : Command, IHelpEpilog
{
    /// <summary>Creates the command with all its options.</summary>
    public PlotCommand() : base("plot", "Draw a signal-propagation figure (or all of them) for a model configuration as PNG or SVG.")
    {
        FigureArgument.Validators.Add(result =>
        {
            string? value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && !FigureCatalog.Names.Contains(value.Trim().ToLowerInvariant()))
                result.AddError($"unknown figure '{value}': must be one of {string.Join(", ", FigureCatalog.Names)}.");
        });
        Arguments.Add(FigureArgument);
        Model.InputCorrelation.Description = "Token correlation r₀ of the summed embedding tables before embedding dropout, replacing the " +
            "Zipf estimate. Range: [-1, 1] and reachable with the embedding tables. Default for plot: 0.221 (the DSLM code's constant, THEORY.md §7).";
        foreach (var option in AllOptions) Options.Add(option);
        SetAction(Execute);
    }

    /// <summary>The figure name or <c>all</c>.</summary>
    public Argument<string> FigureArgument { get; } = new("figure")
    {
        HelpName = "figure",
        Description = "The figure: " + string.Join(", ", FigureCatalog.Names) + ".",
    };

    /// <summary>The shared model options (architecture and scheme parameters; each figure chooses its schemes).</summary>
    public ModelOptions Model { get; } = new();

    /// <summary><c>--out</c>.</summary>
    public Option<string> Out { get; } = new("--out")
    {
        Description = "Output directory (created; files are written all-or-nothing).",
        DefaultValueFactory = _ => ".",
        HelpName = "dir",
    };

    /// <summary><c>--format</c>.</summary>
    public Option<string> Format { get; } = CliOptions.Choice("--format", "Image format.", "png", ["png", "svg"]);

    /// <summary><c>--measure</c>.</summary>
    public Option<bool> Measure { get; } = CliOptions.Flag("--measure",
        "Measure the model given with TorchSharp (CPU, float32, batch 8, 2 replicas, Gaussian input): forward-variance, " +
        "gradient-variance and correlation are drawn as <figure>-measured with measured markers (±1 SE) beside the theory " +
        "lines (Xavier and DSLM, Pre-LN and Post-LN); with 'all' also the verification figures (4a, 4b). Needs a CPU-sized " +
        "model (not the 192-layer default), e.g. --layers 12 --d-model 256 --heads 4 --seq-len 128.");

    /// <summary><c>--verify-limit</c>.</summary>
    public Option<int> VerifyLimit { get; } = CliOptions.Integer("--verify-limit",
        "Verification figures: configurations per component (the first ones of the seeded quick profile; about 0.3 s each on a CPU). Range: integer ≥ 1.", 3);

    /// <inheritdoc />
    public string HelpEpilog { get; } = string.Join(Environment.NewLine, Describe());

    private IEnumerable<Option> AllOptions =>
        [.. Model.Architecture.Where(o => o != Model.Arch), .. Model.SchemeParameters.Where(o => o != Model.GradientBand), Out, Format, Measure, VerifyLimit];

    private int Execute(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        string name = (parseResult.GetValue(FigureArgument) ?? "").Trim().ToLowerInvariant();
        var format = parseResult.GetValue(Format) == "svg" ? FigureFormat.Svg : FigureFormat.Png;
        bool measure = parseResult.GetValue(Measure);
        var figures = name == "all" ? FigureCatalog.All.Where(f => measure || !f.NeedsMeasurements).ToList() : [FigureCatalog.Find(name)!];
        if (measure && name != "all" && !figures[0].NeedsMeasurements)
        {
            var measured = FigureCatalog.Find(name + "-measured")
                ?? throw new CliUsageException($"--measure: '{name}' has no measured version (only forward-variance, gradient-variance and " +
                                               "correlation do); run without --measure for the theory figure.");
            figures = [measured];
        }
        int limit = parseResult.GetValue(VerifyLimit);
        if (limit < 1) throw new CliUsageException($"--verify-limit = {limit} is out of range: must be an integer ≥ 1.");
        var builder = new FigureBuilder(ReadRequest(Model, parseResult), verificationLimit: limit);
        var config = builder.Base.Config(); // validate the model options before touching the output directory
        if (figures.Any(f => f.Name.EndsWith("-measured", StringComparison.Ordinal)) && MeasuredProfiles.TooLargeForCpu(config))
            throw new CliUsageException($"--measure simulates the model given ({config.Layers} layers, d = {config.DModel}); the paper's " +
                                        "192-layer default is far too large for a CPU: --measure needs a CPU-sized model, e.g. " +
                                        "--layers 12 --d-model 256 --heads 4 --seq-len 128.");
        using var output = StagedOutput.Create(parseResult.GetValue(Out) ?? ".");
        foreach (var info in figures)
            output.Write(info.Name + FigureExport.Extension(format), builder.Build(info).Render(format));
        foreach (string path in output.Commit()) stdout.WriteLine($"wrote {path}");
        return CliExitCodes.Success;
    }

    /// <summary>
    /// The base request from the model options: the architecture as given, and r₀ = 0.221 (the DSLM code's constant,
    /// THEORY.md §7) unless --input-correlation is given.
    /// </summary>
    public static ModelRequest ReadRequest(ModelOptions model, ParseResult parseResult)
    {
        var request = model.Read(parseResult, "xavier", withOverrides: false);
        return request.InputCorrelation is null ? request with { InputCorrelation = FigureBuilder.PaperInputCorrelation } : request;
    }

    private static IEnumerable<string> Describe()
    {
        yield return "Figures:";
        int width = FigureCatalog.All.Max(f => f.Name.Length);
        foreach (var f in FigureCatalog.All)
            yield return $"  {f.Name.PadRight(width)}  ({f.Number}) {f.Title}{(f.NeedsMeasurements ? " — measured with TorchSharp (CPU)" : "")}";
        yield return $"  {"all".PadRight(width)}  every theory figure (with --measure also the verification figures)";
        yield return "";
        yield return "Each figure sets its own schemes and placements (e.g. forward-variance: Xavier and DSLM, Pre-LN); the model";
        yield return "options set the architecture. Defaults: the paper's 192-layer BERT (d 1024, 16 heads, L 256, p 0.1) with";
        yield return "--input-correlation 0.221 (THEORY.md §7). dependency uses 6 layers, dependency-18 18 layers; depth-sweep";
        yield return "uses N = 1, 2, 4, …, 512, 1000. Files: <out>/<figure>.png (or .svg).";
        yield return "";
        yield return "Examples:";
        yield return "  signalprop plot all --out figures";
        yield return "  signalprop plot forward-variance --layers 48 --d-model 512 --heads 8 --format svg --out figures";
        yield return "  signalprop plot forward-variance --measure --layers 12 --d-model 256 --heads 4 --seq-len 128 --out figures";
        yield return "";
        yield return "Exit codes: 0 success; 1 unexpected failure; 2 bad usage (unknown figure or format, a model option out of";
        yield return "range, --measure with a figure without a measured version or with the 192-layer default model, an output";
        yield return "directory that cannot be written; nothing is written then).";
    }
}
