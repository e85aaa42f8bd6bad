namespace SignalProp.Theory.Schemes;

/// <summary>Options of <see cref="InitSolver"/>.</summary>
public sealed record SolverOptions
{
    /// <summary>
    /// The allowed spread of the gradient variance over the stack: max_k σ²_{g,k} / min_k σ²_{g,k} ≤ band. Range: &gt; 1.
    /// </summary>
    public double GradientBand { get; init => field = value > 1 && double.IsFinite(value) ? value : throw Require.Fail("gradient-band", value, "a finite number > 1"); } = 2.0;

    /// <summary>A fixed β² (λ² = 1 − β²) instead of the largest one that meets the band. Range: (0, 1].</summary>
    public double? BetaSquared { get; init => field = value is double b ? (b > 0 && b <= 1 ? b : throw Require.Fail("beta-squared", b, "in (0, 1]")) : null; }
}
