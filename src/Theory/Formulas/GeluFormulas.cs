namespace SignalProp.Theory.Formulas;

/// <summary>
/// Closed-form moments of the exact GeLU y = x·Φ(x) for zero-mean Gaussian input with variance σ² and token
/// correlation r; a = σ²/(1+σ²). Source: THEORY.md §2.4, the authors' <c>simulations/gelu.py</c>.
/// For a non-zero input mean use <see cref="GaussianExpectation"/> through <see cref="Components.Activation"/>.
/// </summary>
public static class GeluFormulas
{
    private const double TwoPi = 2.0 * Math.PI;

    /// <summary>μ_out = σ²/√(2π(1+σ²)).</summary>
    public static double Mean(double variance) => variance / Math.Sqrt(TwoPi * (1 + variance));

    /// <summary>E[y²] = σ²/4 + σ²/(2π)·[arcsin(a) + 2σ²/((1+σ²)√(1+2σ²))].</summary>
    public static double SecondMoment(double variance)
    {
        double s2 = variance, a = s2 / (1 + s2);
        return s2 / 4 + s2 / TwoPi * (Math.Asin(a) + 2 * s2 / ((1 + s2) * Math.Sqrt(1 + 2 * s2)));
    }

    /// <summary>
    /// E[y_i y_j] = (σ²/4)·[ r + (2r/π)·arcsin(r a) + (2σ²/π)·(σ²(1−r²) + 1 + r²)/((1+σ²)·√((1+σ²)² − r²σ⁴)) ].
    /// </summary>
    public static double CrossMoment(double variance, double correlation)
    {
        double s2 = variance, r = correlation, a = s2 / (1 + s2);
        double root = Math.Sqrt((1 + s2) * (1 + s2) - r * r * s2 * s2);
        return s2 / 4 * (r + 2 * r / Math.PI * Math.Asin(r * a)
                         + 2 * s2 / Math.PI * (s2 * (1 - r * r) + 1 + r * r) / ((1 + s2) * root));
    }

    /// <summary>Forward: μ_out, σ²_out = E[y²] − μ_out², C_out = E[y_i y_j] − μ_out².</summary>
    public static ForwardMoments Forward(double variance, double correlation)
    {
        double mean = Mean(variance);
        double outVariance = Math.Max(0.0, SecondMoment(variance) - mean * mean);
        double covariance = CrossMoment(variance, correlation) - mean * mean;
        return ForwardMoments.FromCovariance(mean, outVariance, covariance, isGaussian: false);
    }

    /// <summary>E[GeLU'(x)²] = 1/2 + (1/(2π))·(−arccos(a) + a(5σ²+3)/(1+2σ²)^{3/2}).</summary>
    public static double DerivativeSecondMoment(double variance)
    {
        double s2 = variance, a = s2 / (1 + s2);
        return 0.5 + (-Math.Acos(a) + a * (5 * s2 + 3) / Math.Pow(1 + 2 * s2, 1.5)) / TwoPi;
    }

    /// <summary>
    /// E[GeLU'(x_i) GeLU'(x_j)] = 1/2 + (1/(2π))·(−arccos(r a) + r a((σ²+1)(2σ²+3) − 2r²σ⁴)/((σ²+1)² − r²σ⁴)^{3/2}).
    /// </summary>
    public static double DerivativeCrossMoment(double variance, double correlation)
    {
        double s2 = variance, r = correlation, a = s2 / (1 + s2);
        double denominator = Math.Pow((s2 + 1) * (s2 + 1) - r * r * s2 * s2, 1.5);
        return 0.5 + (-Math.Acos(r * a) + r * a * ((s2 + 1) * (2 * s2 + 3) - 2 * r * r * s2 * s2) / denominator) / TwoPi;
    }

    /// <summary>
    /// Backward (gradient independent of x): σ²_{g,in} = σ²_g·E[GeLU'(x)²], C_{g,in} = r_g σ²_g·E[GeLU'(x_i)GeLU'(x_j)].
    /// </summary>
    public static GradientMoments Backward(double inputVariance, double inputCorrelation, GradientMoments g)
    {
        double variance = g.Variance * DerivativeSecondMoment(inputVariance);
        double covariance = g.TokenCovariance * DerivativeCrossMoment(inputVariance, inputCorrelation);
        return GradientMoments.FromCovariance(variance, covariance);
    }
}
