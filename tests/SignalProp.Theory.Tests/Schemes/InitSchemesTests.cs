using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Schemes;

public class InitSchemesTests
{
    [Fact]
    public void Every_scheme_is_named_and_initialises_every_layer()
    {
        Assert.Equal(["xavier", "default", "dslm", "admin", "admin-logn", "admin-o1", "deepnorm", "rezero"], InitSchemes.Names);
        foreach (var scheme in InitSchemes.All)
        {
            var config = TransformerConfig.Small(scheme.Name.StartsWith("admin") || scheme.Name == "deepnorm" ? LayerNormPlacement.PostLN : LayerNormPlacement.PreLN);
            var init = scheme.Initialize(config);
            Assert.Equal(config.Layers, init.Layers.Count);
            Assert.Equal(scheme.Name, init.Scheme);
            var prediction = TransformerModel.Predict(config, init);
            Assert.All(prediction.Stream, r => Assert.True(double.IsFinite(r.ForwardVariance) && double.IsFinite(r.GradientVariance), $"{scheme.Name} k={r.SubLayer}"));
        }
    }

    [Fact]
    public void Unknown_scheme_lists_the_valid_names()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => InitSchemes.FromName("fixup"));
        Assert.Contains("init = fixup", e.Message);
        Assert.Contains("dslm", e.Message);
        Assert.Same(InitSchemes.FromName("DSLM"), InitSchemes.FromName("dslm"));
    }

    [Fact] // THEORY.md §4.4 Xavier: Q/K/V √(2/(d+d_h)), O √(1/d), FFN √(2/(5d)) for d_ff = 4d, embeddings √(1/d)
    public void Xavier_values()
    {
        var init = new XavierScheme().Initialize(TransformerConfig.Paper());
        Approx.Relative(Math.Sqrt(2.0 / (1024 + 64)), init.Layers[0].QueryStd, 1e-15);
        Approx.Relative(Math.Sqrt(1.0 / 1024), init.Layers[0].OutputStd, 1e-15);
        Approx.Relative(Math.Sqrt(2.0 / (5 * 1024)), init.Layers[0].UpStd, 1e-15);
        Approx.Relative(Math.Sqrt(1.0 / 1024), init.WordStd, 1e-15);
        Assert.Equal(ResidualScales.Plain, init.Layers[0].Attention);
    }

    [Fact] // DeepNet (encoder-/decoder-only): α⁴ = 2N, β⁴ = 1/(8N); β scales V, O, W_1, W_2 but not Q, K
    public void DeepNorm_values()
    {
        var config = TransformerConfig.Small(LayerNormPlacement.PostLN) with { Layers = 18 };
        var init = new DeepNormScheme().Initialize(config);
        Approx.Relative(36, Math.Pow(init.Layers[0].Attention.Skip, 4), 1e-12);
        double beta = Math.Pow(8 * 18, -0.25), square = Math.Sqrt(1.0 / 256);
        Approx.Relative(square, init.Layers[3].QueryStd, 1e-15);
        Approx.Relative(beta * square, init.Layers[3].ValueStd, 1e-14);
        Approx.Relative(beta * Math.Sqrt(2.0 / (256 + 1024)), init.Layers[3].DownStd, 1e-14);
    }

    [Fact] // ReZero at init: branches off, so the stream is the embedding at every depth and the gradient passes unchanged
    public void ReZero_is_the_identity_at_initialisation()
    {
        var config = TransformerConfig.Small();
        var prediction = TransformerModel.Predict(config, new ReZeroScheme().Initialize(config));
        Assert.All(prediction.Stream, r => Assert.Equal(prediction.Bottom.ForwardVariance, r.ForwardVariance, 15));
        Assert.All(prediction.Stream, r => Assert.Equal(1.0, r.GradientVariance, 15));
    }

    [Fact]
    public void Overrides_apply_to_every_layer()
    {
        var init = new XavierScheme().Initialize(TransformerConfig.Small()).WithOverrides(new InitializationOverrides { Lambda = 0.5, QueryStd = 0.01 });
        Assert.All(init.Layers, l => Assert.Equal((0.5, 0.01, 1.0), (l.FeedForward.Skip, l.QueryStd, l.Attention.Branch)));
    }
}
