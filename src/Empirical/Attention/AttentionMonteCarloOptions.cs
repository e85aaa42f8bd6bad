namespace SignalProp.Empirical.Attention;

/// <summary>
/// Settings of the adaptive attention Monte Carlo (ATTENTION.md §10.1: batches of runs until the relative standard
/// error of gVar is below 0.7 %, cap 40 s or 4096 runs).
/// </summary>
/// <param name="TargetRelativeError">Stop when s.e.(gVar)/gVar is below this (default 0.007).</param>
/// <param name="MaxRuns">Stop after this many runs (default 4096).</param>
/// <param name="MaxSeconds">Stop after the batch during which this much wall time passed (default 40).</param>
/// <param name="BatchRuns">Runs per adaptive batch, or null for the reference's choice: 32 for multi-head, 64 for
/// L ≥ 300 (grid a), 256 otherwise (grid b).</param>
/// <param name="OrthogonalValue">Draw W_V as a scaled Haar semi-orthogonal matrix (same second moments as i.i.d.
/// N(0, σ_v²), lower variance; unbiased because g and Y are linear in W_V, which is independent of the rest).</param>
/// <param name="FixedNormSharedGradient">Draw the shared token component of G with fixed norm √width (uniform
/// direction): same E[G⊗G], lower variance (g is linear in G).</param>
/// <param name="ChunkElements">Memory bound: runs are evaluated in chunks whose largest per-chunk tensor
/// (runs·max(h·L², L·n, n·h·d)) stays below this many elements (default 2²¹).</param>
/// <param name="SinglePrecisionNormals">For float64 runs: draw the Gaussian normals of X, the weights and G in float32
/// (libtorch's vectorised generator, 2–5× faster than its float64 one; the weights of a d_m = 256 block are most of the
/// cost of a run) and widen them to float64; everything after the draw is float64. The normals then have float32
/// resolution (relative 6e-8), which changes no second moment by more than about 1e-6 relative, far below the
/// Monte Carlo error. Default true.</param>
public sealed record AttentionMonteCarloOptions(
    double TargetRelativeError = 0.007,
    long MaxRuns = 4096,
    double MaxSeconds = 40,
    int? BatchRuns = null,
    bool OrthogonalValue = true,
    bool FixedNormSharedGradient = true,
    long ChunkElements = 1 << 21,
    bool SinglePrecisionNormals = true)
{
    /// <summary>The §10.1 defaults.</summary>
    public static AttentionMonteCarloOptions Default { get; } = new();

    /// <summary>Runs per adaptive batch for <paramref name="attentionCase"/>.</summary>
    /// <param name="attentionCase">The configuration.</param>
    public int BatchRunsFor(AttentionCase attentionCase)
    {
        ArgumentNullException.ThrowIfNull(attentionCase);
        int runs = BatchRuns ?? (attentionCase.MultiHead ? 32 : attentionCase.Length >= 300 ? 64 : 256);
        return (int)Math.Max(2, Math.Min(runs, MaxRuns));
    }

    /// <summary>Checks the settings.</summary>
    /// <returns>These options.</returns>
    public AttentionMonteCarloOptions EnsureValid()
    {
        if (!(TargetRelativeError >= 0)) throw new ArgumentOutOfRangeException(nameof(TargetRelativeError), TargetRelativeError, "The target relative error must be >= 0.");
        if (MaxRuns < 2) throw new ArgumentOutOfRangeException(nameof(MaxRuns), MaxRuns, "At least 2 runs are needed for a standard error.");
        if (!(MaxSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(MaxSeconds), MaxSeconds, "The time cap must be > 0.");
        if (BatchRuns is < 2) throw new ArgumentOutOfRangeException(nameof(BatchRuns), BatchRuns, "A batch needs at least 2 runs.");
        if (ChunkElements < 1) throw new ArgumentOutOfRangeException(nameof(ChunkElements), ChunkElements, "Must be >= 1.");
        return this;
    }
}
