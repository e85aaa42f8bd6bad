using BenchmarkDotNet.Running;

// Run all:  dotnet run -c Release --project tests/SignalProp.Benchmarks -- --filter '*'
// One class: dotnet run -c Release --project tests/SignalProp.Benchmarks -- --filter '*ModelBenchmarks*'
// Verifier reference configurations (issue 4), stopwatch: dotnet run -c Release --project tests/SignalProp.Benchmarks -- verifier-timing [--reps N] [--dtype float32|float64] [--sampler counter|torch] [--only NAME]
if (args.Length > 0 && args[0] == "verifier-stages")
{
    return SignalProp.Benchmarks.VerifierStages.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "verifier-timing")
{
    return SignalProp.Benchmarks.VerifierTiming.Run(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(SignalProp.Benchmarks.ComponentBenchmarks).Assembly).Run(args);
return 0;
