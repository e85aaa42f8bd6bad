using BenchmarkDotNet.Attributes;
using SignalProp.Theory.Formulas.Attention;

namespace SignalProp.Benchmarks;

/// <summary>
/// One evaluation of the attention input-gradient theory (ATTENTION.md §7) after the per-L tables are built
/// (issue targets: Full &lt; 50 µs including r_g &gt; 0, Closed a few µs). Configurations: grid (b)-like, Xavier-sized Q, K
/// (n = 64, d = 16, S² = 4, L = 512), and the §10.6 multi-head example head (d_m = 256, d_h = 64, L = 128).
/// </summary>
[MemoryDiagnoser]
public class AttentionGradientBenchmarks
{
    private static readonly AttentionGradientInputs Saturated = new(1.0, 0.0, 2.0 / 64, 2.0 / 64, 1.0 / 64, 0.1, 1.0, 0.0, 64, 16, 512);
    private static readonly AttentionGradientInputs SaturatedCorrelated = Saturated with { GradientCorrelation = 0.5 };
    private static readonly AttentionGradientInputs Head = new(1.0, 0.2, 2.0 / 320, 2.0 / 320, 2.0 / 320, 0.1, 1.0 / 0.9, 0.45, 256, 64, 128);
    private static readonly AttentionGradientInputs Unsaturated = new(1.0, 0.0, 0.36 / 100, 0.36 / 100, 0.01, 0.0, 1.0, 0.3, 100, 32, 1000);

    [GlobalSetup]
    public void BuildTables()
    {
        // Tables are memoised per L for the process: build them outside the measured region.
        AttentionGradientFormulas.Full(SaturatedCorrelated);
        AttentionGradientFormulas.Full(Head);
        AttentionGradientFormulas.Full(Unsaturated);
    }

    [Benchmark(Description = "Full, r_g = 0 (L = 512, S² = 4)")] public double FullUncorrelated() => AttentionGradientFormulas.Full(Saturated).Variance;
    [Benchmark(Description = "Full, r_g = 0.5 (L = 512, S² = 4)")] public double FullCorrelated() => AttentionGradientFormulas.Full(SaturatedCorrelated).Variance;
    [Benchmark(Description = "Full, MHA head r_g = 0.45 (L = 128)")] public double FullHead() => AttentionGradientFormulas.Full(Head).Variance;
    [Benchmark(Description = "Closed (grid a, L = 1000)")] public double Closed() => AttentionGradientFormulas.Closed(Unsaturated).Variance;
    [Benchmark(Description = "Pair statistics alone (Mehler, 100 nodes)")] public double Pairs() => SoftmaxPairFunctionals.Compute(4.0, 0.0, 10.18, 512).Overlap;
}
