namespace SignalProp.Empirical.Attention;

/// <summary>The error quantities of the attention verification (ATTENTION.md §10.1).</summary>
public static class AttentionQuantities
{
    /// <summary>gVar error |m − p|/|m|.</summary>
    public const string GVar = "gVar";

    /// <summary>gCov error, the authors' metric min(|m − p|/|m|, |m − p|/predicted variance)
    /// (<see cref="Verification.ErrorMetric.CalcErr"/>).</summary>
    public const string GCov = "gCov";

    /// <summary>gCov pure relative error |m − p|/|m|.</summary>
    public const string GCovRelative = "gCovRel";

    /// <summary>All quantities, in column order.</summary>
    public static IReadOnlyList<string> All { get; } = [GVar, GCov, GCovRelative];
}
