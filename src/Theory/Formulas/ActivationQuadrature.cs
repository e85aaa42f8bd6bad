namespace SignalProp.Theory.Formulas;

/// <summary>
/// Moments through any elementwise activation by Gaussian quadrature (<see cref="GaussianExpectation"/>), for any
/// input mean: μ_out = E[f(x)], σ²_out = E[f(x)²] − μ_out², C_out = E[f(x_i) f(x_j)] − μ_out²; backward (gradient
/// independent of x) σ²_{g,in} = σ²_g E[f'(x)²], C_{g,in} = C_g E[f'(x_i) f'(x_j)]. These are the definitions the
/// closed forms of THEORY.md §2.3–2.4 evaluate; [DERIVED] for non-zero mean and other activations.
/// </summary>
public static class ActivationQuadrature
{
    /// <summary>Forward moments of f(x) for Gaussian x with the given moments.</summary>
    public static ForwardMoments Forward(ElementwiseFunction f, ForwardMoments x)
    {
        double std = Math.Sqrt(x.Variance);
        double mean = GaussianExpectation.Of(f.Value, x.Mean, std, f.Kinks);
        double second = GaussianExpectation.Of(t => { double y = f.Value(t); return y * y; }, x.Mean, std, f.Kinks);
        double cross = GaussianExpectation.Joint(f.Value, f.Value, x.Mean, std, x.Correlation, f.Kinks, f.Kinks);
        double variance = Math.Max(0.0, second - mean * mean);
        return ForwardMoments.FromCovariance(mean, variance, cross - mean * mean, isGaussian: false);
    }

    /// <summary>Backward moments through f for Gaussian forward input x.</summary>
    public static GradientMoments Backward(ElementwiseFunction f, ForwardMoments x, GradientMoments g)
    {
        double std = Math.Sqrt(x.Variance);
        double second = GaussianExpectation.Of(t => { double d = f.Slope(t); return d * d; }, x.Mean, std, f.Kinks);
        double cross = g.Correlation == 0 ? 0.0
            : GaussianExpectation.Joint(f.Slope, f.Slope, x.Mean, std, x.Correlation, f.Kinks, f.Kinks);
        return GradientMoments.FromCovariance(g.Variance * second, g.TokenCovariance * cross);
    }
}
