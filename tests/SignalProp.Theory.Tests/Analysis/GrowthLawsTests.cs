using SignalProp.Theory.Formulas;
using SignalProp.Theory.Components;
using SignalProp.Theory.Analysis;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Analysis;

/// <summary>The recurrence follows each law of THEORY.md §3.3 where the law claims to hold.</summary>
public class GrowthLawsTests
{
    private static readonly TransformerConfig Paper = TransformerConfig.Paper() with { InputCorrelation = DslmScheme.AuthorsInputCorrelation };

    [Fact] // Pre-LN forward: σ²_n = σ²_0 + Σ s_k exactly, and ≈ σ²_0 + n·s̄ (linear): the top matches the line through the mean block variance
    public void Pre_ln_forward_growth_is_linear()
    {
        var p = TransformerModel.Predict(Paper, new XavierScheme().Initialize(Paper));
        double cumulative = p.Bottom.ForwardVariance;
        foreach (var row in p.SubLayers)
        {
            cumulative += row.BlockVariance;
            Approx.Relative(cumulative, row.ForwardVariance, 1e-12, what: $"k={row.SubLayer}");
        }
        double meanBlock = p.SubLayers.Skip(20).Average(r => r.BlockVariance);
        for (int n = 100; n <= 384; n += 71)
            Approx.Relative(GrowthLaws.PreLnForwardVariance(p.Bottom.ForwardVariance, meanBlock, n), p.Stream[n].ForwardVariance, 0.03, what: $"n={n}");
    }

    [Fact] // Pre-LN backward: at FFN sub-layers t = s exactly, so σ²_g σ² is conserved across them (the hyperbolic law's step)
    public void Pre_ln_gradient_follows_hyperbolic_law_where_t_equals_s()
    {
        var p = TransformerModel.Predict(Paper, new XavierScheme().Initialize(Paper));
        foreach (var row in p.SubLayers.Where(r => r.Kind == SubLayerKind.FeedForward))
        {
            Approx.Relative(row.BlockVariance, row.BlockGradientGain, 1e-12, what: "t = s");
            var below = p.Stream[row.SubLayer - 1];
            Approx.Relative(GrowthLaws.PreLnGradientVariance(row.GradientVariance, row.ForwardVariance, below.ForwardVariance),
                below.GradientVariance, 1e-12, what: $"k={row.SubLayer}");
        }
    }

    [Fact] // Pre-LN with t = s at every sub-layer (attention's value-path t ≠ s): the whole stack obeys σ²_{g,n} = σ²_{g,N}σ²_N/σ²_n
    public void Hyperbolic_law_holds_for_an_ffn_only_stack()
    {
        // An attention block with σ_v = 0 contributes nothing (s = t = 0), leaving an FFN-only Pre-LN stack.
        var init = new XavierScheme().Initialize(Paper).WithOverrides(new InitializationOverrides { ValueStd = 0.0 });
        var p = TransformerModel.Predict(Paper, init);
        foreach (var row in p.Stream)
            Approx.Relative(GrowthLaws.PreLnGradientVariance(p.Top.GradientVariance, p.Top.ForwardVariance, row.ForwardVariance), row.GradientVariance, 1e-10, what: $"k={row.SubLayer}");
    }

    [Fact] // Post-LN backward: σ²_{g,k−1}/σ²_{g,k} = J_k·K_k·(1 + t_k)/(1 + s_k) at every sub-layer with unit-variance input (k ≥ 2)
    public void Post_ln_gradient_ratio()
    {
        var config = Paper with { Placement = LayerNormPlacement.PostLN };
        var model = new TransformerModel(config, new XavierScheme().Initialize(config));
        var p = model.Predict();
        int topSubLayer = config.SubLayers;
        foreach (var row in p.SubLayers.Skip(1))
        {
            int k = row.SubLayer;
            // λ = β = 1: the LayerNorm's Jensen factor reads the block's variance and correlation; its projection, what the
            // sub-layer above (k + 1) passes down (isotropic at the top), from that sub-layer's rows.
            double jensen = LayerNormFormulas.ResidualJensenFactor(1.0, row.BlockVariance, row.BlockCorrelation, config.DModel,
                SharedNormFluctuation.Of(model.Body(k)));
            double? removed = null;
            if (k < topSubLayer)
            {
                var above = p.Stream[k + 1];
                removed = PostNormProjection.Of(model.Body(k + 1), 1.0, 1.0, new ForwardMoments(0, row.ForwardVariance, row.ForwardCorrelation),
                    new ForwardMoments(0, above.BlockVariance, above.BlockCorrelation), above.GradientCorrelation, above.BlockGradientGain);
            }
            double keep = LayerNormProjectionFormulas.Keep(removed, config.DModel);
            Assert.InRange(jensen, 1.0, 1.02);
            Assert.InRange(keep, 0.99, 1.0);
            Approx.Relative(GrowthLaws.PostLnGradientRatio(row.BlockGradientGain, row.BlockVariance, jensen, keep),
                p.Stream[k - 1].GradientVariance / row.GradientVariance, 1e-12, what: $"k={k}");
        }
        // exponential law: once r and r_g have settled, the per-layer ratio c is constant, so σ²_{g,n} = σ²_{g,m}·c^{m−n}.
        // (Near the top it is not: r_g starts at 0 there, which changes the attention gain t.)
        int top = 170, bottom = 20;
        var ratios = Enumerable.Range(bottom, top - bottom).Select(l => p.Stream[2 * l].GradientVariance / p.Stream[2 * l + 2].GradientVariance).ToArray();
        double c = Math.Exp(ratios.Average(Math.Log));
        Assert.All(ratios, r => Approx.Relative(c, r, 0.02));
        Approx.Relative(GrowthLaws.PostLnGradientVariance(p.Stream[2 * top].GradientVariance, c, top, 95), p.Stream[2 * 95].GradientVariance, 0.05);
    }

    [Fact] // DSLM: σ²_{g,k} = σ²_{g,k+1}(1 + β²(t_k − 1)); the product law matches the recurrence and obeys the bound
    public void Dslm_gradient_product_and_bound()
    {
        var solved = InitSolver.Solve(Paper, new SolverOptions { BetaSquared = 0.005 }); // exactly unit variances, so the law is exact
        var p = solved.Prediction;
        var gains = p.SubLayers.Select(r => r.BlockGradientGain).ToArray();
        double factor = GrowthLaws.DslmGradientFactor(0.005, gains);
        Approx.Relative(factor, p.Bottom.GradientVariance / p.Top.GradientVariance, 1e-9);
        Assert.True(Math.Abs(Math.Log(factor)) <= GrowthLaws.DslmLogGradientBound(0.005, gains));
        // β² ∝ 1/N keeps the change O(1) independently of N (compare N = 48 with N = 384 at β² = 1/N)
        double Spread(int layers)
        {
            var c = Paper with { Layers = layers };
            var pr = InitSolver.Solve(c, new SolverOptions { BetaSquared = 1.0 / layers }).Prediction;
            return Math.Abs(Math.Log(pr.Bottom.GradientVariance / pr.Top.GradientVariance));
        }
        Approx.Relative(Spread(48), Spread(384), 0.15);
    }
}
