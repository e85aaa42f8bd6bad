namespace SignalProp.Theory.Formulas;

/// <summary>
/// Closed-form moments of ReLU y = max(0, x) for zero-mean Gaussian input with variance σ² and token
/// correlation r. Source: THEORY.md §2.3, the authors' <c>simulations/relu.py</c> (arc-cosine kernel of order 1).
/// For a non-zero input mean use <see cref="GaussianExpectation"/> through <see cref="Components.Activation"/>.
/// </summary>
public static class ReluFormulas
{
    private const double TwoPi = 2.0 * Math.PI;

    /// <summary>μ_out = σ/√(2π).</summary>
    public static double Mean(double variance) => Math.Sqrt(variance / TwoPi);

    /// <summary>E[y²] = σ²/2.</summary>
    public static double SecondMoment(double variance) => variance / 2.0;

    /// <summary>E[y_i y_j] = σ²/(2π)·(√(1−r²) + (π − arccos r)·r).</summary>
    public static double CrossMoment(double variance, double correlation)
    {
        double r = correlation;
        return variance / TwoPi * (Math.Sqrt(Math.Max(0.0, 1 - r * r)) + (Math.PI - Math.Acos(r)) * r);
    }

    /// <summary>
    /// Forward: μ = σ/√(2π), σ²_out = σ²(π−1)/(2π), C_out = σ²/(2π)·(πr + √(1−r²) − r arccos r − 1).
    /// </summary>
    public static ForwardMoments Forward(double variance, double correlation)
    {
        double mean = Mean(variance);
        double outVariance = variance * (Math.PI - 1) / TwoPi;
        double covariance = CrossMoment(variance, correlation) - mean * mean;
        return ForwardMoments.FromCovariance(mean, outVariance, covariance, isGaussian: false);
    }

    /// <summary>
    /// Backward (gradient independent of x): σ²_{g,in} = σ²_g/2, C_{g,in} = (1/4 + arcsin(r)/(2π))·r_g σ²_g,
    /// so r_{g,in} = (1/2 + arcsin(r)/π)·r_g, with r the forward input correlation.
    /// </summary>
    public static GradientMoments Backward(double inputCorrelation, GradientMoments g)
        => new(g.Variance / 2.0, Math.Clamp((0.5 + Math.Asin(inputCorrelation) / Math.PI) * g.Correlation, -1.0, 1.0));
}
