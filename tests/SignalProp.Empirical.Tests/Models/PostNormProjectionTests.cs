using System.Globalization;
using SignalProp.Theory;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using Xunit.Abstractions;

namespace SignalProp.Empirical.Tests.Models;

/// <summary>
/// The two measured facts behind the remaining Xavier Post-LN gradient gap (docs/verification.md): the Post-LN
/// LayerNorm backward g_z = (1/σ)(g − mean_f(g)·1 − (y·g/|y|²)·y) removes energy that <c>LayerNormFormulas.Backward</c>
/// keeps, and the gradient reaching a LayerNorm is uncorrelated with its sequence's normaliser (so the Jensen factor's
/// independence assumption holds).
/// </summary>
/// <remarks>
/// Derivation [DERIVED]: the gradient at LayerNorm k's output is g = λg_z' + βBᵀg_z' with g_z' the projected gradient of
/// the LayerNorm above (feature mean 0, orthogonal to y' ∝ λy + βf) and B the Jacobian of the body above. Only the branch
/// part brings a feature mean, isotropically: d·(removed fraction) = β²t/(λ² + β²t), t the body's gain. And
/// y·g = β(By − f)·g_z', which vanishes for a body homogeneous of degree 1 (the ReLU FFN without biases: By = f by
/// Euler's theorem), so below an FFN sub-layer nothing is removed along y. Below an attention sub-layer the part along y
/// is <c>LayerNormProjectionFormulas.AttentionOutputDirection</c> (value, query and key paths and the skip's −f·g'); the
/// model's recurrence applies both through <c>PostNormProjection</c>, which is what is asserted here.
/// </remarks>
public class PostNormProjectionTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "LongRunning")]
    public void LayerNormProjectionAndNormaliserIndependence()
    {
        const double Z = 4;
        var config = DeepModelAgreementTests.Deep(LayerNormPlacement.PostLN);
        var init = InitSchemes.FromName("xavier").Initialize(config);
        var prediction = TransformerModel.Predict(config, init);
        var (meanPart, outputPart, q, s2) = PostNormJensenFactors.MeasureProjection(config, init, prediction, batch: 8, replicas: 24, seed: 91);
        int n = q.Length, top = config.SubLayers;
        var model = new TransformerModel(config, init);
        var ratios = new List<double>();
        var attentionRatios = new List<double>();
        double keep = 1;
        output.WriteLine("k  d·removed: mean, along y (predicted)   Π(1 − removed)   E[q/s²]/(E[q]E[1/s²]) ± s.e.");
        for (int k = top - 1; k >= 1; k--)
        {
            keep *= 1 - (meanPart[k] + outputPart[k]) / config.DModel;
            double eq = q.Average(x => x[k]), einv = s2.Average(x => 1 / x[k]);
            double independence = Enumerable.Range(0, n).Average(i => q[i][k] / s2[i][k]) / (eq * einv);
            // Delta-method s.e. of the ratio of means.
            double[] influence = [.. Enumerable.Range(0, n).Select(i => q[i][k] / s2[i][k] / (eq * einv) - q[i][k] / eq - 1 / s2[i][k] / einv)];
            double mean = influence.Average(), se = Math.Sqrt(influence.Sum(x => (x - mean) * (x - mean)) / (n - 1) / n);
            Assert.True(Math.Abs(independence - 1) <= Z * se, $"k = {k}: E[q/s²]/(E[q]E[1/s²]) = {independence:F4} ± {se:F4}");
            string predicted = "";
            if (k % 2 == 1)
            {
                // Below an FFN sub-layer (k + 1): nothing along y, and the feature mean of the branch part only.
                var scales = init.Layers[k / 2].FeedForward;
                double t = prediction.Stream[k + 1].BlockGradientGain, b2 = scales.Branch * scales.Branch;
                double expected = LayerNormProjectionFormulas.FeatureMean(scales.Skip * scales.Skip, b2 * t);
                ratios.Add(meanPart[k] / expected);
                predicted = string.Create(CultureInfo.InvariantCulture, $" ({expected:F3})");
                Assert.True(outputPart[k] < 1e-3, $"k = {k}: d·(removed along y) = {outputPart[k]:G3} below a degree-1 homogeneous FFN");
            }
            else
            {
                // Below an attention sub-layer (k + 1): the feature mean and the output direction, as the recurrence has them.
                var scales = init.Layers[k / 2].Attention;
                var above = prediction.Stream[k + 1];
                double expected = PostNormProjection.Of(model.Body(k + 1), scales.Skip, scales.Branch,
                    new ForwardMoments(0, prediction.Stream[k].ForwardVariance, prediction.Stream[k].ForwardCorrelation),
                    new ForwardMoments(0, above.BlockVariance, above.BlockCorrelation), above.GradientCorrelation, above.BlockGradientGain);
                attentionRatios.Add((meanPart[k] + outputPart[k]) / expected);
                predicted = string.Create(CultureInfo.InvariantCulture, $" (mean + y: {expected:F3})");
            }
            if (k % 8 == 1 || k % 8 == 2 || k <= 4)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{k,3} {meanPart[k]:F3} {outputPart[k]:F3}{predicted}   {keep:F4}   {independence:F4} ± {se:F4}"));
        }
        foreach (var (name, values) in new[] { ("feature mean below FFN sub-layers", ratios), ("mean + y below attention sub-layers", attentionRatios) })
        {
            double ratio = values.Average(), ratioSe = Math.Sqrt(values.Sum(x => (x - ratio) * (x - ratio)) / (values.Count - 1) / values.Count);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}, measured/derived: {ratio:F3} ± {ratioSe:F3}"));
            Assert.True(Math.Abs(ratio - 1) <= 0.1 + Z * ratioSe, $"{name}: measured/derived {ratio:F3} ± {ratioSe:F3}");
        }
    }
}
