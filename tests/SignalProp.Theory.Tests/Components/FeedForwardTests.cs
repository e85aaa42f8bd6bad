using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Components;

public class FeedForwardTests
{
    private static readonly double Sigma = Math.Sqrt(2.0 / (5 * 256));

    private static Sequential PreLnBody(Activation act) => new(
        ("ln", new LayerNorm(256, LayerNormCorrelation.Authors)), ("ffn", new FeedForward(256, 1024, act, Sigma, Sigma, 0.1)));

    [Fact] // THEORY.md §7: FFN block (Pre-LN) fwd σ_x²=3, r=0.3, d=256, d_ff=1024, σ_1²=σ_2²=2/(5·256), p=0.1 → σ²=0.355556, r=0.43384 (pre-act r 0.298828, var 0.4)
    public void Pre_ln_block_forward_matches_reference_vector()
    {
        var body = PreLnBody(Activation.Relu);
        var y = body.Forward(new ForwardMoments(0, 3, 0.3));
        Approx.Printed(0.355556, y.Variance, 6);
        Approx.Printed(0.43384, y.Correlation, 5);
        var preActivation = new Sequential(("ln", new LayerNorm(256, LayerNormCorrelation.Authors)), ("up", new Linear(256, 1024, Sigma))).Forward(new ForwardMoments(0, 3, 0.3));
        Approx.Printed(0.298828, preActivation.Correlation, 6);
        Approx.Relative(0.4, preActivation.Variance, 1e-14);
    }

    [Fact] // THEORY.md §7: its bwd σ_g²=1, r_g=0.2 (includes ÷3) → σ_g²=0.118519, C_g=0.0127274
    public void Pre_ln_block_backward_matches_reference_vector()
    {
        var g = PreLnBody(Activation.Relu).Backward(new ForwardMoments(0, 3, 0.3), new GradientMoments(1, 0.2));
        Approx.Printed(0.118519, g.Variance, 6);
        Approx.Printed(0.0127274, g.TokenCovariance, 6);
    }

    [Fact] // THEORY.md §2.11: r_ffn = (1−p)φ(r), φ(r) = [√(1−r²) + (π − arccos r) r]/π (the DSLM code's ffn_block); gain t = s
    public void Relu_block_follows_the_printed_correlation_map_and_equal_gains()
    {
        foreach (var r in new[] { 0.0, 0.4, 0.9 })
        {
            var ffn = new FeedForward(128, 512, Activation.Relu, 0.05, 0.03, 0.1);
            var x = new ForwardMoments(0, 1, r);
            double phi = (Math.Sqrt(1 - r * r) + (Math.PI - Math.Acos(r)) * r) / Math.PI;
            Approx.Relative(0.9 * phi, ffn.Forward(x).Correlation, 1e-13);
            Approx.Relative(ffn.Forward(x).Variance, ffn.Backward(x, GradientMoments.Unit).Variance, 1e-13, what: "t = s");
        }
    }

    [Fact] // any d_ff: the forward gain is d_ff σ_2² · d σ_1²/2 /(1−p) for ReLU
    public void Any_hidden_width()
    {
        var y = new FeedForward(100, 300, Activation.Relu, 0.1, 0.2, 0.0).Forward(new ForwardMoments(0, 2, 0));
        Approx.Relative(300 * 0.04 * (100 * 0.01 * 2 / 2), y.Variance, 1e-13);
    }

    [Fact] // GeLU substitutes §2.4 for §2.3; checked against the quadrature activation
    public void Gelu_block_matches_quadrature_block()
    {
        var x = new ForwardMoments(0, 1, 0.3);
        var closed = new FeedForward(64, 256, Activation.Gelu, 0.2, 0.1, 0.1);
        var quad = new FeedForward(64, 256, Activation.Gelu with { Method = ActivationMethod.Quadrature }, 0.2, 0.1, 0.1);
        Approx.Relative(quad.Forward(x).Variance, closed.Forward(x).Variance, 1e-9);
        Approx.Relative(quad.Backward(x, new GradientMoments(1, 0.5)).TokenCovariance, closed.Backward(x, new GradientMoments(1, 0.5)).TokenCovariance, 1e-9);
        _ = ElementwiseFunction.Gelu;
    }
}
