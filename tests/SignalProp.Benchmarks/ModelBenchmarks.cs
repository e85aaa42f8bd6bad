using BenchmarkDotNet.Attributes;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;

namespace SignalProp.Benchmarks;

/// <summary>A 1000-layer model (2000 sub-layers), forward and backward, every quantity (issue: under 1 ms).</summary>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private TransformerConfig config = null!;
    private ModelInitialization xavier = null!;
    private ModelInitialization dslm = null!;
    private TransformerModel built = null!;

    [Params(LayerNormPlacement.PreLN, LayerNormPlacement.PostLN)]
    public LayerNormPlacement Placement { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        config = TransformerConfig.Paper(Placement) with { Layers = 1000 };
        xavier = new XavierScheme().Initialize(config);
        dslm = new DslmScheme().Initialize(config);
        built = new TransformerModel(config, xavier);
    }

    [Benchmark(Description = "predict only (model built)")] public ModelPrediction PredictOnly() => built.Predict();
    [Benchmark(Description = "build + predict, xavier")] public ModelPrediction Xavier() => TransformerModel.Predict(config, xavier);
    [Benchmark(Description = "build + predict, dslm (per-layer σ)")] public ModelPrediction Dslm() => TransformerModel.Predict(config, dslm);
}
