using SignalProp.Cli.Modeling;
using SignalProp.Empirical;
using SignalProp.Empirical.Models;

namespace SignalProp.Cli.Simulation;

/// <summary>
/// The rows k = 0…2N of <c>simulate</c>'s JSON <c>stream</c> and CSV: <c>sublayer</c>, <c>layer</c>, <c>kind</c> as in
/// <c>predict model</c>, then for each compared quantity Q (forwardVariance, forwardCorrelation, gradientVariance,
/// gradientCorrelation, blockVariance, blockCorrelation, scoreVariance, outputChange) the fields <c>measuredQ</c>,
/// <c>QStdErr</c> and <c>predictedQ</c> (outputChange: Admin's curve fitted to the measurement, <see cref="OutputChangeFit"/>),
/// then the measured-only attentionEntropy and weightGradientNorm with their StdErr.
/// </summary>
public static class SimulationRows
{
    /// <summary>The compared quantities: JSON stem, accessor, whether its error is relative (else absolute).</summary>
    public static IReadOnlyList<(string Name, Func<SimulatedSubLayer, Comparison> Get, bool Relative)> Compared { get; } =
    [
        ("forwardVariance", r => r.ForwardVariance, true),
        ("forwardCorrelation", r => r.ForwardCorrelation, false),
        ("gradientVariance", r => r.GradientVariance, true),
        ("gradientCorrelation", r => r.GradientCorrelation, false),
        ("blockVariance", r => r.BlockVariance, true),
        ("blockCorrelation", r => r.BlockCorrelation, false),
        ("scoreVariance", r => r.ScoreVariance, true),
        ("outputChange", r => r.OutputChange, true),
    ];

    /// <summary>The measured-only quantities.</summary>
    public static IReadOnlyList<(string Name, Func<SimulatedSubLayer, MeasuredValue> Get)> MeasuredOnly { get; } =
    [
        ("attentionEntropy", r => r.AttentionEntropy),
        ("weightGradientNorm", r => r.WeightGradientNorm),
    ];

    /// <summary>Writes one row's fields (or only their names) to <paramref name="sink"/>.</summary>
    public static void Write(SimulatedSubLayer row, IRowSink sink)
    {
        sink.Integer("sublayer", row.SubLayer);
        sink.Integer("layer", row.Layer);
        sink.Text("kind", StreamRows.KindName(row.Kind));
        foreach (var (name, get, _) in Compared)
        {
            var c = get(row);
            Number(sink, "measured" + Upper(name), c.Measured.Mean);
            Number(sink, name + "StdErr", c.Measured.StandardError);
            Number(sink, "predicted" + Upper(name), c.Predicted);
        }
        foreach (var (name, get) in MeasuredOnly)
        {
            var m = get(row);
            Number(sink, "measured" + Upper(name), m.Mean);
            Number(sink, name + "StdErr", m.StandardError);
        }
    }

    /// <summary>The field names in order.</summary>
    public static IReadOnlyList<string> Header()
    {
        var names = new List<string> { "sublayer", "layer", "kind" };
        foreach (var (name, _, _) in Compared) names.AddRange(["measured" + Upper(name), name + "StdErr", "predicted" + Upper(name)]);
        foreach (var (name, _) in MeasuredOnly) names.AddRange(["measured" + Upper(name), name + "StdErr"]);
        return names;
    }

    private static void Number(IRowSink sink, string name, double value)
    {
        if (double.IsNaN(value)) sink.Null(name);
        else sink.Number(name, value);
    }

    private static string Upper(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}

/// <summary>The largest error of one quantity over the sub-layers.</summary>
/// <param name="Quantity">JSON stem, e.g. forwardVariance.</param>
/// <param name="Metric">relative (|m − p|/|p|) or absolute (|m − p|).</param>
/// <param name="MaxError">The largest error.</param>
/// <param name="AtSubLayer">Where (−1 if nothing to compare).</param>
/// <param name="MaxStandardScore">The largest |m − p|/SE over the sub-layers.</param>
/// <param name="Compared">How many sub-layers had both a measurement and a prediction.</param>
public sealed record SimulationSummaryItem(string Quantity, string Metric, double MaxError, int AtSubLayer, double MaxStandardScore, int Compared);

/// <summary>Per-quantity summary of a simulation.</summary>
public static class SimulationSummary
{
    /// <summary>The largest relative (variances) or absolute (correlations) error per compared quantity.</summary>
    public static IReadOnlyList<SimulationSummaryItem> Compute(SimulationResult result)
    {
        var items = new List<SimulationSummaryItem>();
        foreach (var (name, get, relative) in SimulationRows.Compared)
        {
            double max = double.NaN, maxZ = double.NaN;
            int at = -1, count = 0;
            foreach (var row in result.Rows)
            {
                var c = get(row);
                if (double.IsNaN(c.Measured.Mean) || double.IsNaN(c.Predicted)) continue;
                double error = relative ? c.RelativeError : c.AbsoluteError;
                if (double.IsNaN(error)) continue;
                count++;
                if (double.IsNaN(max) || error > max) (max, at) = (error, row.SubLayer);
                double z = c.Measured.StandardScore(c.Predicted);
                if (!double.IsNaN(z) && (double.IsNaN(maxZ) || z > maxZ)) maxZ = z;
            }
            items.Add(new SimulationSummaryItem(name, relative ? "relative" : "absolute", max, at, maxZ, count));
        }
        return items;
    }
}
