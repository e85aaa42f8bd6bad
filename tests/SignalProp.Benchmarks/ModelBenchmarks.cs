using BenchmarkDotNet.Attributes;
using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas.Attention;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;

namespace SignalProp.Benchmarks;

/// <summary>
/// A 1000-layer model (2000 sub-layers), forward and backward, every quantity, per attention formula (targets: under
/// 1 ms with the value-path or closed formulas, under 50 ms with the full ones). Full's first call also builds the
/// per-L softmax tables (0.1–0.5 s); the benchmark measures the steady state.
/// </summary>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private TransformerConfig config = null!;
    private ModelInitialization xavier = null!;
    private ModelInitialization dslm = null!;
    private TransformerModel built = null!;

    [Params(LayerNormPlacement.PreLN, LayerNormPlacement.PostLN)]
    public LayerNormPlacement Placement { get; set; }

    [Params(AttentionBackward.Value, AttentionBackward.Closed, AttentionBackward.Full)]
    public AttentionBackward Attention { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        config = TransformerConfig.Paper(Placement) with { Layers = 1000, AttentionBackward = Attention };
        xavier = new XavierScheme().Initialize(config);
        dslm = new DslmScheme().Initialize(config);
        built = new TransformerModel(config, xavier);
    }

    // Each benchmark first clears the memo of the attention pair statistics, so that `full` is timed as a first prediction
    // of the model, not as a repeat the memo would answer (the per-L tables stay built, as after any first use of L).
    [Benchmark(Description = "predict only (model built)")] public ModelPrediction PredictOnly() { SoftmaxPairFunctionals.ClearMemo(); return built.Predict(); }
    [Benchmark(Description = "build + predict, xavier")] public ModelPrediction Xavier() { SoftmaxPairFunctionals.ClearMemo(); return TransformerModel.Predict(config, xavier); }
    [Benchmark(Description = "build + predict, dslm (per-layer σ)")] public ModelPrediction Dslm() { SoftmaxPairFunctionals.ClearMemo(); return TransformerModel.Predict(config, dslm); }
}
