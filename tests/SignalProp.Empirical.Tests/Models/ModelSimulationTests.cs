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
    /// Xavier Pre-LN, where the first attention sub-layer has S² = 2.56 on a weakly correlated input (r ≈ 0.2): the full
    /// attention formulas (the default; exact softmax statistics forward, value + query + key backward, ATTENTION.md)
    /// agree at every sub-layer, forward and backward. The same measurement pins the authors' formulas: their first block
    /// variance is too high, their correlation too low, and their gradient far too low below the first attention.
    /// </summary>
    [Fact]
    [Trait("Category", "MonteCarlo")]
    public void XavierPreLnAgreesEverywhereWithTheFullFormulasAndPinsTheAuthorsDiscrepancy()
    {
        var config = Small(LayerNormPlacement.PreLN);
        var init = InitSchemes.FromName("xavier").Initialize(config);
        var result = Simulate(config, init);
        foreach (var row in result.Rows)
        {
            AssertAgrees(row.ForwardVariance, VarianceAllowance * row.ForwardVariance.Predicted, "forward variance", row.SubLayer);
            AssertAgrees(row.ForwardCorrelation, CorrelationAllowance, "forward correlation", row.SubLayer);
            AssertAgrees(row.GradientVariance, 2 * VarianceAllowance * row.GradientVariance.Predicted, "gradient variance", row.SubLayer);
            AssertAgrees(row.GradientCorrelation, CorrelationAllowance, "gradient correlation", row.SubLayer);
        }
        var authors = TransformerModel.Predict(config.AsAuthors(), init);
        var first = result.Rows[1];
        Assert.True(first.BlockVariance.Measured.Mean < 0.9 * authors.Stream[1].BlockVariance, $"first attention block variance {first.BlockVariance.Measured} vs the authors' {authors.Stream[1].BlockVariance}");
        Assert.True(result.Rows[0].GradientVariance.Measured.Mean > 2 * authors.Stream[0].GradientVariance,
            $"bottom gradient {result.Rows[0].GradientVariance.Measured} vs the authors' {authors.Stream[0].GradientVariance}");
        // Growth law holds: variance at the top about linear in depth.
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
    /// Full DSLM, Pre-LN and Post-LN: with the full attention backward the gradient variance and correlation agree at every
    /// sub-layer (the authors' value path under-predicted the bottom by about 30 % here).
    /// </summary>
    [Theory]
    [Trait("Category", "MonteCarlo")]
    [InlineData(LayerNormPlacement.PreLN)]
    [InlineData(LayerNormPlacement.PostLN)]
    public void FullDslmGradientAgreesAtEverySubLayer(LayerNormPlacement placement)
    {
        var config = Small(placement);
        var result = Simulate(config, InitSchemes.FromName("dslm").Initialize(config));
        foreach (var row in result.Rows)
        {
            AssertAgrees(row.GradientVariance, VarianceAllowance * row.GradientVariance.Predicted, "gradient variance", row.SubLayer);
            AssertAgrees(row.GradientCorrelation, CorrelationAllowance, "gradient correlation", row.SubLayer);
        }
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
