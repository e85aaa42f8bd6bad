using SignalProp.Empirical.Models;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests.Models;

/// <summary>
/// The masked-language-model gradient of <see cref="StackGradient.MaskedLanguageModel"/>: masking, the loss over the tied
/// word table, and the prediction re-run from the measured top-of-stream gradient.
/// </summary>
public class MaskedLanguageModelGradientTests
{
    [Fact]
    public void Masking_replaces_about_p_of_the_positions_and_keeps_the_originals_as_targets()
    {
        using var scope = NewDisposeScope();
        var ids = arange(0, 4000, ScalarType.Int64).remainder(97).view(40, 100);
        var (inputs, targets, positions) = ModelSimulation.MaskTokens(ids, 1000, 0.15, 11, CPU);
        long masked = positions.shape[0];
        // Binomial(4000, 0.15): mean 600, standard deviation 22.6; 5 standard deviations.
        Assert.InRange(masked, 600 - 113, 600 + 113);
        Assert.True(inputs.flatten().index_select(0, positions).eq(999).all().item<bool>(), "masked positions carry the [MASK] id |V| − 1");
        Assert.True(ids.flatten().index_select(0, positions).eq(targets).all().item<bool>(), "targets are the original ids");
        Assert.Equal(4000 - masked, inputs.ne(999).sum().item<long>());
    }

    [Fact]
    [Trait("Category", "MonteCarlo")]
    public void Loss_gradient_reaches_every_sub_layer_and_the_prediction_starts_from_the_measured_top_gradient()
    {
        var config = new TransformerConfig { Layers = 2, DModel = 64, Heads = 2, SeqLen = 32, VocabSize = 500, Placement = LayerNormPlacement.PostLN };
        var init = new XavierScheme().Initialize(config);
        var options = new StackOptions { Batch = 4, Replicas = 2, DataType = "float64", Device = "cpu", Gradient = StackGradient.MaskedLanguageModel, OutputChange = false };

        var result = ModelSimulation.Run(config, init, options);

        int top = config.SubLayers;
        double measuredTop = result.Replicas.Average(r => r.GradientVariance[top]);
        Assert.True(measuredTop > 0 && double.IsFinite(measuredTop));
        Assert.Equal(measuredTop, result.Prediction.Config.OutputGradient.Variance, 12);
        Assert.Equal(measuredTop, result.Rows[top].GradientVariance.Predicted, 12);
        Assert.All(result.Rows, r => Assert.True(r.GradientVariance.Measured.Mean > 0, $"no gradient at k = {r.SubLayer}"));
    }

    [Fact]
    public void Mlm_gradient_without_token_inputs_is_rejected()
    {
        var options = new StackOptions { Gradient = StackGradient.MaskedLanguageModel, Input = StackInput.Gaussian };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => options.EnsureValid());
        Assert.Contains("--gradient mlm", e.Message);
    }
}
