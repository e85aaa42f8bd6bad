namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// The uniform grid in ln v shared by the softmax tables (<see cref="SoftmaxRowTable"/>, <see cref="SoftmaxPairFunctionals"/>):
/// v ∈ [1e-6, 256], step 0.1 in ln v (195 nodes), up to the largest variance the quadrature resolves
/// (<see cref="SoftmaxRowFunctionals.MaximumVariance"/>), so that saturated attention (Xavier-sized or larger Q/K deep in
/// a model) costs a table lookup, not a direct quadrature. Interpolation is 6-point Lagrange (quintic) in ln v, the stencil shifted
/// inwards at the ends; with that step the row functionals are reproduced to ≤ 3e-7 (m₂) and ≤ 7e-6 (others)
/// relative — measured with the reference (L ∈ {2, 1000}) before choosing: cubic needed step 0.05, twice the build cost.
/// </summary>
internal static class LogVarianceGrid
{
    /// <summary>Lowest tabulated variance; below it the tables interpolate linearly in v towards the exact v = 0 row.</summary>
    public const double MinimumVariance = 1e-6;

    /// <summary>Highest tabulated variance; above it the functionals are clamped to it, as <see cref="SoftmaxRowFunctionals.Compute"/> does.</summary>
    public const double MaximumVariance = SoftmaxRowFunctionals.MaximumVariance;

    /// <summary>Step in ln v.</summary>
    public const double Step = 0.1;

    /// <summary>Points of the interpolation stencil.</summary>
    public const int Points = 6;

    /// <summary>ln of <see cref="MinimumVariance"/>.</summary>
    public static readonly double LogMinimum = Math.Log(MinimumVariance);

    /// <summary>Number of nodes.</summary>
    public static readonly int Count = (int)Math.Floor((Math.Log(MaximumVariance) - Math.Log(MinimumVariance)) / Step + 1e-9) + 1;

    /// <summary>The variance at node i (the last node is at or just below <see cref="MaximumVariance"/>, never above: the
    /// quadrature clamps v there, and a clamped node would bend the interpolant).</summary>
    public static double Variance(int i) => Math.Exp(LogMinimum + i * Step);

    /// <summary>Stencil start and the six Lagrange weights for ln v (v inside the grid).</summary>
    public static int Stencil(double v, Span<double> weights)
    {
        double x = (Math.Log(v) - LogMinimum) / Step;
        int j = (int)Math.Floor(x);
        int start = Math.Clamp(j - 2, 0, Count - Points);
        double t = x - start; // position relative to the stencil's first node, in [0, 5]
        double d0 = t, d1 = t - 1, d2 = t - 2, d3 = t - 3, d4 = t - 4, d5 = t - 5;
        // Lagrange basis on the nodes 0..5: ℓ_m(t) = Π_{q≠m}(t − q)/(m − q); denominators ±120, ±24, ±12.
        weights[0] = -d1 * d2 * d3 * d4 * d5 / 120;
        weights[1] = d0 * d2 * d3 * d4 * d5 / 24;
        weights[2] = -d0 * d1 * d3 * d4 * d5 / 12;
        weights[3] = d0 * d1 * d2 * d4 * d5 / 12;
        weights[4] = -d0 * d1 * d2 * d3 * d5 / 24;
        weights[5] = d0 * d1 * d2 * d3 * d4 / 120;
        return start;
    }
}
