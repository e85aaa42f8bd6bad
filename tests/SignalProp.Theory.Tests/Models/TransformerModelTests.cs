using SignalProp.Theory.Components;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using SignalProp.Theory.Tests.Support;
using SignalProp.Theory.Tracing;

namespace SignalProp.Theory.Tests.Models;

public class TransformerModelTests
{
    // The reference tables of THEORY.md §7 are the authors' formulas.
    private static readonly TransformerConfig PaperXavier = (TransformerConfig.Paper() with { InputCorrelation = DslmScheme.AuthorsInputCorrelation }).AsAuthors();

    [Theory] // THEORY.md §7: Xavier Pre-LN recurrence (d=1024, h=16, L=256, N=192, p=p_a=0.1, σ²₀ = 3/(1024·0.9), r₀ = 0.221·0.9)
    [InlineData(1, 0.90, 0.684)] [InlineData(2, 2.70, 0.806)] [InlineData(3, 4.74, 0.837)] [InlineData(6, 11.13, 0.862)]
    [InlineData(11, 21.98, 0.872)] [InlineData(51, 109.72, 0.881)] [InlineData(101, 219.76, 0.883)]
    [InlineData(151, 329.89, 0.883)] [InlineData(192, 420.23, 0.884)]
    public void Xavier_pre_ln_recurrence_matches_reference_table(int layer, double variance, double correlation)
    {
        var prediction = TransformerModel.Predict(PaperXavier, new XavierScheme().Initialize(PaperXavier));
        var row = prediction.Stream[2 * layer];
        Approx.Absolute(variance, row.ForwardVariance, 0.005 + 1e-12, $"variance after layer {layer}");
        Approx.Absolute(correlation, row.ForwardCorrelation, 0.0005 + 1e-12, $"r after layer {layer}");
    }

    [Fact]
    public void Embedding_row_and_shape()
    {
        var prediction = TransformerModel.Predict(PaperXavier, new XavierScheme().Initialize(PaperXavier));
        Assert.Equal(2 * 192 + 1, prediction.Stream.Count);
        Approx.Relative(3 / (1024 * 0.9), prediction.Bottom.ForwardVariance, 1e-14);
        Approx.Relative(0.221 * 0.9, prediction.Bottom.ForwardCorrelation, 1e-13);
        Assert.Equal(SubLayerKind.Embedding, prediction.Bottom.Kind);
        Assert.Equal(SubLayerKind.Attention, prediction.Stream[1].Kind);
        Assert.Equal(SubLayerKind.FeedForward, prediction.Stream[2].Kind);
        Assert.Equal(191, prediction.Top.Layer);
        Assert.Equal(1.0, prediction.Top.GradientVariance);
    }

    [Theory] // the recurrence and the component tree are the same model: tracing the tree gives the same stream moments. With
             // closed formulas the recurrence keeps each attention's statistics from its forward sweep for its backward sweep,
             // while the tree's backward recomputes them from the recorded input.
    [InlineData(AttentionBackward.Value)]
    [InlineData(AttentionBackward.Full)]
    [InlineData(AttentionBackward.Closed)]
    public void Predict_agrees_with_tracing_the_component_tree(AttentionBackward formula)
    {
        foreach (var placement in new[] { LayerNormPlacement.PreLN, LayerNormPlacement.PostLN })
        {
            var config = new TransformerConfig
            {
                Layers = 3, DModel = 64, Heads = 4, SeqLen = 32, Placement = placement, AttentionBackward = formula,
                OutputGradient = new GradientMoments(1.0, 0.3), // r_g > 0: the gradient-correlation terms are exercised too
            };
            var model = new TransformerModel(config, new XavierScheme().Initialize(config));
            var prediction = model.Predict();
            var trace = Propagation.Trace(model.ToComponent(), default, config.OutputGradient);
            for (int l = 0; l < 3; l++)
            {
                var attn = trace.Single(t => t.Path == $"layers/[{l}]/attn");
                var ffn = trace.Single(t => t.Path == $"layers/[{l}]/ffn");
                Approx.Relative(prediction.Stream[2 * l + 1].ForwardVariance, attn.Output.Variance, 1e-13);
                Approx.Relative(prediction.Stream[2 * l + 2].ForwardVariance, ffn.Output.Variance, 1e-13);
                Approx.Relative(prediction.Stream[2 * l].GradientVariance, attn.InputGradient.Variance, 1e-13);
                Approx.Relative(prediction.Stream[2 * l + 1].GradientCorrelation, ffn.InputGradient.Correlation, 1e-12);
            }
        }
    }

    [Fact] // Predict reuses pooled scratch arrays: interleaving models of other sizes and placements must not change a result
    public void Predict_is_repeatable_when_models_are_interleaved()
    {
        var config = new TransformerConfig { Layers = 5, DModel = 64, Heads = 4, SeqLen = 32, Placement = LayerNormPlacement.PostLN };
        var model = new TransformerModel(config, new DslmScheme().Initialize(config));
        var first = model.Predict().Stream;
        foreach (var other in new[] { config with { Layers = 40, Placement = LayerNormPlacement.PreLN }, config with { Layers = 2 } })
            TransformerModel.Predict(other, new XavierScheme().Initialize(other));
        var again = model.Predict().Stream;
        Assert.Equal(first.Count, again.Count);
        for (int k = 0; k < first.Count; k++)
            Assert.Equal(first[k], again[k]); // records: every field bit for bit (NaN gain at k = 0 included)
    }

    [Fact] // Layers share a body only when that body's σ's repeat; every layer's bodies carry that layer's σ's.
    public void Bodies_are_shared_only_between_layers_with_the_same_sigmas()
    {
        var config = new TransformerConfig { Layers = 4, DModel = 64, Heads = 4, SeqLen = 32, Placement = LayerNormPlacement.PostLN };
        var dslm = new DslmScheme().Initialize(config);
        // Layer 2 changes only the FFN's σ_2, layer 3 only the residual scales: the attention body is shared by 2 and 3,
        // the FFN body by 0–1 (DSLM keeps its FFN σ's) and by 2–3.
        var layers = dslm.Layers.ToArray();
        layers[2] = layers[1] with { DownStd = 2 * layers[1].DownStd };
        layers[3] = layers[2] with { Attention = new ResidualScales(0.5, 0.5) };
        var init = dslm with { Layers = layers };
        var model = new TransformerModel(config, init);
        for (int l = 0; l < config.Layers; l++)
        {
            var attention = (MultiHeadAttention)model.Body(2 * l + 1);
            var ffn = (FeedForward)model.Body(2 * l + 2);
            Assert.Equal(layers[l].ValueStd, attention.Attention.ValueStd);
            Assert.Equal(layers[l].OutputStd, attention.Output.WeightStd);
            Assert.Equal(layers[l].UpStd, ffn.Up.WeightStd);
            Assert.Equal(layers[l].DownStd, ffn.Down.WeightStd);
        }
        Assert.NotEqual(dslm.Layers[0].ValueStd, dslm.Layers[1].ValueStd); // DSLM's σ_v follows the correlation with depth
        Assert.NotSame(model.Body(1), model.Body(3));
        Assert.Same(model.Body(2), model.Body(4));
        Assert.Same(model.Body(3), model.Body(5));
        Assert.NotSame(model.Body(4), model.Body(6));
        Assert.Same(model.Body(5), model.Body(7));
        Assert.Same(model.Body(6), model.Body(8));
    }

    [Fact] // Post-LN: the stream has unit variance after every sub-layer (THEORY.md §3.2)
    public void Post_ln_stream_is_normalised()
    {
        var config = TransformerConfig.Small(LayerNormPlacement.PostLN);
        var prediction = TransformerModel.Predict(config, new XavierScheme().Initialize(config));
        Assert.All(prediction.SubLayers, r => Assert.Equal(1.0, r.ForwardVariance));
        Assert.All(prediction.SubLayers.Skip(1), r => Assert.True(r.ResidualInputVariance > 1)); // k = 1 adds to the small embedding
    }

    [Fact] // DSLM keeps unit forward variance at every sub-layer, Pre-LN and Post-LN (THEORY.md §3.3): the stream (before any LN)
           // within 1%. FFN blocks are exactly 1; attention blocks only to leading order, because the code's σ_v,o ignore the
           // O(1/L) terms of §2.8 and its recurrence ignores the LN's correlation loss: within 5% in Pre-LN; in Post-LN the
           // (1−1/d)-per-LN drift of r (THEORY.md §3.5) lowers them to ≈ 0.82 at the top, which the stream's λ² = 0.995 absorbs.
    public void Dslm_keeps_unit_variance()
    {
        foreach (var placement in new[] { LayerNormPlacement.PreLN, LayerNormPlacement.PostLN })
        {
            var config = TransformerConfig.Paper(placement) with { InputCorrelation = DslmScheme.AuthorsInputCorrelation };
            var prediction = TransformerModel.Predict(config, new DslmScheme().Initialize(config));
            foreach (var row in prediction.SubLayers)
            {
                Approx.Relative(1.0, row.ResidualInputVariance, 0.01, what: $"stream variance k={row.SubLayer}");
                if (row.Kind == SubLayerKind.FeedForward) Approx.Relative(1.0, row.BlockVariance, 1e-12, what: $"FFN block k={row.SubLayer}");
                else if (placement == LayerNormPlacement.PreLN) Approx.Relative(1.0, row.BlockVariance, 0.05, what: $"attention block k={row.SubLayer}");
                else Assert.InRange(row.BlockVariance, 0.8, 1.05);
            }
        }
    }

    [Fact] // S² = d²σ_x⁴σ_q²σ_k²: Xavier at d = 1024, h = 16 gives dσ_q² = 2d/(d+d_h) ≈ 1.88, S² ≈ 3.5; DSLM S² = 1 (THEORY.md §2.8)
    public void Score_variance_and_instability_flag()
    {
        var xavier = TransformerModel.Predict(PaperXavier, new XavierScheme().Initialize(PaperXavier));
        Approx.Relative(Math.Pow(2048.0 / 1088, 2), xavier.Stream[1].ScoreVariance, 1e-13);
        Assert.Equal(0.0, xavier.Stream[2].ScoreVariance);
        var dslm = TransformerModel.Predict(PaperXavier, new DslmScheme().Initialize(PaperXavier));
        Approx.Relative(1.0, dslm.Stream[1].ScoreVariance, 1e-13);
        Assert.DoesNotContain(dslm.Stream, r => r.ScoreInstability);

        var hot = PaperXavier with { Layers = 2 };
        var init = new XavierScheme().Initialize(hot).WithOverrides(new InitializationOverrides { QueryStd = 0.2, KeyStd = 0.2 });
        var unstable = TransformerModel.Predict(hot, init);
        Assert.True(unstable.Stream[1].ScoreInstability);
        Assert.Contains(unstable.Warnings, w => w.Contains("instability from sub-layer 1"));
    }

    [Fact] // the issue: overflow is reported as +∞ with a warning, never NaN
    public void Overflow_is_reported_not_nan()
    {
        // The authors' log-normal attention forward overflows as e^{(1−r)S²}; the exact one saturates (next test).
        var config = new TransformerConfig { Layers = 3, DModel = 64, Heads = 4, SeqLen = 32, Placement = LayerNormPlacement.PostLN, AttentionBackward = AttentionBackward.Value };
        var init = new XavierScheme().Initialize(config).WithOverrides(new InitializationOverrides { QueryStd = 3, KeyStd = 3 });
        var prediction = TransformerModel.Predict(config, init);
        Assert.All(prediction.Stream, r => Assert.False(double.IsNaN(r.ForwardVariance) || double.IsNaN(r.GradientVariance) || double.IsNaN(r.ForwardCorrelation)));
        Assert.Contains(prediction.Warnings, w => w.Contains("+∞"));
    }

    [Fact] // exact softmax statistics saturate (one-hot rows) instead of overflowing: finite moments, no NaN
    public void Full_attention_saturates_where_the_authors_formula_overflows()
    {
        var config = new TransformerConfig { Layers = 3, DModel = 64, Heads = 4, SeqLen = 32, Placement = LayerNormPlacement.PostLN };
        var init = new XavierScheme().Initialize(config).WithOverrides(new InitializationOverrides { QueryStd = 3, KeyStd = 3 });
        var prediction = TransformerModel.Predict(config, init);
        Assert.All(prediction.Stream, r => Assert.True(double.IsFinite(r.ForwardVariance) && double.IsFinite(r.GradientVariance) && double.IsFinite(r.ForwardCorrelation)));
        Assert.True(prediction.Stream[1].ScoreInstability);
    }

    [Fact]
    public void Bad_configuration_is_rejected_with_the_option_name()
    {
        Assert.Contains("heads = 5", Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerConfig { Heads = 5 }.EnsureValid()).Message);
        Assert.Contains("layers = 0", Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerConfig { Layers = 0 }).Message);
        Assert.Contains("dropout = 1", Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerConfig { Dropout = 1 }).Message);
        var config = new TransformerConfig { Layers = 2 };
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerModel(config, new XavierScheme().Initialize(config with { Layers = 3 })));
        var bad = new XavierScheme().Initialize(config).WithOverrides(new InitializationOverrides { ValueStd = -1 });
        Assert.Contains("v-std", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new TransformerModel(config, bad)).Message);
    }

    [Fact] // an explicit input correlation and variance replace the Zipf estimate and the tables' variance
    public void Explicit_input_moments()
    {
        var config = new TransformerConfig { Layers = 1, DModel = 64, Heads = 4, InputCorrelation = 0.4, InputVariance = 2.0, Dropout = 0.2 };
        var bottom = TransformerModel.Predict(config, new XavierScheme().Initialize(config)).Bottom;
        Approx.Relative(2.0 / 0.8, bottom.ForwardVariance, 1e-13);
        Approx.Relative(0.4 * 0.8, bottom.ForwardCorrelation, 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => TransformerModel.Predict(config with { InputCorrelation = 0.01 }, new XavierScheme().Initialize(config)));
    }
}
