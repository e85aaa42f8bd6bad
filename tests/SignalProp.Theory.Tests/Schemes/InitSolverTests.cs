using SignalProp.Theory.Formulas;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Schemes;

public class InitSolverTests
{
    [Theory]
    [InlineData(LayerNormPlacement.PreLN, "relu", 1024, 2.0)]
    [InlineData(LayerNormPlacement.PostLN, "relu", 1024, 2.0)]
    [InlineData(LayerNormPlacement.PreLN, "gelu", 3072, 1.5)]
    [InlineData(LayerNormPlacement.PostLN, "gelu", 700, 1.2)]
    public void Every_block_and_stream_has_unit_variance_and_gradient_is_in_band(LayerNormPlacement placement, string activation, int dff, double band)
    {
        var config = new TransformerConfig { Layers = 48, DModel = 256, Heads = 4, DFf = dff, SeqLen = 128, Placement = placement, Activation = ElementwiseFunction.FromName(activation) };
        var result = InitSolver.Solve(config, new SolverOptions { GradientBand = band });
        foreach (var row in result.Prediction.SubLayers)
        {
            Approx.Relative(1.0, row.BlockVariance, 1e-9, what: $"block k={row.SubLayer}");
            Approx.Relative(1.0, row.ResidualInputVariance, 1e-9, what: $"stream k={row.SubLayer}");
        }
        double max = result.Prediction.Stream.Max(r => r.GradientVariance), min = result.Prediction.Stream.Min(r => r.GradientVariance);
        Assert.True(result.WithinBand);
        Assert.True(max / min <= band * (1 + 1e-12), $"spread {max / min} > {band}");
        Assert.Equal(result.GradientSpread, max / min, 12);
    }

    [Fact] // a tighter band needs a smaller β² (the spread grows like e^{β²Σ|t−1|})
    public void Tighter_band_gives_smaller_beta()
    {
        var config = TransformerConfig.Small() with { Layers = 48 };
        var loose = InitSolver.Solve(config, new SolverOptions { GradientBand = 3 });
        var tight = InitSolver.Solve(config, new SolverOptions { GradientBand = 1.1 });
        Assert.True(tight.BetaSquared < loose.BetaSquared, $"{tight.BetaSquared} vs {loose.BetaSquared}");
        // maximality: 5% more β² breaks the band (unless the whole range fits)
        if (loose.BetaSquared < 0.95)
            Assert.False(InitSolver.Solve(config, new SolverOptions { GradientBand = 3, BetaSquared = loose.BetaSquared * 1.05 }).WithinBand);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Contains("gradient-band = 1", Assert.Throws<ArgumentOutOfRangeException>(() => new SolverOptions { GradientBand = 1 }).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SolverOptions { BetaSquared = 0 });
    }
}
