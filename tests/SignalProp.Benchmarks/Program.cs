using BenchmarkDotNet.Running;

// Run all:  dotnet run -c Release --project tests/SignalProp.Benchmarks -- --filter '*'
// One class: dotnet run -c Release --project tests/SignalProp.Benchmarks -- --filter '*ModelBenchmarks*'
BenchmarkSwitcher.FromAssembly(typeof(SignalProp.Benchmarks.ComponentBenchmarks).Assembly).Run(args);
