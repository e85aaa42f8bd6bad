namespace SignalProp.Empirical.Attention;

/// <summary>
/// The outcome of an attention verification sweep: counts, wall time and, per predictor and quantity, the error
/// percentiles (ATTENTION.md §10.1) over the successful configurations.
/// </summary>
/// <param name="Grid">The grid name.</param>
/// <param name="Configurations">Configurations run.</param>
/// <param name="Failed">Configurations whose measurement failed.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Predictors">The predictors, in order.</param>
/// <param name="Errors">predictor name → quantity → percentiles.</param>
/// <param name="Rows">Every configuration's row.</param>
public sealed record AttentionVerificationSummary(
    string Grid,
    int Configurations,
    int Failed,
    double Seconds,
    IReadOnlyList<AttentionPredictor> Predictors,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, AttentionErrorPercentiles>> Errors,
    IReadOnlyList<AttentionVerificationRow> Rows)
{
    /// <summary>Summarises rows.</summary>
    /// <param name="grid">The grid name.</param>
    /// <param name="predictors">The predictors.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="seconds">Wall time.</param>
    public static AttentionVerificationSummary From(string grid, IReadOnlyList<AttentionPredictor> predictors,
        IReadOnlyList<AttentionVerificationRow> rows, double seconds)
    {
        ArgumentNullException.ThrowIfNull(predictors);
        ArgumentNullException.ThrowIfNull(rows);
        var errors = new Dictionary<string, IReadOnlyDictionary<string, AttentionErrorPercentiles>>();
        foreach (var predictor in predictors)
        {
            var results = rows.Where(r => r.Succeeded).SelectMany(r => r.Predictions).Where(p => p.Name == predictor.Name).ToList();
            errors[predictor.Name] = AttentionQuantities.All.ToDictionary(q => q,
                q => AttentionErrorPercentiles.From(results.Select(r => r.Error(q))));
        }
        return new(grid, rows.Count, rows.Count(r => !r.Succeeded), seconds, predictors, errors, rows);
    }

    /// <summary>Median seconds per configuration (Monte Carlo only).</summary>
    public double MedianSecondsPerConfiguration
    {
        get
        {
            double[] s = [.. Rows.Where(r => r.Measurement is not null).Select(r => r.Measurement!.Seconds).Order()];
            return s.Length == 0 ? double.NaN : s[s.Length / 2];
        }
    }
}
