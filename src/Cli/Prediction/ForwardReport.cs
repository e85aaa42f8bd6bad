using SignalProp.Theory;

namespace SignalProp.Cli.Prediction;

/// <summary>Forward moments as printed by <c>--json</c>: mean, variance, correlation, covariance (C = rσ²).</summary>
/// <param name="Mean">μ.</param>
/// <param name="Variance">σ² (+∞ when the prediction overflowed).</param>
/// <param name="Correlation">r, the token–token correlation.</param>
/// <param name="Covariance">C = rσ², with 0·∞ = 0.</param>
public sealed record ForwardReport(double Mean, double Variance, double Correlation, double Covariance)
{
    /// <summary>An alternative (approximate) variance, e.g. softmax's large-L form; omitted from JSON when null.</summary>
    public double? VarianceApprox { get; init; }

    /// <summary>The report of <paramref name="moments"/>.</summary>
    public static ForwardReport From(ForwardMoments moments)
        => new(moments.Mean, moments.Variance, moments.Correlation, MomentMath.Product(moments.Correlation, moments.Variance));
}
