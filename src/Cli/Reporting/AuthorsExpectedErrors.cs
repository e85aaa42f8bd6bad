using SignalProp.Plots;

namespace SignalProp.Cli.Reporting;

/// <summary>
/// The authors' expected relative errors (percent; 50th / 90th / 99th percentile) of the per-component verification.
/// Provenance: THEORY.md §5.4, transcribed from the DSLM repository's <c>simulations/expected_output.txt</c> [CODE].
/// Where the table gives two variants they are separate quantities: LayerNorm xCov (tokens) and xCovFeatures, Softmax
/// xVar/gVar (full) and xVarApprox/gVarApprox. Softmax has no covariance entries (null).
/// </summary>
public static class AuthorsExpectedErrors
{
    /// <summary>Where the numbers come from.</summary>
    public const string Provenance = "THEORY.md §5.4 (DSLM repository, simulations/expected_output.txt)";

    /// <summary>(component, quantity) → the authors' percentiles in %.</summary>
    public static IReadOnlyDictionary<(string Component, string Quantity), Percentiles> Table { get; } = Build();

    /// <summary>The authors' value for a component and quantity (xMean, xVar, gVar, xCov, gCov), or null.</summary>
    public static Percentiles? Lookup(string component, string quantity)
        => Table.TryGetValue((component.ToLowerInvariant(), quantity.ToLowerInvariant()), out var p) ? p : null;

    private static Dictionary<(string, string), Percentiles> Build()
    {
        var t = new Dictionary<(string, string), Percentiles>();
        void Row(string c, Percentiles? xMean, Percentiles? xVar, Percentiles? gVar, Percentiles? xCov, Percentiles? gCov)
        {
            foreach (var (q, p) in new[] { ("xmean", xMean), ("xvar", xVar), ("gvar", gVar), ("xcov", xCov), ("gcov", gCov) })
                if (p is { } v) t[(c, q)] = v;
        }
        static Percentiles P(double a, double b, double c) => new(a, b, c);
        Row("linear", P(0.0, 0.4, 1.3), P(0.4, 1.4, 2.8), P(0.2, 1.0, 2.2), P(0.4, 1.4, 2.8), P(0.2, 1.0, 2.2));
        Row("relu", P(0.3, 1.3, 2.3), P(0.5, 1.9, 3.4), P(0.6, 1.5, 2.6), P(0.3, 1.6, 3.1), P(0.2, 1.1, 2.3));
        Row("gelu", P(0.1, 1.0, 2.4), P(0.2, 0.6, 1.3), P(0.2, 0.6, 1.1), P(0.1, 0.5, 1.2), P(0.1, 0.4, 0.9));
        Row("layernorm", P(1.4e-5, 9.3e-5, 1.4e-4), P(0, 0, 0), P(0.4, 1.5, 3.2), P(0.1, 0.5, 1.0), P(0.2, 0.9, 2.2));
        Row("dropout", P(0.0, 0.1, 0.5), P(0.1, 0.5, 1.5), P(0.1, 0.7, 1.5), P(0.0, 0.4, 1.3), P(0.1, 0.5, 1.2));
        Row("softmax", P(0, 0, 0), P(0.2, 0.9, 4.0), P(0.1, 0.6, 4.5), null, null);
        t[("softmax", "xvarapprox")] = P(0.1, 0.5, 2.6);
        t[("softmax", "gvarapprox")] = P(0.1, 0.6, 3.7);
        t[("layernorm", "xcovfeatures")] = P(0, 0, 0);
        Row("sha", P(0.2, 1.0, 2.5), P(1.4, 4.1, 7.8), P(2.2, 13.3, 44.5), P(1.3, 3.9, 7.4), P(1.6, 4.5, 8.2));
        return t;
    }
}
