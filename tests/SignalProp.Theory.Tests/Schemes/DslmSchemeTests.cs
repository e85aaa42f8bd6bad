using SignalProp.Theory.Formulas;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Schemes;

public class DslmSchemeTests
{
    [Fact] // THEORY.md §7: d=256, p=0.1, N=4, β²=0.25 → σ_{v,o} = [0.09115531, 0.07657431, 0.07120707, 0.06844467], r = [0.1989, 0.39942041, 0.53415837, 0.62575472, 0.68855389]
    public void Small_reference_lists()
    {
        var config = new TransformerConfig { Layers = 4, DModel = 256, Heads = 4, InputCorrelation = DslmScheme.AuthorsInputCorrelation };
        var scheme = new DslmScheme { BetaSquared = 0.25 };
        double[] r = [0.1989, 0.39942041, 0.53415837, 0.62575472, 0.68855389];
        double[] vo = [0.09115531, 0.07657431, 0.07120707, 0.06844467];
        var recurrence = scheme.CorrelationRecurrence(config);
        for (int i = 0; i < r.Length; i++) Approx.Relative(r[i], recurrence[i], 1e-7, what: $"r[{i}]");
        var init = scheme.Initialize(config);
        for (int i = 0; i < vo.Length; i++)
        {
            Approx.Relative(vo[i], init.Layers[i].ValueStd, 1e-7, what: $"σ_v[{i}]");
            Assert.Equal(init.Layers[i].ValueStd, init.Layers[i].OutputStd);
        }
        Approx.Relative(Math.Sqrt(0.75), init.Layers[0].Attention.Skip, 1e-15);
    }

    [Fact] // THEORY.md §7: d=1024, p=0.1, N=192, λ²=0.995 → σ_emb = 0.547723, σ_qk = 0.03125, σ_ffn = 0.025595, σ_vo[0] = 0.045578, σ_vo[191] = 0.033788; r 0.1989 → 0.50435 (96) → 0.65972 (192)
    public void Paper_reference_values()
    {
        var config = TransformerConfig.Paper() with { InputCorrelation = DslmScheme.AuthorsInputCorrelation };
        var scheme = new DslmScheme { BetaSquared = 0.005 };
        var init = scheme.Initialize(config);
        Approx.Printed(0.547723, init.WordStd, 6);
        Approx.Printed(0.03125, init.Layers[0].QueryStd, 4);
        Approx.Printed(0.025595, init.Layers[0].UpStd, 5);
        Approx.Printed(0.025595, init.Layers[0].DownStd, 5);
        Approx.Printed(0.045578, init.Layers[0].ValueStd, 5);
        Approx.Printed(0.033788, init.Layers[191].ValueStd, 5);
        var r = scheme.CorrelationRecurrence(config);
        Approx.Printed(0.1989, r[0], 4);
        Approx.Printed(0.50435, r[96], 5);
        Approx.Printed(0.65972, r[192], 5);
    }

    [Fact] // THEORY.md §4.1: the default β² = 1/N reproduces the code's λ² = 0.995 at N = 192 (to its 3 printed decimals)
    public void Default_beta_rule_reproduces_code_default()
    {
        double b2 = new DslmScheme().ResolveBetaSquared(TransformerConfig.Paper());
        Approx.Printed(0.995, 1 - b2, 3);
        Assert.Equal(2.0 / 384, new DslmScheme { Numerator = 2, CountSubLayers = true }.ResolveBetaSquared(TransformerConfig.Paper()), 15);
    }

    [Fact] // THEORY.md §3.3: with the λ/β flag off the recurrence uses λ² = β² = 1 and r reaches ≈ 0.824 at N = 192
    public void Flag_off_recurrence()
    {
        var config = TransformerConfig.Paper() with { InputCorrelation = DslmScheme.AuthorsInputCorrelation };
        Approx.Printed(0.824, new DslmScheme { ScaleResiduals = false }.CorrelationRecurrence(config)[^1], 3);
    }

    [Theory] // the generalisation: every FFN branch has unit output variance for any d_ff and activation
    [InlineData("relu", 1024)] [InlineData("relu", 3000)] [InlineData("gelu", 1024)] [InlineData("silu", 700)]
    public void Feed_forward_branch_has_unit_variance(string activation, int dff)
    {
        var config = new TransformerConfig { Layers = 2, DModel = 256, Heads = 4, DFf = dff, Activation = ElementwiseFunction.FromName(activation) };
        var prediction = TransformerModel.Predict(config, new DslmScheme().Initialize(config));
        foreach (var row in prediction.SubLayers.Where(r => r.Kind == SubLayerKind.FeedForward))
            Approx.Relative(1.0, row.BlockVariance, 1e-12, what: $"FFN block variance at k={row.SubLayer}");
    }
}
