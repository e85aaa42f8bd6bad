using SignalProp.Empirical.Models;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests.Models;

/// <summary>
/// Whole TorchSharp transformers against <see cref="TransformerModel.Predict()"/> (THEORY.md §3.5 at CI size: 3 layers,
/// d = 128, 4 heads, L = 64, batch 8, 4 replicas, float64, Gaussian input with r₀ = 0.221·0.9).
/// Tolerance at each sub-layer: 4 standard errors of the replica mean plus a fixed finite-size allowance (3% of the
/// variance, 0.02 in correlation) for the theory's O(1/d, 1/L) approximations; the allowance is far below the
/// discrepancies the tests pin (the first Xavier Pre-LN attention, the attention Q/K gradient path).
/// </summary>
public class ModelSimulationTests(ITestOutputHelper output)
{
    private const double Z = 4, VarianceAllowance = 0.03, CorrelationAllowance = 0.02;

    private static TransformerConfig Small(LayerNormPlacement placement) => new()
    {
        Layers = 3, DModel = 128, Heads = 4, SeqLen = 64, Placement = placement, InputCorrelation = 0.221,
    };

    private static readonly StackOptions Gaussian = new() { Batch = 8, Replicas = 4, DataType = "float64", Device = "cpu", Input = StackInput.Gaussian, Seed = 7 };

    private SimulationResult Simulate(TransformerConfig config, ModelInitialization init, StackOptions? options = null)
    {
        var result = ModelSimulation.Run(config, init, options ?? Gaussian, output.WriteLine);
        output.WriteLine($"{init.Scheme} {config.Placement}: k  var meas±se/pred  r meas±se/pred  gvar meas±se/pred");
        foreach (var r in result.Rows)
            output.WriteLine($"{r.SubLayer,3} {r.Kind,-11} {r.ForwardVariance.Measured.Mean:F4}±{r.ForwardVariance.Measured.StandardError:F4}/{r.ForwardVariance.Predicted:F4}  " +
                             $"{r.ForwardCorrelation.Measured.Mean:F4}±{r.ForwardCorrelation.Measured.StandardError:F4}/{r.ForwardCorrelation.Predicted:F4}  " +
                             $"{r.GradientVariance.Measured.Mean:G4}±{r.GradientVariance.Measured.StandardError:G3}/{r.GradientVariance.Predicted:G4}");
        return result;
    }

    private static void AssertAgrees(Comparison c, double allowance, string what, int k)
    {
        double tolerance = Z * c.Measured.StandardError + allowance;
        Assert.True(c.AbsoluteError <= tolerance,
            $"{what} at k = {k}: measured {c.Measured} vs predicted {c.Predicted:G6} (|Δ| = {c.AbsoluteError:G4} > {tolerance:G4})");
    }

    [Theory]
    [Trait("Category", "MonteCarlo")]
    [InlineData("dslm", LayerNormPlacement.PreLN)]
    [InlineData("dslm", LayerNormPlacement.PostLN)]
    [InlineData("xavier", LayerNormPlacement.PostLN)]
    public void ForwardVarianceAndCorrelationMatchTheoryAtEverySubLayer(string scheme, LayerNormPlacement placement)
    {
        var config = Small(placement);
        var result = Simulate(config, InitSchemes.FromName(scheme).Initialize(config));
        foreach (var row in result.Rows)
        {
            AssertAgrees(row.ForwardVariance, VarianceAllowance * row.ForwardVariance.Predicted, "forward variance", row.SubLayer);
            AssertAgrees(row.ForwardCorrelation, CorrelationAllowance, "forward correlation", row.SubLayer);
        }
    }

    /// <summary>
    /// Xavier Pre-LN: the stream above the first layer agrees; the first attention sub-layer (score variance S² = 2.56 on
    /// a weakly correlated input, r ≈ 0.2) does not: the measured block variance is lower and the correlation higher
    /// than the closed form (a known limit of the SHA formulas at moderate S², THEORY.md §2.8). Pinned, not hidden.
    /// </summary>
    [Fact]
    [Trait("Category", "MonteCarlo")]
    public void XavierPreLnAgreesAboveTheFirstLayerAndPinsTheFirstAttentionDiscrepancy()
    {
        var config = Small(LayerNormPlacement.PreLN);
        var result = Simulate(config, InitSchemes.FromName("xavier").Initialize(config));
        foreach (var row in result.Rows.Where(r => r.SubLayer == 0 || r.SubLayer >= 3))
        {
            AssertAgrees(row.ForwardVariance, VarianceAllowance * row.ForwardVariance.Predicted, "forward variance", row.SubLayer);
            // The correlation carries the first layer's excess upwards and relaxes slowly: 0.05 is pinned below.
            AssertAgrees(row.ForwardCorrelation, row.SubLayer >= 3 ? 0.08 : CorrelationAllowance, "forward correlation", row.SubLayer);
        }
        var first = result.Rows[1];
        Assert.True(first.BlockVariance.Measured.Mean < 0.9 * first.BlockVariance.Predicted, $"first attention block variance {first.BlockVariance.Measured} vs {first.BlockVariance.Predicted}");
        Assert.True(first.ForwardCorrelation.Measured.Mean > first.ForwardCorrelation.Predicted + 0.05, $"first attention correlation {first.ForwardCorrelation.Measured} vs {first.ForwardCorrelation.Predicted}");
        // Growth law holds: variance at the top within the allowance, about linear in depth.
        Assert.True(result.Rows[^1].ForwardVariance.Measured.Mean > 3 * result.Rows[1].ForwardVariance.Measured.Mean);
    }

    /// <summary>
    /// FFN-dominated DSLM (σ_o = 0: the attention branches output 0, so no gradient takes the Q/K path): the gradient
    /// variance and correlation of the stream match the theory at every sub-layer.
    /// </summary>
    [Theory]
    [Trait("Category", "MonteCarlo")]
    [InlineData(LayerNormPlacement.PreLN)]
    [InlineData(LayerNormPlacement.PostLN)]
    public void GradientMatchesTheoryWhenFeedForwardDominates(LayerNormPlacement placement)
    {
        var config = Small(placement);
        var init = InitSchemes.FromName("dslm").Initialize(config).WithOverrides(new InitializationOverrides { OutputStd = 0 });
        var result = Simulate(config, init);
        foreach (var row in result.Rows)
        {
            AssertAgrees(row.GradientVariance, VarianceAllowance * row.GradientVariance.Predicted, "gradient variance", row.SubLayer);
            AssertAgrees(row.GradientCorrelation, CorrelationAllowance, "gradient correlation", row.SubLayer);
            AssertAgrees(row.ForwardVariance, VarianceAllowance * row.ForwardVariance.Predicted, "forward variance", row.SubLayer);
        }
    }

    /// <summary>
    /// Full DSLM: the gradient variance is recorded, not asserted, below the top layer — the attention backward formula
    /// ignores the Q/K gradient path (THEORY.md §2.8, §3.5), so the measured gradient exceeds the prediction where
    /// attention matters (about +30% at the bottom here). Only the top (injected) point and the sign of the error are checked.
    /// </summary>
    [Fact]
    [Trait("Category", "MonteCarlo")]
    public void FullDslmGradientIsRecordedAndTheQkPathShowsAsAnExcess()
    {
        var config = Small(LayerNormPlacement.PreLN);
        var result = Simulate(config, InitSchemes.FromName("dslm").Initialize(config));
        AssertAgrees(result.Rows[^1].GradientVariance, VarianceAllowance, "injected gradient", config.SubLayers);
        foreach (var row in result.Rows)
            output.WriteLine($"gradient k = {row.SubLayer}: measured/predicted = {row.GradientVariance.Measured.Mean / row.GradientVariance.Predicted:F3}");
        Assert.True(result.Rows[0].GradientVariance.Measured.Mean > result.Rows[0].GradientVariance.Predicted);
    }

    /// <summary>Zipf tokens through word + position + segment tables: the k = 0 moments are the embedding formula's (THEORY.md §2.1).</summary>
    [Fact]
    [Trait("Category", "MonteCarlo")]
    public void ZipfTokenEmbeddingMatchesTheEmbeddingFormula()
    {
        var config = new TransformerConfig { Layers = 1, DModel = 64, Heads = 4, SeqLen = 64, VocabSize = 500, Placement = LayerNormPlacement.PreLN };
        var init = InitSchemes.FromName("dslm").Initialize(config);
        var result = Simulate(config, init, Gaussian with { Input = StackInput.Tokens, Batch = 16, Replicas = 6 });
        var bottom = result.Rows[0];
        AssertAgrees(bottom.ForwardVariance, VarianceAllowance * bottom.ForwardVariance.Predicted, "embedding variance", 0);
        AssertAgrees(bottom.ForwardCorrelation, CorrelationAllowance, "embedding correlation", 0);
        Assert.True(bottom.WeightGradientNorm.Mean > 0);
    }

    /// <summary>Two forwards re-use the dropout masks (fixed generator), so the output change is exactly 0 without a perturbation and grows with depth with one.</summary>
    [Fact]
    [Trait("Category", "MonteCarlo")]
    public void OutputChangeUsesTheSameDropoutMasks()
    {
        using var scope = NewDisposeScope();
        var config = new TransformerConfig { Layers = 2, DModel = 16, Heads = 2, SeqLen = 8, VocabSize = 50 };
        var model = new TransformerModel(config, InitSchemes.FromName("xavier").Initialize(config));
        using var stack = new TransformerStack(config, model.Initialization, model.Embedding, 1, 2, CPU, ScalarType.Float64, withEmbeddingTables: true);
        Tensor tokens = randint(50, [2, 8], dtype: ScalarType.Int64);
        Tensor a = stack.Forward(stack.Embed(tokens, null)), b = stack.Forward(stack.Embed(tokens, null));
        Assert.Equal(0.0, (a - b).abs().max().item<double>());
        Assert.Equal(3 + 2 * 6, stack.Weights.Count); // word, position, segment tables; 4 attention + 2 FFN weights per layer
    }

    [Fact]
    public void ReplicaMeasurementsGiveStandardErrorsAndJoinByK()
    {
        var config = new TransformerConfig { Layers = 2, DModel = 16, Heads = 2, SeqLen = 8, VocabSize = 50, Segments = 0 };
        var init = InitSchemes.FromName("dslm").Initialize(config);
        var result = ModelSimulation.Run(config, init, new StackOptions { Batch = 2, Replicas = 2, Device = "cpu", DataType = "float64" });
        Assert.Equal(5, result.Rows.Count);
        Assert.All(result.Rows, r => Assert.Equal(2, r.ForwardVariance.Measured.Count));
        Assert.All(result.Rows, r => Assert.True(double.IsFinite(r.ForwardVariance.Measured.StandardError)));
        Assert.True(double.IsFinite(result.Rows[1].ScoreVariance.Predicted) && double.IsNaN(result.Rows[2].ScoreVariance.Predicted));
        Assert.True(double.IsFinite(result.Rows[1].AttentionEntropy.Mean));
        Assert.True(result.Rows[4].OutputChange.Measured.Mean > 0);
    }
}
