using SignalProp.Theory;

namespace SignalProp.Cli.Prediction;

/// <summary>Gradient moments as printed by <c>--json</c>: variance, correlation, covariance (C_g = r_g σ_g²).</summary>
/// <param name="Variance">σ_g² (+∞ when the prediction overflowed).</param>
/// <param name="Correlation">r_g.</param>
/// <param name="Covariance">C_g = r_g σ_g², with 0·∞ = 0.</param>
public sealed record GradientReport(double Variance, double Correlation, double Covariance)
{
    /// <summary>An alternative (approximate) gradient variance, e.g. softmax's large-L form; omitted from JSON when null.</summary>
    public double? VarianceApprox { get; init; }

    /// <summary>The report of <paramref name="moments"/>.</summary>
    public static GradientReport From(GradientMoments moments)
        => new(moments.Variance, moments.Correlation, MomentMath.Product(moments.Correlation, moments.Variance));
}
