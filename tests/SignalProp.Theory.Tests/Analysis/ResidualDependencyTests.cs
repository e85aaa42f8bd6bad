using SignalProp.Theory.Analysis;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Analysis;

public class ResidualDependencyTests
{
    private static ModelPrediction Predict(LayerNormPlacement placement, int layers, IInitScheme? scheme = null)
    {
        var config = TransformerConfig.Small(placement) with { Layers = layers };
        return TransformerModel.Predict(config, (scheme ?? new XavierScheme()).Initialize(config));
    }

    [Fact] // ADMIN.md §3.2 Pre-LN: β_{i,j} = σ_j/√S_i, S_i = v₀ + Σ_{k≤i} σ_k²; rows have Σ_j β² = 1
    public void Pre_ln_matrix_matches_closed_form()
    {
        var p = Predict(LayerNormPlacement.PreLN, 3);
        var m = ResidualDependency.Matrix(p);
        for (int i = 0; i <= 6; i++)
        {
            double s = p.Bottom.ForwardVariance + p.Stream.Skip(1).Take(i).Sum(r => r.BlockVariance);
            Approx.Relative(Math.Sqrt(p.Bottom.ForwardVariance / s), m[i, 0], 1e-12);
            for (int j = 1; j <= i; j++) Approx.Relative(Math.Sqrt(p.Stream[j].BlockVariance / s), m[i, j], 1e-12);
            double rowSum = 0;
            for (int j = 0; j <= 6; j++) rowSum += m[i, j] * m[i, j];
            Approx.Relative(1.0, rowSum, 1e-12);
        }
    }

    [Fact] // ADMIN.md §3.2 Post-LN (ω = 1): β_{i,i} = σ_i/√(1+σ_i²) and β_{i,j} = β_{i−1,j}/√(1+σ_i²) for i ≥ 2
    public void Post_ln_matrix_matches_closed_form()
    {
        var p = Predict(LayerNormPlacement.PostLN, 3);
        var m = ResidualDependency.Matrix(p);
        for (int i = 2; i <= 6; i++)
        {
            double s2 = p.Stream[i].BlockVariance;
            Approx.Relative(Math.Sqrt(s2 / (1 + s2)), m[i, i], 1e-12);
            for (int j = 0; j < i; j++) Approx.Relative(m[i - 1, j] / Math.Sqrt(1 + s2), m[i, j], 1e-12);
        }
        var diagonal = ResidualDependency.DiagonalSquares(p);
        for (int i = 1; i <= 6; i++) Approx.Relative(m[i, i] * m[i, i], diagonal[i], 1e-12);
    }

    [Fact] // ADMIN.md §3.3: Σβ_{i,i}² is O(N) for Post-LN and O(log N) for Pre-LN and Admin
    public void Output_change_scales_linearly_for_post_ln_and_logarithmically_for_pre_ln()
    {
        double Final(LayerNormPlacement placement, int layers, IInitScheme? scheme = null) => ResidualDependency.OutputChange(Predict(placement, layers, scheme))[^1];
        double post = Final(LayerNormPlacement.PostLN, 96) / Final(LayerNormPlacement.PostLN, 48);
        Assert.InRange(post, 1.9, 2.1);
        double preIncrement = Final(LayerNormPlacement.PreLN, 96) - Final(LayerNormPlacement.PreLN, 48);
        Assert.InRange(preIncrement, 0.5, 0.9); // ≈ ln 2 for equal branch variances
        double adminIncrement = Final(LayerNormPlacement.PostLN, 96, new AdminScheme()) - Final(LayerNormPlacement.PostLN, 48, new AdminScheme());
        Assert.InRange(adminIncrement, 0.35, 0.9); // ≈ ln 2 less the share of the large fairseq embedding variance v₀
    }
}
