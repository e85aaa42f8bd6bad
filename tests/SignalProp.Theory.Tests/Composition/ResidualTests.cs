using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Composition;

public class ResidualTests
{
    /// <summary>A branch with fixed output moments and backward gain, as in THEORY.md §7's residual vector.</summary>
    private sealed record FixedBranch(ForwardMoments Output, double Gain) : IComponent
    {
        public ForwardMoments Forward(ForwardMoments input) => Output;
        public GradientMoments Backward(ForwardMoments input, GradientMoments g) => g.Scale(Gain);
    }

    [Fact] // THEORY.md §7: Residual σ_x²=1, r_x=0.3, σ_f²=1, r_f=0.9, λ²=0.95, β²=0.05 → σ²=1.0, r=0.33
    public void Forward_matches_reference_vector()
    {
        var residual = new Residual(new FixedBranch(new ForwardMoments(0, 1, 0.9), 1), Math.Sqrt(0.95), Math.Sqrt(0.05));
        var y = residual.Forward(new ForwardMoments(0, 1, 0.3));
        Approx.Relative(1.0, y.Variance, 1e-14);
        Approx.Relative(0.33, y.Correlation, 1e-13);
    }

    [Fact] // THEORY.md §2.12 backward: σ²_{g,x} = λ²σ²_g + β²G_fσ²_g; C = λ²r_gσ²_g + β²C_via_f
    public void Backward_follows_the_printed_law()
    {
        var branch = new Linear(16, 16, 0.4); // G_f = 16·0.16 = 2.56, r_g kept
        var residual = new Residual(branch, 0.6, 0.8);
        var g = residual.Backward(new ForwardMoments(0, 1, 0.1), new GradientMoments(2, 0.5));
        Approx.Relative(0.36 * 2 + 0.64 * 2.56 * 2, g.Variance, 1e-14);
        Approx.Relative(0.36 * 0.5 * 2 + 0.64 * 2.56 * 0.5 * 2, g.TokenCovariance, 1e-14);
    }

    [Fact] // identity cases: β = 0 gives λ·x; λ = 0 gives β·f(x)
    public void Identity_cases()
    {
        var x = new ForwardMoments(0.5, 2, 0.3);
        var branch = new Linear(8, 8, 0.3);
        var noBranch = new Residual(branch, 2.0, 0.0).Forward(x);
        Approx.Relative(4 * 2, noBranch.Variance, 1e-15);
        Assert.Equal(1.0, noBranch.Mean);
        Approx.Relative(0.3, noBranch.Correlation, 1e-14);
        Assert.Equal(new GradientMoments(4, 0.25), new Residual(branch, 2.0, 0.0).Backward(x, new GradientMoments(1, 0.25)));
        var noSkip = new Residual(branch, 0.0, 1.0);
        Assert.Equal(branch.Forward(x).Variance, noSkip.Forward(x).Variance, 14);
        Assert.Equal(branch.Backward(x, GradientMoments.Unit), noSkip.Backward(x, GradientMoments.Unit));
    }

    [Fact] // DSLM: λ² + β² = 1 with unit-variance stream and branch keeps the variance at 1 (THEORY.md §3.3)
    public void Dslm_scaling_conserves_unit_variance()
    {
        var residual = new Residual(new FixedBranch(new ForwardMoments(0, 1, 0.9), 1), Math.Sqrt(0.995), Math.Sqrt(0.005));
        Assert.Equal(1.0, residual.Forward(new ForwardMoments(0, 1, 0.2)).Variance, 14);
    }
}
