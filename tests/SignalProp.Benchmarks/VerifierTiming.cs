using System.Diagnostics;
using System.Globalization;
using SignalProp.Empirical;
using SignalProp.Empirical.Verification;
using static TorchSharp.torch;

namespace SignalProp.Benchmarks;

/// <summary>
/// Stopwatch timing of the four reference configurations of issue 4 (see <see cref="VerifierReferenceConfigurations"/>):
/// one warm-up, then N repetitions each; prints min / median / max seconds, the ratio to the authors' time and the
/// 1-minute load average before and after (the machine is shared, so report the load with every figure), and the
/// median process CPU seconds (user + system, all threads), which the load disturbs much less than the wall time.
/// On a busy machine libgomp's spinning intra-op threads compete with the sampler's .NET threads; running with
/// <c>OMP_WAIT_POLICY=PASSIVE</c> lowered both wall and CPU time of the small configurations in a spot check.
/// <code>dotnet run -c Release --project tests/SignalProp.Benchmarks -- verifier-timing [--reps N] [--dtype float32|float64] [--sampler counter|torch] [--only NAME]</code>
/// </summary>
public static class VerifierTiming
{
    public static int Run(string[] args)
    {
        int reps = 5;
        string dtype = "float32";
        var algorithm = SamplerAlgorithm.CounterBased;
        string? only = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dtype": dtype = args[++i]; break;
                case "--sampler": algorithm = args[++i] == "torch" ? SamplerAlgorithm.TorchGenerators : SamplerAlgorithm.CounterBased; break;
                case "--only": only = args[++i]; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        ScalarType dataType = dtype == "float64" ? ScalarType.Float64 : ScalarType.Float32;
        var verifier = new ComponentVerifier(CPU, dataType, algorithm: algorithm);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"verifier timing: dtype {dtype}, sampler {algorithm}, torch threads {get_num_threads()}, {Environment.ProcessorCount} cores, {reps} reps"));
        Console.WriteLine("configuration        shape×replicas           min s   median s  max s   authors s  speed-up(median)  load before/after");
        foreach (string name in VerifierReferenceConfigurations.Names.Where(n => only is null || n == only))
        {
            VerificationCase c = VerifierReferenceConfigurations.Case(name);
            Once(verifier, c, 0);   // warm-up (JIT, allocator)
            string loadBefore = Load();
            var seconds = new List<double>();
            var cpuSeconds = new List<double>();
            using var process = Process.GetCurrentProcess();
            for (int rep = 0; rep < reps; rep++)
            {
                process.Refresh();
                TimeSpan cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                VerificationResult result = Once(verifier, c, rep + 1);
                seconds.Add(watch.Elapsed.TotalSeconds);
                process.Refresh();
                cpuSeconds.Add((process.TotalProcessorTime - cpu).TotalSeconds);
                if (!result.Succeeded) Console.WriteLine("  failed: " + result.Failure);
            }
            seconds.Sort();
            cpuSeconds.Sort();
            double median = seconds[seconds.Count / 2];
            double authors = VerifierReferenceConfigurations.AuthorsSeconds(name);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-20} {c.Shape + "×" + c.Replicas,-24} {seconds[0],6:0.000}  {median,7:0.000}  {seconds[^1],6:0.000}  {authors,8:0.0}  {authors / median,10:0.0}×        {loadBefore}/{Load()}   cpu median {cpuSeconds[cpuSeconds.Count / 2]:0.000} s"));
        }
        return 0;
    }

    private static VerificationResult Once(ComponentVerifier verifier, VerificationCase c, int index)
    {
        using var scope = NewDisposeScope();
        return verifier.Verify(c, SweepRunner.ConfigurationSeed(42, index));
    }

    private static string Load()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
    }
}
