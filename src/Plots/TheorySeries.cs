using SignalProp.Theory.Analysis;
using SignalProp.Theory.Models;

namespace SignalProp.Plots;

/// <summary>
/// Converts a Theory <see cref="ModelPrediction"/> into figure records. The x value of stream point k = 0…2N is k/2, the
/// number of layers completed (so x = n is the stream after layer n; the attention sub-layers sit at half-integers).
/// </summary>
public static class TheorySeries
{
    /// <summary>Forward variance σ²_k of the stream.</summary>
    public static Series ForwardVariance(ModelPrediction prediction, string label, string? colorKey = null)
        => FromStream(prediction, label, colorKey, m => m.ForwardVariance);

    /// <summary>Gradient variance σ²_{g,k} of the stream.</summary>
    public static Series GradientVariance(ModelPrediction prediction, string label, string? colorKey = null)
        => FromStream(prediction, label, colorKey, m => m.GradientVariance);

    /// <summary>Token correlation r_k of the stream.</summary>
    public static Series ForwardCorrelation(ModelPrediction prediction, string label, string? colorKey = null)
        => FromStream(prediction, label, colorKey, m => m.ForwardCorrelation);

    /// <summary>Attention-logit variance S² at the attention sub-layers only.</summary>
    public static Series ScoreVariance(ModelPrediction prediction, string label, string? colorKey = null)
        => FromStream(prediction, label, colorKey, m => m.ScoreVariance, m => m.Kind == SubLayerKind.Attention);

    /// <summary>
    /// The x (k/2) of the first sub-layer whose attention scores are unstable ((1−r)S² &gt; ln L), for
    /// <see cref="DepthProfileOptions.MarkX"/>; null when there is none.
    /// </summary>
    public static double? FirstScoreInstability(ModelPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var first = prediction.Stream.FirstOrDefault(m => m.ScoreInstability);
        return first is null ? null : first.SubLayer / 2.0;
    }

    /// <summary>The dependency matrix β_{i,j} (ADMIN.md §3.1; O(N²) memory, for figures of moderate depth).</summary>
    public static DependencyMatrix Dependency(ModelPrediction prediction, string label)
        => new(label, ResidualDependency.Matrix(prediction));

    /// <summary>The output change Σ_{j≤i} β²_{j,j} against the number of sub-layers i = 1…2N (O(N) memory).</summary>
    public static Series OutputChange(ModelPrediction prediction, string label, string? colorKey = null)
    {
        var y = ResidualDependency.OutputChange(prediction);
        var x = Enumerable.Range(1, y.Length - 1).Select(i => (double)i).ToArray();
        return Series.Theory(label, x, y[1..], colorKey ?? label);
    }

    /// <summary>
    /// A depth sweep from predictions of the same scheme at several depths: forward variance at the top and the gradient
    /// growth σ²_{g,0}/σ²_{g,2N} (see <see cref="ModelPrediction.GradientGrowth"/>), against the number of layers.
    /// </summary>
    public static SweepSeries Sweep(string scheme, IEnumerable<ModelPrediction> predictions, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var list = predictions.OrderBy(p => p.Config.Layers).ToList();
        return new SweepSeries(scheme, list.Select(p => (double)p.Config.Layers).ToArray(),
            list.Select(p => p.Top.ForwardVariance).ToArray(), list.Select(p => p.GradientGrowth).ToArray(), label);
    }

    private static Series FromStream(ModelPrediction prediction, string label, string? colorKey,
        Func<SubLayerMoments, double> value, Func<SubLayerMoments, bool>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var rows = prediction.Stream.Where(m => keep?.Invoke(m) ?? true).ToList();
        return Series.Theory(label, rows.Select(m => m.SubLayer / 2.0).ToArray(), rows.Select(value).ToArray(), colorKey);
    }
}
