using System.Diagnostics;
using SignalProp.Empirical.Verification;
using SignalProp.Theory;
using SignalProp.Theory.Components;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests.Verification;

/// <summary>Wall time per configuration at the authors' sizes (docs/verification.md reports the figures). Not an
/// assertion on speed: timings depend on the machine's load.</summary>
[Trait("Category", "LongRunning")]
public class VerificationTimingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("layernorm", 316, 1000, 100, "float32")]
    [InlineData("layernorm", 1000, 1000, 100, "float32")]
    [InlineData("layernorm", 1000, 100, 100, "float32")]
    [InlineData("relu", 1, 1000, 10000, "float32")]
    [InlineData("layernorm", 316, 1000, 100, "float64")]
    [InlineData("layernorm", 1000, 1000, 100, "float64")]
    [InlineData("layernorm", 1000, 100, 100, "float64")]
    [InlineData("relu", 1, 1000, 10000, "float64")]
    public void TimePerConfiguration(string component, int width, int length, int runs, string dtype)
    {
        IComponent spec = component == "relu" ? Activation.Relu : new LayerNorm(width);
        var input = component == "relu" ? new ForwardMoments(0, 1, 0.4) : new ForwardMoments(-3.333, 1, 0.4);
        var c = new VerificationCase(component, spec, input, new GradientMoments(1, 0.4), runs / 4, length, width, 4, []);
        var verifier = new ComponentVerifier(CPU, TorchDataType.Resolve(dtype));
        verifier.Verify(c, 1); // warm-up
        var watch = Stopwatch.StartNew();
        const int repeats = 3;
        for (int i = 0; i < repeats; i++) Assert.True(verifier.Verify(c, (ulong)(i + 2)).Succeeded);
        output.WriteLine($"TIMING {component} d={width} L={length} runs={runs} {dtype}: {watch.Elapsed.TotalSeconds / repeats:0.000} s per configuration");
    }
}
