using SignalProp.Empirical.Verification;

namespace SignalProp.Cli.Verification;

/// <summary>
/// The documented per-component tolerances of <c>signalprop verify</c> (docs/verification.md gives the reasoning):
/// a maximum for p50, p90 and p99 (percent) of each quantity's error. A sweep fails (exit 1) when any percentile exceeds
/// its tolerance. Quantities not listed use <see cref="Default"/>.
/// </summary>
public static class VerificationTolerances
{
    /// <summary>Used for a quantity without an entry.</summary>
    public static ErrorPercentiles Default { get; } = new(5, 10, 20);

    private static readonly Dictionary<(string Profile, string Component, string Quantity), ErrorPercentiles> Table = Build();

    /// <summary>The tolerance of one quantity.</summary>
    /// <param name="profile">quick or paper.</param>
    /// <param name="component">The component.</param>
    /// <param name="quantity">A <see cref="Quantities"/> name.</param>
    public static ErrorPercentiles For(string profile, string component, string quantity)
        => Table.TryGetValue((profile, component, quantity), out var t) ? t
         : Table.TryGetValue((profile, component, "*"), out var c) ? c
         : Default;

    /// <summary>The quantities of a summary whose percentile exceeds the tolerance, as readable strings.</summary>
    /// <param name="profile">quick or paper.</param>
    /// <param name="summary">The sweep summary.</param>
    public static IReadOnlyList<string> Violations(string profile, SweepSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var violations = new List<string>();
        foreach (var (quantity, p) in summary.Errors)
        {
            var t = For(profile, summary.Component, quantity);
            foreach (int q in (int[])[50, 90, 99])
                if (!(p[q] <= t[q])) violations.Add($"{summary.Component} {quantity} p{q} = {p[q]:0.###}% > {t[q]:0.###}%");
        }
        return violations;
    }

    private static Dictionary<(string, string, string), ErrorPercentiles> Build()
    {
        var t = new Dictionary<(string, string, string), ErrorPercentiles>();
        void Add(string profile, string component, string quantity, double p50, double p90, double p99)
            => t[(profile, component, quantity)] = new ErrorPercentiles(p50, p90, p99);
        // ---- quick (calibrated: authors' §5.4 values plus the Monte Carlo noise of the smaller quick sizes) ----
        Add("quick", "linear", "*", 3, 8, 12);
        Add("quick", "relu", "*", 2, 5, 8);
        Add("quick", "gelu", "*", 2, 5, 8);
        Add("quick", "layernorm", "*", 3, 8, 12);
        Add("quick", "layernorm", Quantities.XVar, 0.01, 0.01, 0.01);
        Add("quick", "layernorm", Quantities.XCovFeatures, 0.01, 0.01, 0.01);
        Add("quick", "dropout", "*", 2, 5, 8);
        Add("quick", "softmax", "*", 2, 5, 10);
        Add("quick", "sha", "*", 5, 12, 20);
        Add("quick", "sha", Quantities.GVar, 10, 35, 60);
        Add("quick", "mha", "*", 6, 15, 25);
        Add("quick", "mha", Quantities.GVar, 10, 35, 60);
        Add("quick", "mha", Quantities.GCov, 10, 35, 60);
        Add("quick", "ffn", "*", 4, 10, 15);
        Add("quick", "residual", "*", 3, 8, 12);
        // ---- paper (the authors' grids and sample sizes) ----
        Add("paper", "linear", "*", 1, 3, 5);
        Add("paper", "relu", "*", 1, 3, 5);
        Add("paper", "gelu", "*", 1, 3, 5);
        Add("paper", "layernorm", "*", 1, 3, 5);
        Add("paper", "layernorm", Quantities.XVar, 0.01, 0.01, 0.01);
        Add("paper", "layernorm", Quantities.XCovFeatures, 0.01, 0.01, 0.01);
        Add("paper", "dropout", "*", 1, 3, 5);
        Add("paper", "softmax", "*", 1, 3, 8);
        Add("paper", "sha", "*", 3, 8, 12);
        Add("paper", "sha", Quantities.GVar, 5, 20, 50);
        Add("paper", "mha", "*", 4, 10, 20);
        Add("paper", "mha", Quantities.GVar, 10, 35, 60);
        Add("paper", "mha", Quantities.GCov, 10, 35, 60);
        Add("paper", "ffn", "*", 2, 5, 8);
        Add("paper", "residual", "*", 2, 5, 8);
        return t;
    }
}
