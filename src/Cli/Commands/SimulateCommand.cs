using System.CommandLine;
using System.Globalization;
using SignalProp.Cli.Modeling;
using SignalProp.Cli.Simulation;
using SignalProp.Empirical;
using SignalProp.Empirical.Models;

namespace SignalProp.Cli.Commands;

/// <summary>
/// <c>signalprop simulate [model options] [--batch B --replicas R --seed S --device D --dtype T] [--json | --csv] [--out DIR]</c>:
/// builds the whole transformer of <c>predict model</c> in TorchSharp with the same initialisation, measures every point
/// k = 0…2N of its residual stream (forward and gradient moments, block outputs, attention scores and entropy,
/// weight-gradient norms, Admin's output change) over independent replicas, and prints measured ± SE next to the prediction.
/// </summary>
public sealed class SimulateCommand : Command, IHelpEpilog
{
    /// <summary>Creates the command with all its options; the model defaults are CPU-sized (12 layers, d 256, 4 heads, L 128).</summary>
    public SimulateCommand()
        : base("simulate", "Measure a whole TorchSharp transformer at every sub-layer and compare it with the theory (predict model).")
    {
        Model.Layers.DefaultValueFactory = _ => 12;
        Model.DModel.DefaultValueFactory = _ => 256;
        Model.Heads.DefaultValueFactory = _ => 4;
        Model.SeqLen.DefaultValueFactory = _ => 128;
        foreach (var option in AllOptions) Options.Add(option);
        SetAction(Execute);
    }

    /// <summary>The shared model options (as <c>predict model</c>).</summary>
    public ModelOptions Model { get; } = new();

    /// <summary><c>--batch</c>.</summary>
    public Option<int> Batch { get; } = CliOptions.Integer("--batch", "Sequences per replica. Range: integer ≥ 1.", 8);

    /// <summary><c>--replicas</c>.</summary>
    public Option<int> Replicas { get; } = CliOptions.Integer("--replicas",
        "Independent replicas (fresh weights, inputs, dropout masks, upstream gradient); ≥ 2 gives standard errors. Range: integer ≥ 1.", 3);

    /// <summary><c>--seed</c>.</summary>
    public Option<int> Seed { get; } = CliOptions.Integer("--seed", "Base seed of every random stream. Range: integer ≥ 0.", 42);

    /// <summary><c>--device</c>.</summary>
    public Option<string> Device { get; } = new("--device")
    {
        Description = "auto (CUDA when available), cpu, cuda or cuda:N. [default: auto]",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary><c>--dtype</c>.</summary>
    public Option<string> DType { get; } = CliOptions.Choice("--dtype", "Floating-point precision.", "float32", TorchDataType.ValidNames);

    /// <summary><c>--input</c>.</summary>
    public Option<string?> Input { get; } = new("--input")
    {
        Description = "tokens: Zipf(--zipf-exponent) token ids over --vocab-size through word + position (+ segment) tables and embedding dropout; " +
                      "gaussian: Gaussian inputs with the predicted k = 0 variance and correlation fed as the embedding output. " +
                      "Default: tokens, or gaussian when --input-correlation is given.",
        HelpName = "tokens|gaussian",
    };

    /// <summary><c>--gradient</c>.</summary>
    public Option<string> Gradient { get; } = CliOptions.Choice("--gradient",
        "injected: an upstream gradient with --grad-variance and --grad-correlation, independent of everything (THEORY.md §3.5); " +
        "mlm: the gradient of a masked-language-model loss over the tied word table (needs --input tokens); the prediction then " +
        "starts from the measured moments of the gradient at the top of the stream.", "injected", ["injected", "mlm"]);

    /// <summary><c>--mask-probability</c>.</summary>
    public Option<double> MaskProbability { get; } = CliOptions.Number("--mask-probability",
        "Fraction of positions masked by --gradient mlm ([MASK] = the last vocabulary id). Range: (0, 1].", 0.15);

    /// <summary><c>--causal</c>.</summary>
    public Option<bool> Causal { get; } = CliOptions.Flag("--causal", "Causal attention mask (the theory assumes none).");

    /// <summary><c>--final-ln</c>.</summary>
    public Option<bool> FinalLn { get; } = CliOptions.Flag("--final-ln",
        "Append a final LayerNorm; the upstream gradient is then injected after it (the theory injects at the top of the stream).");

    /// <summary><c>--no-output-change</c>.</summary>
    public Option<bool> NoOutputChange { get; } = CliOptions.Flag("--no-output-change", "Skip Admin's output-change measurement (the second, perturbed forward).");

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = CliOptions.Flag("--json",
        "Print one JSON object: config, initialization, options, timing, summary, stream (rows of sublayer, layer, kind, " +
        "measuredForwardVariance, forwardVarianceStdErr, predictedForwardVariance, …).");

    /// <summary><c>--csv</c>.</summary>
    public Option<bool> Csv { get; } = CliOptions.Flag("--csv", "Print the stream as CSV with the JSON row field names.");

    /// <summary><c>--out</c>.</summary>
    public Option<string?> Out { get; } = new("--out")
    {
        Description = "Also write simulate.json, simulate.csv and simulate.txt into this directory (created if needed).",
        HelpName = "DIR",
    };

    /// <inheritdoc />
    public string HelpEpilog { get; } = string.Join(Environment.NewLine, Describe());

    private IEnumerable<Option> AllOptions =>
        [.. Model.Architecture, Model.Init, .. Model.SchemeParameters, .. Model.Overrides, Batch, Replicas, Seed, Device, DType, Input, Gradient, MaskProbability, Causal, FinalLn, NoOutputChange, Json, Csv, Out];

    private int Execute(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        bool json = parseResult.GetValue(Json), csv = parseResult.GetValue(Csv);
        if (json && csv) throw new CliUsageException("--json and --csv cannot be combined: choose one output form.");
        string scheme = (parseResult.GetValue(Model.Init) ?? "xavier").Trim().ToLowerInvariant();
        Model.WarnAboutUnusedSchemeParameters(parseResult, scheme, stderr);

        int batch = parseResult.GetValue(Batch), replicas = parseResult.GetValue(Replicas), seed = parseResult.GetValue(Seed);
        if (batch < 1) throw new CliUsageException($"--batch = {batch} is out of range: must be an integer ≥ 1.");
        if (replicas < 1) throw new CliUsageException($"--replicas = {replicas} is out of range: must be an integer ≥ 1.");
        if (seed < 0) throw new CliUsageException($"--seed = {seed} is out of range: must be an integer ≥ 0.");
        string device = parseResult.GetValue(Device) ?? "auto";
        try { _ = TorchDevice.Resolve(device); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { throw new CliUsageException("--device: " + CliErrors.Describe(e)); }
        string dtype = (parseResult.GetValue(DType) ?? "float32").Trim().ToLowerInvariant();

        var request = Model.Read(parseResult, scheme, withOverrides: true);
        string? inputName = parseResult.GetValue(Input)?.Trim().ToLowerInvariant();
        StackInput input = inputName switch
        {
            null => request.InputCorrelation is null ? StackInput.Tokens : StackInput.Gaussian,
            "tokens" => StackInput.Tokens,
            "gaussian" => StackInput.Gaussian,
            _ => throw new CliUsageException($"--input = {inputName} is out of range: must be one of tokens, gaussian."),
        };
        if (input == StackInput.Tokens && request.InputCorrelation is not null)
            throw new CliUsageException("--input tokens cannot reproduce an explicit --input-correlation: use --input gaussian (or drop --input-correlation).");
        CheckActivation(request.Activation);
        bool mlm = string.Equals(parseResult.GetValue(Gradient), "mlm", StringComparison.OrdinalIgnoreCase);
        double maskProbability = parseResult.GetValue(MaskProbability);
        if (mlm && input != StackInput.Tokens)
            throw new CliUsageException("--gradient mlm needs --input tokens: the loss predicts the masked token ids.");
        if (!(maskProbability > 0 && maskProbability <= 1))
            throw new CliUsageException($"--mask-probability = {maskProbability.ToString(CultureInfo.InvariantCulture)} is out of range: must be in (0, 1].");

        var evaluation = request.Evaluate();
        var options = new StackOptions
        {
            Batch = batch, Replicas = replicas, Seed = (ulong)seed, Device = device, DataType = dtype, Input = input,
            Gradient = mlm ? StackGradient.MaskedLanguageModel : StackGradient.Injected, MaskProbability = maskProbability,
            Causal = parseResult.GetValue(Causal), FinalLayerNorm = parseResult.GetValue(FinalLn), OutputChange = !parseResult.GetValue(NoOutputChange),
        };
        var c = evaluation.Config;
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulate: {c.Placement} {evaluation.Initialization.Scheme}, {c.Layers} layers, d = {c.DModel}, L = {c.SeqLen}, batch {batch}, {replicas} replica(s), {dtype} on {device}"));
        var result = ModelSimulation.Run(evaluation.Config, evaluation.Initialization, options, line => stderr.WriteLine("simulate: " + line));

        string text = SimulationOutput.Text(evaluation, result);
        string? outDir = parseResult.GetValue(Out);
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, "simulate.json"), SimulationOutput.Json(evaluation, result));
            File.WriteAllText(Path.Combine(outDir, "simulate.csv"), SimulationOutput.Csv(result));
            File.WriteAllText(Path.Combine(outDir, "simulate.txt"), text);
            stderr.WriteLine($"simulate: wrote simulate.json, simulate.csv, simulate.txt to {outDir}");
        }
        stdout.Write(json ? SimulationOutput.Json(evaluation, result) : csv ? SimulationOutput.Csv(result) : text);
        foreach (string warning in evaluation.Prediction.Warnings) CliErrors.WriteWarning(stderr, warning);
        return CliExitCodes.Success;
    }

    private static void CheckActivation(string name)
    {
        try { _ = TransformerStack.ActivationFunction(name.Trim().ToLowerInvariant()); }
        catch (ArgumentException e) { throw new CliUsageException("--activation: " + CliErrors.Describe(e)); }
    }

    private static IEnumerable<string> Describe()
    {
        yield return "Builds the model of 'predict model' from TorchSharp primitives with the very same initialisation (every";
        yield return "σ, λ, β), runs --replicas independent replicas of forward + backward (upstream gradient with --grad-variance,";
        yield return "--grad-correlation at the top of the stream), and joins the measurements to the prediction by k.";
        yield return "Model defaults here are CPU-sized: --layers 12 --d-model 256 --heads 4 --seq-len 128.";
        yield return "Dropout masks come from a fixed generator, so the output-change pass (weights ±1e-4·sign(N(0,1)), ADMIN.md §3.4)";
        yield return "re-uses the masks of the first pass. Progress lines go to stderr.";
        yield return "";
        yield return "Examples:";
        yield return "  signalprop simulate --init dslm";
        yield return "  signalprop simulate --init xavier --arch postln --input-correlation 0.221 --json";
        yield return "  signalprop simulate --layers 48 --replicas 2 --csv --out results/";
        yield return "";
        yield return "Exit codes: 0 success; 2 bad usage (unknown option, out-of-range value, unavailable device).";
    }
}
