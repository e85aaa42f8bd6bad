using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Components;

public class MultiHeadAttentionTests
{
    private static readonly double S = 1 / Math.Sqrt(256);

    // THEORY.md §7's vectors are the authors' formulas: their LN map and their attention (value-path) formulas.
    private static Sequential PreLnBody() => new(
        ("ln", new LayerNorm(256, LayerNormCorrelation.Authors)),
        ("mha", new MultiHeadAttention(256, 4, 128, S, S, S, S, attentionDropout: 0.1, hiddenDropout: 0.1, AttentionBackward.Value)));

    [Fact] // THEORY.md §7: Attn block (Pre-LN) fwd σ_x²=3, r=0.3, d=256, h=4, L=128, all σ²=1/256, p=p_a=0.1 → σ²=0.347932, r=0.874699
    public void Pre_ln_block_forward_matches_reference_vector()
    {
        var y = PreLnBody().Forward(new ForwardMoments(0, 3, 0.3));
        Approx.Printed(0.347932, y.Variance, 6);
        Approx.Printed(0.874699, y.Correlation, 6);
    }

    [Fact] // THEORY.md §7: its bwd σ_g²=1, r_g=0.2 (includes the LN's ÷3) → σ_g²=0.0693609, C_g=0.0690394
    public void Pre_ln_block_backward_matches_reference_vector()
    {
        var g = PreLnBody().Backward(new ForwardMoments(0, 3, 0.3), new GradientMoments(1, 0.2));
        Approx.Printed(0.0693609, g.Variance, 6);
        Approx.Printed(0.0690394, g.TokenCovariance, 6);
    }

    [Fact] // THEORY.md §2.10: σ²_att = dσ_o²·σ²_SHA/(1−p), and the heads' backward equals d_out = d in §2.8
    public void Composition_equals_the_printed_block_formula()
    {
        var x = new ForwardMoments(0, 1, 0.4);
        var mha = new MultiHeadAttention(256, 8, 64, 0.05, 0.07, 0.06, 0.04, 0.2, 0.1, AttentionBackward.Value);
        var sha = new SelfAttention(256, 32, 1, 64, 0.05, 0.07, 0.06, 0.2) { BackwardFormula = AttentionBackward.Value }.Forward(x);
        Approx.Relative(256 * 0.04 * 0.04 * sha.Variance / 0.9, mha.Forward(x).Variance, 1e-13);
        var oneHeadFullWidth = new SelfAttention(256, 256, 1, 64, 0.05, 0.07, 0.06, 0.2) { BackwardFormula = AttentionBackward.Value };
        var g = new GradientMoments(1, 0.3);
        var viaHeads = new Sequential(("heads", oneHeadFullWidth), ("out", new Linear(256, 256, 0.04)), ("dropout", new Dropout(0.1))).Backward(x, g);
        Assert.Equal(viaHeads, mha.Backward(x, g));
    }

    [Fact]
    public void Heads_must_divide_model_width()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MultiHeadAttention(256, 3, 128, S, S, S, S));
        Assert.Contains("heads = 3", e.Message);
        Assert.Contains("divisor of d = 256", e.Message);
    }

    [Theory] // ATTENTION.md §9: with the full formulas, the block is W_O's and dropout's backward around h independent heads of width d_h
    [InlineData(AttentionBackward.Full)]
    [InlineData(AttentionBackward.Closed)]
    public void Full_block_is_h_single_heads_of_width_d_over_h(AttentionBackward formula)
    {
        var x = new ForwardMoments(0, 1, 0.4);
        var g = new GradientMoments(1, 0.3);
        var mha = new MultiHeadAttention(256, 8, 64, 0.05, 0.07, 0.06, 0.04, 0.2, 0.1, formula);
        var head = new SelfAttention(256, 32, 1, 64, 0.05, 0.07, 0.06, 0.2) { BackwardFormula = formula };
        Approx.Relative(256 * 0.04 * 0.04 * head.Forward(x).Variance / 0.9, mha.Forward(x).Variance, 1e-13);
        var atHeads = new Linear(256, 256, 0.04).Backward(default, new Dropout(0.1).Backward(default, g));
        var perHead = head.Backward(x, atHeads);
        var block = mha.Backward(x, g);
        Approx.Relative(8 * perHead.Variance, block.Variance, 1e-13);
        Approx.Relative(8 * perHead.TokenCovariance, block.TokenCovariance, 1e-13);
    }

    [Fact]
    public void Children_have_paths() => Assert.Equal(["heads", "out", "dropout"], new MultiHeadAttention(256, 4, 128, S, S, S, S).Children.Select(c => c.Name));
}
