using System.Globalization;
using System.Text;
using SignalProp.Empirical.Models;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using Xunit.Abstractions;

namespace SignalProp.Empirical.Tests.Models;

/// <summary>
/// The issue-8 target at the 48-layer CPU configuration (d = 256, 4 heads, L = 128, r₀ = 0.221): predicted gradient
/// variance within 10 % and gradient token correlation within 0.02 of the TorchSharp measurement at every sub-layer.
/// </summary>
/// <remarks>
/// <para>Long-running (minutes): excluded from CI by <c>Category=LongRunning</c>. Set <c>SIGNALPROP_REPLICA_CSV</c> to a
/// directory to also write every replica's raw moments there (one CSV per case).</para>
/// </remarks>
public class DeepModelAgreementTests(ITestOutputHelper output)
{
    /// <summary>The whole-model issue's 48-layer CPU configuration (d 256, 4 heads, L 128, r₀ 0.221).</summary>
    internal static TransformerConfig Deep(LayerNormPlacement placement) => new()
    {
        Layers = 48, DModel = 256, Heads = 4, SeqLen = 128, Placement = placement, InputCorrelation = 0.221,
    };

    /// <summary>Runs one case and prints the per-sub-layer comparison; optionally dumps the raw replicas.</summary>
    private SimulationResult Simulate(string scheme, LayerNormPlacement placement, StackOptions options)
    {
        var config = Deep(placement);
        var result = ModelSimulation.Run(config, InitSchemes.FromName(scheme).Initialize(config), options, output.WriteLine);
        output.WriteLine($"{scheme} {placement}: k  gvar meas±se/pred (rel)  r_g meas±se/pred");
        foreach (var r in result.Rows)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.SubLayer,3} {r.Kind,-10} {r.GradientVariance.Measured.Mean:G4}±{r.GradientVariance.Measured.StandardError:G3}/{r.GradientVariance.Predicted:G4} ({r.GradientVariance.RelativeError:P1})  " +
                $"{r.GradientCorrelation.Measured.Mean:F4}±{r.GradientCorrelation.Measured.StandardError:F4}/{r.GradientCorrelation.Predicted:F4}"));
        if (Environment.GetEnvironmentVariable("SIGNALPROP_REPLICA_CSV") is { Length: > 0 } directory)
            WriteReplicas(Path.Combine(directory, $"{scheme}-{placement}-b{options.Batch}-r{options.Replicas}-s{options.Seed}.csv"), result);
        return result;
    }

    private static void WriteReplicas(string path, SimulationResult result)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var csv = new StringBuilder("replica,k,forwardVariance,forwardCorrelation,gradientVariance,gradientCorrelation,blockVariance,blockCorrelation\n");
        for (int i = 0; i < result.Replicas.Count; i++)
        {
            var m = result.Replicas[i];
            for (int k = 0; k < m.ForwardVariance.Length; k++)
                csv.Append(CultureInfo.InvariantCulture, $"{i},{k},{m.ForwardVariance[k]:R},{m.ForwardCorrelation[k]:R},{m.GradientVariance[k]:R},{m.GradientCorrelation[k]:R},{m.BlockVariance[k]:R},{m.BlockCorrelation[k]:R}\n");
        }
        File.WriteAllText(path, csv.ToString());
    }

    private static int FromEnvironment(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out int value) ? value : fallback;

    /// <summary>
    /// Xavier Post-LN, the issue-8 target. Default 48 replicas of batch 8, seed 42, float32 (about 7 min on 2 idle cores;
    /// <c>SIGNALPROP_REPLICAS</c>, <c>SIGNALPROP_BATCH</c>, <c>SIGNALPROP_SEED</c> override). The replicas' gradient variances
    /// are log-normal-like (log-s.d. ≈ 1 at the bottom at batch 8, 1.25 at batch 1), so one replica's value has a relative
    /// s.d. of ~70 % (batch 8) to ~200 % (batch 1) and 48 replicas resolve the bottom to ~±10–15 %.
    /// <para>Before the Post-LN LayerNorm backward's per-token Jensen factor and projection
    /// (<c>LayerNormFormulas.ResidualJensenFactor</c>, <c>LayerNormProjectionFormulas</c>) the theory was 1.5× low at the
    /// bottom (seed 42: worst raw error 52 %, 2.5 s.e.; 96 replicas: 1.52 ± 0.13); with both, 192 replicas give
    /// measured/predicted 1.04 ± 0.07 there (docs/verification.md). Asserted:
    /// at every sub-layer the gradient variance within 10 % + 4 s.e. and the gradient correlation (ratio of replica means)
    /// within 0.02 + 4 s.e. of the theory. Printed: the errors at every sub-layer and, as a diagnostic, the measured
    /// per-sequence and per-token Jensen products (<see cref="PostNormJensenFactors"/>).</para>
    /// </summary>
    [Fact]
    [Trait("Category", "LongRunning")]
    public void XavierPostLnGradientMatchesTheTheory()
    {
        const double Z = 4, VarianceTarget = 0.10, CorrelationTarget = 0.02;
        int replicas = FromEnvironment("SIGNALPROP_REPLICAS", 48), batch = FromEnvironment("SIGNALPROP_BATCH", 8);
        ulong seed = (ulong)FromEnvironment("SIGNALPROP_SEED", 42);
        var options = new StackOptions { Batch = batch, Replicas = replicas, Seed = seed, Device = "cpu", DataType = "float32", Input = StackInput.Gaussian, OutputChange = false };
        var result = Simulate("xavier", LayerNormPlacement.PostLN, options);
        var config = Deep(LayerNormPlacement.PostLN);
        // Forward passes only, on replicas of their own (another seed): J_k concentrates fast (it averages over tokens).
        var (perToken, perSequence) = PostNormJensenFactors.Measure(config, InitSchemes.FromName("xavier").Initialize(config),
            result.Prediction, batch: 8, replicas: 8, seed: seed + 1_000_003);
        double[] upper = PostNormJensenFactors.Cumulative(perToken), lower = PostNormJensenFactors.Cumulative(perSequence);
        double worst = 0, worstScore = 0, worstCorrelation = 0;
        output.WriteLine("k  gvar meas±se  pred  error (s.e./pred)  measured Π J per sequence … per token");
        foreach (var row in result.Rows)
        {
            var g = row.GradientVariance;
            worst = Math.Max(worst, g.RelativeError);
            worstScore = Math.Max(worstScore, g.Measured.StandardScore(g.Predicted));
            worstCorrelation = Math.Max(worstCorrelation, row.GradientCorrelation.AbsoluteError);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.SubLayer,3} {g.Measured.Mean:G4}±{g.Measured.StandardError:G3} {g.Predicted:G4} {g.RelativeError:P1} ({g.Measured.StandardError / g.Predicted:P1}) {lower[row.SubLayer]:F3}…{upper[row.SubLayer]:F3}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worst: gradient variance {worst:P1} (max {worstScore:F2} s.e.), gradient correlation {worstCorrelation:F4}"));
        foreach (var row in result.Rows)
        {
            var g = row.GradientVariance;
            Assert.True(Math.Abs(g.Measured.Mean - g.Predicted) <= VarianceTarget * g.Predicted + Z * g.Measured.StandardError,
                $"gradient variance at k = {row.SubLayer}: measured {g.Measured} vs predicted {g.Predicted:G4}");
            var r = row.GradientCorrelation;
            Assert.True(r.AbsoluteError <= CorrelationTarget + Z * r.Measured.StandardError,
                $"gradient correlation at k = {row.SubLayer}: measured {r.Measured} vs predicted {r.Predicted:F4}");
        }
    }
}
