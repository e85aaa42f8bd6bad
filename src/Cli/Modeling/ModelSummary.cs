namespace SignalProp.Cli.Modeling;

/// <summary>The headline numbers of a prediction (JSON <c>summary</c> and the text summary).</summary>
/// <param name="ForwardGrowth">σ²_top/σ²_0.</param>
/// <param name="GradientGrowth">σ²_{g,0}/σ²_{g,top}.</param>
/// <param name="GradientSpread">max_k σ²_{g,k}/min_k σ²_{g,k} (the solver's band measure; NaN when every gradient variance is 0).</param>
/// <param name="MaxForwardVariance">max_k σ_k².</param>
/// <param name="MinGradientVariance">min_k σ²_{g,k}.</param>
/// <param name="MaxGradientVariance">max_k σ²_{g,k}.</param>
/// <param name="MaxScoreVariance">max over attention sub-layers of S².</param>
/// <param name="FirstUnstableSubLayer">The first k with (1−r)S² &gt; ln L, or null.</param>
/// <param name="OutputChange">Admin's output change at the top, Σ_k β_{k,k}² (units of C).</param>
/// <param name="Overflow">True when a forward or gradient variance is +∞.</param>
public sealed record ModelSummary(double ForwardGrowth, double GradientGrowth, double GradientSpread, double MaxForwardVariance,
    double MinGradientVariance, double MaxGradientVariance, double MaxScoreVariance, int? FirstUnstableSubLayer, double OutputChange, bool Overflow)
{
    /// <summary>Computes the summary.</summary>
    public static ModelSummary Of(StreamRows rows)
    {
        var p = rows.Prediction;
        double maxForward = double.NegativeInfinity, minGradient = double.PositiveInfinity, maxGradient = double.NegativeInfinity, maxScore = 0;
        int? unstable = null;
        bool overflow = false;
        foreach (var row in p.Stream)
        {
            maxForward = Math.Max(maxForward, row.ForwardVariance);
            minGradient = Math.Min(minGradient, row.GradientVariance);
            maxGradient = Math.Max(maxGradient, row.GradientVariance);
            maxScore = Math.Max(maxScore, row.ScoreVariance);
            if (row.ScoreInstability) unstable ??= row.SubLayer;
            overflow |= double.IsPositiveInfinity(row.ForwardVariance) || double.IsPositiveInfinity(row.GradientVariance);
        }
        double spread = maxGradient == 0 ? double.NaN : minGradient > 0 ? maxGradient / minGradient : double.PositiveInfinity;
        return new ModelSummary(p.ForwardGrowth, p.GradientGrowth, spread, maxForward, minGradient, maxGradient, maxScore, unstable,
            rows.OutputChange[^1], overflow);
    }
}
