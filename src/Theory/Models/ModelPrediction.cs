namespace SignalProp.Theory.Models;

/// <summary>The theory's prediction for a whole model: one row per point k = 0…2N of the residual stream.</summary>
/// <param name="Config">The architecture.</param>
/// <param name="Initialization">The weights' σ's and residual scales used.</param>
/// <param name="Stream">2N + 1 rows, bottom (embedding) first.</param>
/// <param name="Warnings">Overflow and attention-score instability warnings, one line each.</param>
public sealed record ModelPrediction(TransformerConfig Config, ModelInitialization Initialization,
    IReadOnlyList<SubLayerMoments> Stream, IReadOnlyList<string> Warnings)
{
    /// <summary>The embedding output (k = 0).</summary>
    public SubLayerMoments Bottom => Stream[0];

    /// <summary>The top of the stream (k = 2N).</summary>
    public SubLayerMoments Top => Stream[^1];

    /// <summary>σ²_{2N}/σ²_0: how much the forward variance grows through the stack.</summary>
    public double ForwardGrowth => Top.ForwardVariance / Bottom.ForwardVariance;

    /// <summary>σ²_{g,0}/σ²_{g,2N}: how much the gradient variance grows from the top to the bottom.</summary>
    public double GradientGrowth => Bottom.GradientVariance / Top.GradientVariance;

    /// <summary>The sub-layer rows only (k ≥ 1).</summary>
    public IEnumerable<SubLayerMoments> SubLayers => Stream.Skip(1);
}
