using SignalProp.Cli.Modeling;
using SignalProp.Empirical.Models;
using SignalProp.Theory.Models;

namespace SignalProp.Cli.Reporting;

/// <summary>One whole-model simulation of figures 1–3 (measured): a scheme on a placement.</summary>
/// <param name="Label">"Xavier Pre-LN", …</param>
/// <param name="ColorKey">The colour key shared by its theory line and markers.</param>
/// <param name="Result">The simulation (its <see cref="SimulationResult.Prediction"/> is the theory line).</param>
public sealed record MeasuredProfile(string Label, string ColorKey, SimulationResult Result);

/// <summary>
/// The measured figures' data: <see cref="ModelSimulation"/> (TorchSharp, CPU, float32, Gaussian input with the theory's
/// k = 0 moments, no output-change pass) for Xavier and DSLM on Pre-LN and Post-LN, each joined to its prediction.
/// </summary>
public sealed class MeasuredProfiles
{
    private MeasuredProfiles(IReadOnlyList<MeasuredProfile> profiles, StackOptions options, double seconds)
    {
        Profiles = profiles;
        Options = options;
        Seconds = seconds;
    }

    /// <summary>The four models.</summary>
    public IReadOnlyList<MeasuredProfile> Profiles { get; }

    /// <summary>The run options.</summary>
    public StackOptions Options { get; }

    /// <summary>Wall time of all simulations.</summary>
    public double Seconds { get; }

    /// <summary>The models simulated: (label, scheme, placement, colour key).</summary>
    public static IReadOnlyList<(string Label, string Scheme, LayerNormPlacement Placement, string Key)> Models { get; } =
    [
        ("Xavier Pre-LN", "xavier", LayerNormPlacement.PreLN, "xavier"),
        ("DSLM Pre-LN", "dslm", LayerNormPlacement.PreLN, "dslm"),
        ("Xavier Post-LN", "xavier", LayerNormPlacement.PostLN, "Xavier Post-LN"),
        ("DSLM Post-LN", "dslm", LayerNormPlacement.PostLN, "DSLM Post-LN"),
    ];

    /// <summary>Run options: CPU, float32, Gaussian input, no output-change pass.</summary>
    public static StackOptions CpuOptions(int batch, int replicas) => new()
    {
        Batch = batch, Replicas = replicas, Seed = 42, Device = "cpu", DataType = "float32",
        Input = StackInput.Gaussian, OutputChange = false,
    };

    /// <summary>
    /// True when the configuration is the paper's 192-layer, d = 1024 model (or larger), which is far too big to simulate
    /// on a CPU.
    /// </summary>
    public static bool TooLargeForCpu(TransformerConfig config) => config.Layers >= 192 && config.DModel >= 1024;

    /// <summary>Runs the four simulations on the architecture of <paramref name="request"/>.</summary>
    public static MeasuredProfiles Run(ModelRequest request, StackOptions options)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var profiles = new List<MeasuredProfile>();
        foreach (var m in Models)
        {
            var evaluation = (request with { Scheme = m.Scheme, Placement = m.Placement }).Evaluate();
            profiles.Add(new MeasuredProfile(m.Label, m.Key, ModelSimulation.Run(evaluation.Config, evaluation.Initialization, options)));
        }
        return new MeasuredProfiles(profiles, options, clock.Elapsed.TotalSeconds);
    }
}
