using SignalProp.Empirical.Models;
using SignalProp.Theory.Analysis;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;

namespace SignalProp.Empirical.Tests.Models;

/// <summary><see cref="OutputChangeFit"/>: an affine least-squares fit of Admin's Σβ² curve to a measured curve.</summary>
public class OutputChangeFitTests
{
    private static ModelPrediction Prediction(LayerNormPlacement placement)
    {
        var config = TransformerConfig.Small(placement) with { Layers = 6 };
        return TransformerModel.Predict(config, new XavierScheme().Initialize(config));
    }

    [Theory]
    [InlineData(LayerNormPlacement.PreLN)]
    [InlineData(LayerNormPlacement.PostLN)]
    public void An_exact_affine_image_of_the_curve_is_recovered_with_R2_one(LayerNormPlacement placement)
    {
        var prediction = Prediction(placement);
        double[] units = ResidualDependency.OutputChange(prediction);
        double[] measured = [.. units.Select(u => 0.3 + 2.5e-7 * u)];

        var fit = OutputChangeFit.Fit(prediction, measured);

        Assert.Equal(0.3, fit.Offset, 10);
        Assert.Equal(2.5e-7, fit.Scale, 15);
        Assert.Equal(1.0, fit.RSquared, 10);
        for (int k = 0; k < units.Length; k++) Assert.Equal(measured[k], fit.Predicted[k], 10);
    }

    [Fact]
    public void A_curve_unrelated_to_the_prediction_gets_a_low_R2_and_NaN_points_are_skipped()
    {
        var prediction = Prediction(LayerNormPlacement.PostLN);
        int n = prediction.Stream.Count;
        // Alternating values: no affine image of a monotone curve comes close.
        double[] measured = [.. Enumerable.Range(0, n).Select(k => k == 3 ? double.NaN : k % 2)];

        var fit = OutputChangeFit.Fit(prediction, measured);

        Assert.InRange(fit.RSquared, -0.01, 0.2);
        Assert.True(double.IsFinite(fit.Scale));
    }

    [Fact]
    public void Too_few_points_give_NaN_and_a_length_mismatch_is_rejected()
    {
        var prediction = Prediction(LayerNormPlacement.PreLN);
        int n = prediction.Stream.Count;
        var fit = OutputChangeFit.Fit(prediction, [.. Enumerable.Range(0, n).Select(k => k < 2 ? 1.0 : double.NaN)]);
        Assert.True(double.IsNaN(fit.RSquared) && double.IsNaN(fit.Predicted[0]));
        Assert.Throws<ArgumentException>(() => OutputChangeFit.Fit(prediction, [1.0, 2.0]));
    }
}
