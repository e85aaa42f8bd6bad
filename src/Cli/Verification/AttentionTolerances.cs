using SignalProp.Empirical.Attention;

namespace SignalProp.Cli.Verification;

/// <summary>
/// Tolerances of <c>signalprop verify attention</c>: per grid, predictor and quantity, the largest allowed p50, p90,
/// p99 and max error (percent). Only predictors registered with <see cref="AttentionPredictor.Gated"/> = true are
/// checked (exit 1 on a violation); the others are reported only. Predictors without an entry are not gated even if
/// flagged (a missing entry is reported as a warning by the command).
/// </summary>
/// <remarks>
/// Values for <c>full</c> (ATTENTION.md §7) come from the reference results (ATTENTION.md §10.2/§10.3/§10.6: gVar
/// p50/p90/p99/max 0.5/1.1/2.0/2.0 on (a), 0.5/1.4/3.5/3.7 on (b), 0.4/1.4/2.1/2.1 on mha; gCov ≤ 2.1 %) with a margin for
/// Monte Carlo noise at s.e. 0.7 % (seed-to-seed max 2.7 %, §10.4) and for small samples (--count well below 150),
/// where p99/max are single configurations. <c>closed</c> is the unsaturated closed form: as <c>full</c> on (a), and
/// loose on (b)/mha (§10.3: p99 17.5 % even on its domain). <c>quick</c> runs at n ≤ 64 where the O(1/n) terms left out
/// of §7 reach a few percent (§10.7), hence wider limits. Recalibrate after the first full runs of the ported formulas.
/// </remarks>
public static class AttentionTolerances
{
    private static readonly Dictionary<(string Grid, string Predictor, string Quantity), AttentionErrorPercentiles> Table = Build();

    /// <summary>The tolerance of one (grid, predictor, quantity), or null when there is none.</summary>
    /// <param name="grid">quick, a, b, wide or mha.</param>
    /// <param name="predictor">The predictor name.</param>
    /// <param name="quantity">An <see cref="AttentionQuantities"/> name.</param>
    public static AttentionErrorPercentiles? For(string grid, string predictor, string quantity)
        => Table.TryGetValue((grid, predictor, quantity), out var t) ? t
         : Table.TryGetValue((grid, predictor, "*"), out var s) ? s
         : null;

    /// <summary>The violations of the gated predictors of <paramref name="summary"/>, as readable strings.</summary>
    /// <param name="summary">The sweep.</param>
    public static IReadOnlyList<string> Violations(AttentionVerificationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var violations = new List<string>();
        foreach (var predictor in summary.Predictors.Where(p => p.Gated))
        {
            foreach (var (quantity, p) in summary.Errors[predictor.Name])
            {
                if (For(summary.Grid, predictor.Name, quantity) is not { } t || p.IsWithin(t)) continue;
                violations.Add($"{predictor.Name} {quantity} on grid {summary.Grid}: p50/p90/p99/max = {p.P50:0.##}/{p.P90:0.##}/{p.P99:0.##}/{p.Max:0.##}% > {t.P50:0.##}/{t.P90:0.##}/{t.P99:0.##}/{t.Max:0.##}%");
            }
        }
        return violations;
    }

    private static Dictionary<(string, string, string), AttentionErrorPercentiles> Build()
    {
        var t = new Dictionary<(string, string, string), AttentionErrorPercentiles>();
        void Add(string grid, string predictor, string quantity, double p50, double p90, double p99, double max)
            => t[(grid, predictor, quantity)] = new AttentionErrorPercentiles(p50, p90, p99, max, 0);
        // full (ATTENTION.md §7): reference 0.5/1.1–1.4/2–3.5/2–3.7 % (gVar), ≤ 2.1 % (gCov, authors' metric).
        Add("a", "full", "*", 1.5, 3, 4, 5);
        Add("b", "full", "*", 1.5, 3, 5, 6);
        Add("b", "full", AttentionQuantities.GCovRelative, 1.5, 3, 6, 8);       // reference 0.2/1.1/3.2/4.4
        Add("wide", "full", "*", 1.5, 3, 5, 6);                                  // issue 8's extended range: as (b)
        Add("wide", "full", AttentionQuantities.GCovRelative, 1.5, 3, 6, 8);
        Add("mha", "full", "*", 1.5, 3, 4, 5);
        Add("mha", "full", AttentionQuantities.GCovRelative, 1.5, 3, 6, 8);     // reference 0.5/1.3/4.6/4.6
        // quick runs n = 32–64, L = 16–64 and d = 8–16, below ATTENTION.md §8's validity (A2: O(1/n); A4: O(1/L); A5 at
        // L = 32), with few runs: a 3–5 % systematic error is expected there; the bound still separates the value-path
        // formula (tens of percent) from full. The calibrated gates are a, b, wide and mha.
        Add("quick", "full", "*", 6, 10, 15, 20);
        // closed (unsaturated closed form): as full on (a); (b) and mha contain saturated points.
        Add("a", "closed", "*", 1.5, 3, 4, 5);
        Add("b", "closed", "*", 2, 25, 40, 50);
        Add("wide", "closed", "*", 2, 25, 40, 50);
        Add("mha", "closed", "*", 2, 25, 40, 50);
        Add("quick", "closed", "*", 5, 25, 40, 50);
        return t;
    }
}
