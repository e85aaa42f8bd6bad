using BenchmarkDotNet.Attributes;
using SignalProp.Theory;
using SignalProp.Theory.Components;

namespace SignalProp.Benchmarks;

/// <summary>One component's forward + backward (issue: well under 1 µs each).</summary>
[MemoryDiagnoser]
public class ComponentBenchmarks
{
    private static readonly ForwardMoments X = new(0, 1, 0.3);
    private static readonly GradientMoments G = new(1, 0.2);
    private readonly Linear linear = new(1024, 1024, 0.03);
    private readonly Activation relu = Activation.Relu;
    private readonly Activation gelu = Activation.Gelu;
    private readonly LayerNorm layerNorm = new(1024);
    private readonly Dropout dropout = new(0.1);
    private readonly Softmax softmax = new(256);
    private readonly SelfAttention attention = new(1024, 64, 16, 256, 0.03, 0.03, 0.03, 0.1);
    private readonly MultiHeadAttention multiHead = new(1024, 16, 256, 0.03, 0.03, 0.03, 0.03, 0.1, 0.1);
    private readonly FeedForward feedForward = new(1024, 4096, Activation.Relu, 0.025, 0.025, 0.1);
    private readonly Embedding embedding = new(30522, 1, 0.5, 0.5, 0.5, 2, 0.1) { TokenCollisionOverride = 0.0138 };

    private static double Run(IComponent c) => c.Forward(X).Variance + c.Backward(X, G).Variance;

    [Benchmark] public double Linear() => Run(linear);
    [Benchmark] public double Relu() => Run(relu);
    [Benchmark] public double Gelu() => Run(gelu);
    [Benchmark] public double LayerNorm() => Run(layerNorm);
    [Benchmark] public double Dropout() => Run(dropout);
    [Benchmark] public double Softmax() => Run(softmax);
    [Benchmark] public double SelfAttention() => Run(attention);
    [Benchmark] public double Embedding() => Run(embedding);
    [Benchmark(Description = "MultiHeadAttention (3 children)")] public double MultiHead() => Run(multiHead);
    [Benchmark(Description = "FeedForward (4 children)")] public double FeedForwardBlock() => Run(feedForward);
}
