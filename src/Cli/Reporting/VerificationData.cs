using SignalProp.Empirical.Verification;
using SignalProp.Plots;

namespace SignalProp.Cli.Reporting;

/// <summary>
/// Figure 4's data: runs the empirical component verifier (<see cref="ComponentVerifier"/>, TorchSharp on the CPU) on
/// the first <c>limit</c> configurations of the quick profile of every component, and turns the results into error
/// percentile rows (ours beside <see cref="AuthorsExpectedErrors"/>) and predicted-vs-measured parity sets.
/// </summary>
public sealed class VerificationData
{
    private VerificationData(IReadOnlyList<PercentileErrorRow> rows, IReadOnlyList<ParitySet> parity, int configurations, int failed, double seconds)
    {
        Rows = rows;
        Parity = parity;
        Configurations = configurations;
        Failed = failed;
        Seconds = seconds;
    }

    /// <summary>One row per component and quantity, percentiles in %.</summary>
    public IReadOnlyList<PercentileErrorRow> Rows { get; }

    /// <summary>One parity set per quantity (all components pooled).</summary>
    public IReadOnlyList<ParitySet> Parity { get; }

    /// <summary>Configurations run.</summary>
    public int Configurations { get; }

    /// <summary>Configurations that failed (overflow, NaN, exception).</summary>
    public int Failed { get; }

    /// <summary>Wall time of the measurements.</summary>
    public double Seconds { get; }

    /// <summary>Runs the verifier.</summary>
    /// <param name="limit">Configurations per component (the first ones of the seeded quick profile).</param>
    /// <param name="seed">Shuffle and stream seed (the authors used 42).</param>
    public static VerificationData Run(int limit, int seed = 42)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var verifier = new ComponentVerifier();
        var rows = new List<PercentileErrorRow>();
        var points = new Dictionary<string, (List<double> Predicted, List<double> Measured)>(StringComparer.Ordinal);
        int configurations = 0, failed = 0;
        foreach (string component in VerificationProfiles.Components)
        {
            var cases = VerificationProfiles.Cases(component, VerificationProfiles.Quick, seed).Take(limit).ToList();
            var errors = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var order = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                var result = verifier.Verify(cases[i], SweepRunner.ConfigurationSeed(seed, i));
                configurations++;
                if (!result.Succeeded) { failed++; continue; }
                foreach (var q in result.Quantities)
                {
                    if (!errors.TryGetValue(q.Name, out var list)) { errors[q.Name] = list = []; order.Add(q.Name); }
                    list.Add(q.Error);
                    if (!points.TryGetValue(q.Name, out var p)) points[q.Name] = p = ([], []);
                    p.Predicted.Add(q.Predicted);
                    p.Measured.Add(q.Measured);
                }
            }
            foreach (string quantity in order)
            {
                var e = ErrorMetric.Percentiles(errors[quantity]);
                rows.Add(new PercentileErrorRow(Display(component), quantity, new Percentiles(e.P50, e.P90, e.P99),
                    AuthorsExpectedErrors.Lookup(component, quantity)));
            }
        }
        var parity = points.Select(kv => new ParitySet(kv.Key, kv.Value.Predicted, kv.Value.Measured)).ToList();
        return new VerificationData(rows, parity, configurations, failed, clock.Elapsed.TotalSeconds);
    }

    private static string Display(string component) => component switch
    {
        "relu" => "ReLU",
        "gelu" => "GeLU",
        "layernorm" => "LayerNorm",
        "sha" or "mha" or "ffn" => component.ToUpperInvariant(),
        _ => char.ToUpperInvariant(component[0]) + component[1..],
    };
}
