using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SignalProp.Empirical.Verification;
using static TorchSharp.torch;

namespace SignalProp.Benchmarks;

/// <summary>
/// One reference configuration of issue 4, measured end to end as the verifier does it (sampling, forward, backward,
/// estimators, comparison). In process: the out-of-process toolchain would rebuild without the Debian 12 native fix.
/// Run: <c>dotnet run -c Release --project tests/SignalProp.Benchmarks -- --filter '*VerifierBenchmarks*' --job short</c>.
/// For a quicker repeated stopwatch run see <see cref="VerifierTiming"/> (<c>-- verifier-timing</c>).
/// </summary>
[Config(typeof(InProcessLongRunConfig))]
public class VerifierBenchmarks
{
    /// <summary>In process (the Debian 12 native fix lives in this build's output) with a 10-minute limit per
    /// benchmark instead of the in-process default, which rejects the multi-second LayerNorm configurations.</summary>
    private sealed class InProcessLongRunConfig : ManualConfig
    {
        public InProcessLongRunConfig()
            => AddJob(Job.ShortRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: false)));
    }

    private ComponentVerifier verifier = null!;
    private VerificationCase verificationCase = null!;

    [ParamsSource(nameof(AllNames))]
    public string Configuration { get; set; } = "";

    [Params("float32", "float64")]
    public string DType { get; set; } = "float32";

    public static IEnumerable<string> AllNames => VerifierReferenceConfigurations.Names;

    [GlobalSetup]
    public void Setup()
    {
        verifier = new ComponentVerifier(CPU, DType == "float32" ? ScalarType.Float32 : ScalarType.Float64);
        verificationCase = VerifierReferenceConfigurations.Case(Configuration);
    }

    [Benchmark]
    public VerificationResult Verify()
    {
        using var scope = NewDisposeScope();
        return verifier.Verify(verificationCase, SweepRunner.ConfigurationSeed(42, 0));
    }
}
