using SignalProp.Empirical.Verification;
using SignalProp.Theory;
using SignalProp.Theory.Components;
using TorchSharp;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests.Verification;

public class SweepRunnerTests
{
    [Fact]
    public void WritesOneCsvAndJsonlRowPerConfigurationAndKeepsFailedRows()
    {
        string directory = Path.Combine(Path.GetTempPath(), "signalprop-sweep-" + Guid.NewGuid().ToString("N"));
        try
        {
            var ok = new VerificationCase("linear", new Linear(8, 8, 0.3), new(0.1, 1, 0.2), new(1, 0.1), 4, 6, 8, 2,
                [new("d_in", 8)]);
            // A weight std of 1e200 overflows float64: the configuration must fail with its parameters and not stop the sweep.
            var overflow = ok with { Spec = new Linear(8, 8, 1e200) };
            var runner = new SweepRunner(new ComponentVerifier(CPU, ScalarType.Float64), directory);
            var summary = runner.Run("linear", [ok, overflow, ok], 42);
            Assert.Equal(3, summary.Configurations);
            Assert.Equal(1, summary.Failed);
            string[] csv = File.ReadAllLines(Path.Combine(directory, "linear.csv"));
            Assert.Equal(4, csv.Length);
            Assert.StartsWith("index,component,status,seconds,runs_per_replica,replicas,d_in,xMean_predicted", csv[0]);
            Assert.Contains(",failed,", csv[2]);
            string[] jsonl = File.ReadAllLines(Path.Combine(directory, "linear.jsonl"));
            Assert.Equal(3, jsonl.Length);
            Assert.Contains("\"status\":\"failed\"", jsonl[1]);
            Assert.Contains("\"d_in\":8", jsonl[1]);
            Assert.True(summary.Errors.ContainsKey(Quantities.GCov));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, true);
        }
    }

    [Fact]
    [Trait("Category", "LongRunning")]
    public void LongQuickSweepLeavesNoLiveTensors() => AssertNoLeak(1000);

    [Fact]
    public void QuickSweepSubsetLeavesNoLiveTensors() => AssertNoLeak(120);

    private static void AssertNoLeak(int configurations)
    {
        var verifier = new ComponentVerifier(CPU, ScalarType.Float64);
        var runner = new SweepRunner(verifier);
        // Small shapes of every component, repeated to the requested count.
        var all = VerificationProfiles.Components
            .SelectMany(c => VerificationProfiles.Cases(c, VerificationProfiles.Quick, 3).Take(2))
            .Select(c => c with { Runs = 2, Length = Math.Min(c.Length, 16), Width = c.Width, Replicas = 2, Spec = Shrink(c.Spec, 16) })
            .ToList();
        runner.Run("warmup", all.Take(all.Count).ToList(), 1);
        ThreadDisposeScopeStatistics statistics = DisposeScopeManager.Statistics;
        long liveBefore = statistics.ThreadTotalLiveCount;
        long outsideBefore = statistics.CreatedOutsideScopeCount;
        var cases = Enumerable.Range(0, configurations).Select(i => all[i % all.Count]).ToList();
        var summary = runner.Run("mixed", cases, 2);
        Assert.Equal(configurations, summary.Configurations);
        Assert.Equal(outsideBefore, statistics.CreatedOutsideScopeCount);
        Assert.Equal(liveBefore, statistics.ThreadTotalLiveCount);
    }

    private static IComponent Shrink(IComponent spec, int length) => spec switch
    {
        SelfAttention s => s with { Length = length },
        MultiHeadAttention m => new MultiHeadAttention(m.ModelFeatures, m.Heads, length, m.Attention.QueryStd, m.Attention.KeyStd,
            m.Attention.ValueStd ?? 0, m.Output.WeightStd, m.Attention.AttentionDropout, m.HiddenDropout.DropProbability),
        Softmax s => s with { Length = length },
        _ => spec,
    };
}
