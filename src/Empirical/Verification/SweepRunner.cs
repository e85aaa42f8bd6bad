using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Verification;

/// <summary>
/// Runs the configurations of one component, one at a time in its own dispose scope, and (optionally) writes every
/// result as it arrives to <c>&lt;out&gt;/&lt;component&gt;.csv</c> and <c>&lt;out&gt;/&lt;component&gt;.jsonl</c> (one
/// JSON object per line, flushed per row, so an interrupted sweep keeps its rows). A failed configuration (overflow,
/// NaN) is a row with status <c>failed</c>, its parameters and the message; the sweep continues.
/// </summary>
public sealed class SweepRunner
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>Creates a runner.</summary>
    /// <param name="verifier">The measurement.</param>
    /// <param name="outputDirectory">Directory for the CSV and JSONL files, or null to write nothing.</param>
    public SweepRunner(ComponentVerifier verifier, string? outputDirectory = null)
    {
        Verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        OutputDirectory = outputDirectory;
    }

    /// <summary>The measurement.</summary>
    public ComponentVerifier Verifier { get; }

    /// <summary>Where rows go, or null.</summary>
    public string? OutputDirectory { get; }

    /// <summary>Runs <paramref name="cases"/> (all of one component) in order.</summary>
    /// <param name="component">The component name (file name stem).</param>
    /// <param name="cases">The configurations.</param>
    /// <param name="seed">The sweep seed; configuration i uses a seed derived from (seed, i).</param>
    /// <param name="progress">Called after each configuration with (done, total, result).</param>
    /// <param name="cancellationToken">Stops between configurations.</param>
    /// <returns>The summary.</returns>
    public SweepSummary Run(string component, IReadOnlyList<VerificationCase> cases, int seed,
        Action<int, int, VerificationResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var watch = Stopwatch.StartNew();
        var results = new List<VerificationResult>(cases.Count);
        StreamWriter? csv = null, jsonl = null;
        try
        {
            if (OutputDirectory is not null)
            {
                Directory.CreateDirectory(OutputDirectory);
                csv = new StreamWriter(Path.Combine(OutputDirectory, component + ".csv"), false, new UTF8Encoding(false));
                jsonl = new StreamWriter(Path.Combine(OutputDirectory, component + ".jsonl"), false, new UTF8Encoding(false));
            }
            bool headerWritten = false;
            for (int i = 0; i < cases.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                VerificationResult result;
                using (NewDisposeScope())
                {
                    result = Verifier.Verify(cases[i], ConfigurationSeed(seed, i));
                }
                results.Add(result);
                if (csv is not null && jsonl is not null)
                {
                    if (!headerWritten)
                    {
                        csv.WriteLine(CsvHeader(cases[i]));
                        headerWritten = true;
                    }
                    csv.WriteLine(CsvRow(i, result));
                    csv.Flush();
                    jsonl.WriteLine(JsonRow(i, result));
                    jsonl.Flush();
                }
                progress?.Invoke(i + 1, cases.Count, result);
            }
        }
        finally
        {
            csv?.Dispose();
            jsonl?.Dispose();
        }
        return SweepSummary.From(component, results, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The seed of configuration <paramref name="index"/> in a sweep seeded with <paramref name="seed"/>.</summary>
    /// <param name="seed">The sweep seed.</param>
    /// <param name="index">The configuration's position.</param>
    public static ulong ConfigurationSeed(int seed, int index) => SignalSampler.StreamSeed(unchecked((ulong)seed), index + 1);

    /// <summary>The quantity names of a component, in column order.</summary>
    /// <param name="component">A component name.</param>
    public static IReadOnlyList<string> QuantityNames(string component) => component switch
    {
        "softmax" => [Quantities.XMean, Quantities.XVar, Quantities.XVarApprox, Quantities.GVar, Quantities.GVarApprox],
        "layernorm" => [Quantities.XMean, Quantities.XVar, Quantities.GVar, Quantities.XCov, Quantities.GCov, Quantities.XCovFeatures],
        _ => [Quantities.XMean, Quantities.XVar, Quantities.GVar, Quantities.XCov, Quantities.GCov],
    };

    private static string CsvHeader(VerificationCase c)
    {
        var columns = new List<string> { "index", "component", "status", "seconds", "runs_per_replica", "replicas" };
        columns.AddRange(c.Parameters.Select(p => p.Key));
        foreach (string q in QuantityNames(c.Component))
            columns.AddRange([q + "_predicted", q + "_measured", q + "_se", q + "_error"]);
        columns.Add("message");
        return string.Join(',', columns);
    }

    private static string CsvRow(int index, VerificationResult r)
    {
        var cells = new List<string> { index.ToString(CultureInfo.InvariantCulture), r.Case.Component, r.Succeeded ? "ok" : "failed",
            Number(r.Seconds), r.Case.Runs.ToString(CultureInfo.InvariantCulture), r.Case.Replicas.ToString(CultureInfo.InvariantCulture) };
        cells.AddRange(r.Case.Parameters.Select(p => Number(p.Value)));
        foreach (string q in QuantityNames(r.Case.Component))
        {
            if (r.Succeeded && r.Quantities.FirstOrDefault(x => x.Name == q) is { Name: not null } v)
                cells.AddRange([Number(v.Predicted), Number(v.Measured), Number(v.StandardError), Number(v.Error)]);
            else cells.AddRange(["", "", "", ""]);
        }
        cells.Add(r.Failure is null ? "" : "\"" + r.Failure.Replace("\"", "\"\"", StringComparison.Ordinal).ReplaceLineEndings(" ") + "\"");
        return string.Join(',', cells);
    }

    private static string JsonRow(int index, VerificationResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("index", index);
            w.WriteString("component", r.Case.Component);
            w.WriteString("status", r.Succeeded ? "ok" : "failed");
            w.WriteNumber("seconds", r.Seconds);
            w.WriteNumber("runsPerReplica", r.Case.Runs);
            w.WriteNumber("replicas", r.Case.Replicas);
            w.WriteStartObject("parameters");
            foreach (var p in r.Case.Parameters) WriteDouble(w, p.Key, p.Value);
            w.WriteEndObject();
            if (r.Failure is not null) w.WriteString("message", r.Failure);
            w.WriteStartObject("quantities");
            foreach (var q in r.Quantities)
            {
                w.WriteStartObject(q.Name);
                WriteDouble(w, "predicted", q.Predicted);
                WriteDouble(w, "measured", q.Measured);
                WriteDouble(w, "se", q.StandardError);
                WriteDouble(w, "error", q.Error);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a double, with ±∞ and NaN as the strings "Infinity", "-Infinity", "NaN".</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteDouble(Utf8JsonWriter writer, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The outcome of a sweep over one component: counts, time and the error percentiles per quantity.</summary>
/// <param name="Component">The component name.</param>
/// <param name="Configurations">Configurations run.</param>
/// <param name="Failed">Configurations that failed (overflow, NaN).</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Errors">p50/p90/p99 (percent) of the successful configurations' errors, per quantity.</param>
/// <param name="Results">Every configuration's result.</param>
public sealed record SweepSummary(string Component, int Configurations, int Failed, double Seconds,
    IReadOnlyDictionary<string, ErrorPercentiles> Errors, IReadOnlyList<VerificationResult> Results)
{
    /// <summary>Summarises results.</summary>
    /// <param name="component">The component name.</param>
    /// <param name="results">The results.</param>
    /// <param name="seconds">Wall time.</param>
    public static SweepSummary From(string component, IReadOnlyList<VerificationResult> results, double seconds)
    {
        ArgumentNullException.ThrowIfNull(results);
        var errors = new Dictionary<string, ErrorPercentiles>();
        foreach (string q in SweepRunner.QuantityNames(component))
        {
            var values = results.Where(r => r.Succeeded).SelectMany(r => r.Quantities).Where(x => x.Name == q).Select(x => x.Error).ToList();
            if (values.Count > 0) errors[q] = ErrorMetric.Percentiles(values);
        }
        return new SweepSummary(component, results.Count, results.Count(r => !r.Succeeded), seconds, errors, results);
    }
}
