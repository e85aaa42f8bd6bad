using SignalProp.Theory.Models;

namespace SignalProp.Theory.Analysis;

/// <summary>
/// Admin's dependency of each sub-layer on the residual branches (ADMIN.md §3.1–3.3), from the theory's branch variances.
/// Write x_i = Σ_{j≤i} c_{i,j} (c_{i,0} from the embedding, c_{i,j} from branch j); then c_{i,j}² = λ_i² c_{i−1,j}² for j &lt; i,
/// c_{i,i}² = β_i² s_i, and a Post-LN LayerNorm rescales the row to unit total (ADMIN.md §3.2 closed forms, generalised to
/// any λ, β). β_{i,j} = √(c_{i,j}²/Σ_k c_{i,k}²), so every row has Σ_j β_{i,j}² = 1. Assumes branch outputs uncorrelated
/// with the stream and each other at initialisation, as §3.2 does.
/// </summary>
public static class ResidualDependency
{
    /// <summary>β_{i,i}² = β_i² s_i / (λ_i² u_{i−1} + β_i² s_i) for i = 1…2N (index 0 holds 1: x₀ depends only on itself).</summary>
    public static double[] DiagonalSquares(ModelPrediction prediction)
    {
        var (skips, branches) = Scales(prediction);
        var result = new double[prediction.Stream.Count];
        result[0] = 1.0;
        for (int i = 1; i < result.Length; i++)
        {
            double own = branches[i] * branches[i] * prediction.Stream[i].BlockVariance;
            double total = skips[i] * skips[i] * prediction.Stream[i - 1].ForwardVariance + own;
            // After an overflow (∞ stream or block) the ratio is decided by which side overflowed, never NaN.
            result[i] = double.IsPositiveInfinity(own) ? 1.0 : double.IsPositiveInfinity(total) ? 0.0 : total > 0 ? own / total : 0.0;
        }
        return result;
    }

    /// <summary>
    /// The output-change estimate of ADMIN.md §3.3: Var[Δx_i] ≈ C·Σ_{j≤i} β_{j,j}²; returned for every i = 0…2N in units of
    /// C (index 0 is 0). O(log N) for Pre-LN and Admin, O(N) for Post-LN.
    /// </summary>
    public static double[] OutputChange(ModelPrediction prediction)
    {
        var diagonal = DiagonalSquares(prediction);
        var cumulative = new double[diagonal.Length];
        for (int i = 1; i < diagonal.Length; i++) cumulative[i] = cumulative[i - 1] + diagonal[i];
        return cumulative;
    }

    /// <summary>
    /// The full dependency matrix β_{i,j}, rows i = 0…2N (the stream after sub-layer i), columns j = 0…2N (0 = embedding);
    /// entries with j &gt; i are 0. O(N²) memory: meant for figures (ADMIN.md §5.1–5.2), not for 1000-layer models.
    /// </summary>
    public static double[,] Matrix(ModelPrediction prediction)
    {
        var (skips, branches) = Scales(prediction);
        bool postLn = prediction.Config.Placement == LayerNormPlacement.PostLN;
        int n = prediction.Stream.Count;
        var squares = new double[n];
        var matrix = new double[n, n];
        squares[0] = prediction.Stream[0].ForwardVariance;
        matrix[0, 0] = 1.0;
        for (int i = 1; i < n; i++)
        {
            double l2 = skips[i] * skips[i];
            for (int j = 0; j < i; j++) squares[j] *= l2;
            squares[i] = branches[i] * branches[i] * prediction.Stream[i].BlockVariance;
            double total = 0;
            for (int j = 0; j <= i; j++) total += squares[j];
            if (postLn && total > 0)
                for (int j = 0; j <= i; j++) squares[j] /= total; // the LayerNorm: unit total variance
            for (int j = 0; j <= i; j++) matrix[i, j] = total > 0 ? Math.Sqrt(squares[j] / (postLn ? 1.0 : total)) : 0.0;
        }
        return matrix;
    }

    private static (double[] Skips, double[] Branches) Scales(ModelPrediction prediction)
    {
        int n = prediction.Stream.Count;
        var skips = new double[n];
        var branches = new double[n];
        for (int i = 1; i < n; i++)
        {
            var layer = prediction.Initialization.Layers[(i - 1) / 2];
            var scales = i % 2 == 1 ? layer.Attention : layer.FeedForward;
            (skips[i], branches[i]) = (scales.Skip, scales.Branch);
        }
        return (skips, branches);
    }
}
