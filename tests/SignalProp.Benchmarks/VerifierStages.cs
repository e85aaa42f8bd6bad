using System.Diagnostics;
using System.Globalization;
using SignalProp.Empirical;
using SignalProp.Empirical.Verification;
using SignalProp.Theory.Components;
using static TorchSharp.torch;

namespace SignalProp.Benchmarks;

/// <summary>
/// Where the time of one reference configuration goes: per stage (input draw, forward, gradient draw, backward,
/// output moments, gradient moments) summed over the replicas, averaged over N repetitions.
/// <code>dotnet run -c Release --project tests/SignalProp.Benchmarks -- verifier-stages [--reps N] [--dtype float32|float64] [--sampler counter|torch]</code>
/// </summary>
public static class VerifierStages
{
    private static readonly string[] StageNames = ["draw x", "forward", "draw g", "backward", "moments y", "moments g"];

    public static int Run(string[] args)
    {
        int reps = 3;
        string dtype = "float32";
        var algorithm = SamplerAlgorithm.CounterBased;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dtype": dtype = args[++i]; break;
                case "--sampler": algorithm = args[++i] == "torch" ? SamplerAlgorithm.TorchGenerators : SamplerAlgorithm.CounterBased; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        ScalarType dataType = dtype == "float64" ? ScalarType.Float64 : ScalarType.Float32;
        Console.WriteLine($"verifier stages: dtype {dtype}, sampler {algorithm}, torch threads {get_num_threads()}, {reps} reps, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"{"configuration",-18}" + string.Concat(StageNames.Select(s => $"{s,11}")) + $"{"total",9}");
        foreach (string name in VerifierReferenceConfigurations.Names)
        {
            VerificationCase c = VerifierReferenceConfigurations.Case(name);
            var totals = new double[StageNames.Length];
            for (int rep = 0; rep <= reps; rep++)
            {
                double[] s = Once(c, dataType, algorithm, SweepRunner.ConfigurationSeed(42, rep));
                if (rep > 0) for (int k = 0; k < s.Length; k++) totals[k] += s[k] / reps;   // rep 0 is the warm-up
            }
            Console.WriteLine($"{name,-18}"
                + string.Concat(totals.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t,11:0.000}")))
                + string.Create(CultureInfo.InvariantCulture, $"{totals.Sum(),9:0.000}"));
        }
        return 0;
    }

    private static double[] Once(VerificationCase c, ScalarType dataType, SamplerAlgorithm algorithm, ulong seed)
    {
        var t = new double[StageNames.Length];
        var watch = new Stopwatch();
        void Lap(int k) { t[k] += watch.Elapsed.TotalSeconds; watch.Restart(); }
        bool features = c.Spec is LayerNorm;
        using var sampler = new SignalSampler(seed, CPU, dataType, drawInSinglePrecision: true, algorithm: algorithm);
        for (int replica = 0; replica < c.Replicas; replica++)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(SignalSampler.StreamSeed(seed, replica), CPU);
            Func<Tensor, Tensor> layer = ComponentLayers.Create(c.Spec, generator, dataType, CPU);
            watch.Restart();
            Tensor x = sampler.SampleInput(c.Shape, c.Input.Mean, c.Input.Variance, c.Input.Correlation);
            Lap(0);
            Tensor source, y;
            using (enable_grad())
            {
                source = x.requires_grad_(true);
                y = layer(source);
                Lap(1);
                Tensor g = sampler.SampleGradient(SampleShape.From(y.shape), c.OutputGradient.Variance, c.OutputGradient.Correlation);
                Lap(2);
                Tensor gx = autograd.grad([y], [source], [g])[0];
                Lap(3);
                MomentEstimator.Measure(y.detach(), features);
                Lap(4);
                MomentEstimator.Measure(gx);
                Lap(5);
            }
        }
        return t;
    }
}
