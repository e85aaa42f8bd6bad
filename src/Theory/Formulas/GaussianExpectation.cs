using MathNet.Numerics.Integration;

namespace SignalProp.Theory.Formulas;

/// <summary>
/// Gaussian expectations by composite Gauss–Legendre quadrature: the deterministic second oracle for every
/// elementwise formula, and the run-time engine for activations without a closed form (SiLU, tanh, user functions,
/// ReLU/GeLU with non-zero mean).
/// </summary>
/// <remarks>
/// The standard-normal variable is integrated over [−12, 12] (the neglected tail mass is below 4·10⁻³³), cut into
/// panels of width ≤ 1 and additionally at the function's kinks, each panel with a 20-point Gauss–Legendre rule
/// (MathNet <see cref="GaussLegendreRule"/>). On each panel the integrand is analytic, so the rule converges
/// geometrically; against the ReLU and GeLU closed forms the agreement is better than 10⁻¹².
/// The two-point expectation uses x_i = μ + σz₁, x_j = μ + σ(r z₁ + √(1−r²) z₂) and splits the inner integral at
/// the kinks of g seen as lines in the (z₁, z₂) plane.
/// </remarks>
public static class GaussianExpectation
{
    private const double Limit = 12.0;
    private const int PointsPerPanel = 20;
    private static readonly double[] UnitNodes;
    private static readonly double[] UnitWeights;
    private static readonly double InverseSqrtTwoPi = 1.0 / Math.Sqrt(2 * Math.PI);

    static GaussianExpectation()
    {
        var rule = new GaussLegendreRule(-1.0, 1.0, PointsPerPanel);
        UnitNodes = rule.Abscissas;
        UnitWeights = rule.Weights;
    }

    /// <summary>E[f(x)] for x ~ N(μ, σ²).</summary>
    /// <param name="f">The integrand.</param>
    /// <param name="mean">μ.</param>
    /// <param name="std">σ ≥ 0.</param>
    /// <param name="kinks">Points (in x) where f is not smooth; the quadrature splits there.</param>
    public static double Of(Func<double, double> f, double mean, double std, IReadOnlyList<double>? kinks = null)
    {
        if (std == 0) return f(mean);
        double sum = 0;
        foreach (var (a, b) in Panels(StandardBreaks(kinks, mean, std)))
            sum += Panel(a, b, z => f(mean + std * z) * Density(z));
        return sum;
    }

    /// <summary>
    /// E[f(x_i) g(x_j)] for jointly Gaussian (x_i, x_j) with common mean μ, common variance σ² and correlation r.
    /// </summary>
    public static double Joint(Func<double, double> f, Func<double, double> g, double mean, double std, double correlation,
        IReadOnlyList<double>? kinksOfF = null, IReadOnlyList<double>? kinksOfG = null)
    {
        if (std == 0) return f(mean) * g(mean);
        double r = correlation;
        if (r >= 1 - 1e-15) return Of(x => f(x) * g(x), mean, std, Merge(kinksOfF, kinksOfG));
        if (r <= -1 + 1e-15)
            return Of(x => f(x) * g(2 * mean - x), mean, std, Merge(kinksOfF, kinksOfG?.Select(k => 2 * mean - k).ToList()));
        double s = Math.Sqrt(1 - r * r);
        var outerBreaks = StandardBreaks(kinksOfF, mean, std);
        double sum = 0;
        foreach (var (a, b) in Panels(outerBreaks))
        {
            sum += Panel(a, b, z1 =>
            {
                // Kinks of g at x_j = t are the points z₂ = ((t−μ)/σ − r z₁)/s of the inner variable.
                double[]? inner = kinksOfG is null ? null : kinksOfG.Select(t => ((t - mean) / std - r * z1) / s).ToArray();
                double innerSum = 0;
                foreach (var (c, d) in Panels(StandardBreaks(inner)))
                    innerSum += Panel(c, d, z2 => g(mean + std * (r * z1 + s * z2)) * Density(z2));
                return f(mean + std * z1) * Density(z1) * innerSum;
            });
        }
        return sum;
    }

    private static double Density(double z) => InverseSqrtTwoPi * Math.Exp(-0.5 * z * z);

    private static double Panel(double a, double b, Func<double, double> integrand)
    {
        double half = 0.5 * (b - a), middle = 0.5 * (a + b), sum = 0;
        for (int i = 0; i < PointsPerPanel; i++) sum += UnitWeights[i] * integrand(middle + half * UnitNodes[i]);
        return half * sum;
    }

    private static List<double> StandardBreaks(IReadOnlyList<double>? kinks, double mean, double std)
        => StandardBreaks(kinks?.Select(k => (k - mean) / std).ToArray());

    private static List<double> StandardBreaks(IReadOnlyList<double>? standardKinks)
    {
        var breaks = new List<double> { -Limit, Limit };
        if (standardKinks is not null)
            foreach (var k in standardKinks)
                if (k > -Limit && k < Limit) breaks.Add(k);
        breaks.Sort();
        return breaks;
    }

    private static IEnumerable<(double, double)> Panels(List<double> breaks)
    {
        for (int i = 0; i + 1 < breaks.Count; i++)
        {
            double a = breaks[i], b = breaks[i + 1];
            if (b <= a) continue;
            int pieces = Math.Max(1, (int)Math.Ceiling(b - a));
            double width = (b - a) / pieces;
            for (int k = 0; k < pieces; k++) yield return (a + k * width, k == pieces - 1 ? b : a + (k + 1) * width);
        }
    }

    private static IReadOnlyList<double>? Merge(IReadOnlyList<double>? a, IReadOnlyList<double>? b)
        => a is null ? b : b is null ? a : [.. a, .. b];
}
