using System.Globalization;
using System.Text;
using System.Text.Json;
using SignalProp.Empirical.Verification;

namespace SignalProp.Empirical.Attention;

/// <summary>
/// Writes attention verification rows as they arrive to <c>&lt;dir&gt;/&lt;stem&gt;.csv</c> (header + one line per
/// configuration) and <c>&lt;dir&gt;/&lt;stem&gt;.jsonl</c> (one JSON object per line), flushed per row so that an
/// interrupted sweep keeps its rows. Numbers are invariant-culture round-trip; ±∞/NaN are written as
/// <c>Infinity</c>/<c>NaN</c> (JSON strings), as in <see cref="SweepRunner"/>.
/// </summary>
public sealed class AttentionRowWriter : IDisposable
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = false, SkipValidation = true };
    private readonly StreamWriter csv;
    private readonly StreamWriter jsonl;
    private readonly IReadOnlyList<AttentionPredictor> predictors;

    /// <summary>Creates the files (overwriting) and writes the CSV header.</summary>
    /// <param name="directory">Output directory (created).</param>
    /// <param name="stem">File name stem.</param>
    /// <param name="predictors">The predictors, for the column set.</param>
    public AttentionRowWriter(string directory, string stem, IReadOnlyList<AttentionPredictor> predictors)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(stem);
        this.predictors = predictors ?? throw new ArgumentNullException(nameof(predictors));
        Directory.CreateDirectory(directory);
        csv = new StreamWriter(Path.Combine(directory, stem + ".csv"), false, new UTF8Encoding(false));
        jsonl = new StreamWriter(Path.Combine(directory, stem + ".jsonl"), false, new UTF8Encoding(false));
        csv.WriteLine(Header());
        csv.Flush();
    }

    /// <summary>The CSV header.</summary>
    public string Header()
    {
        var columns = new List<string> { "index", "status", "seed", "seconds", "runs", "stop" };
        columns.AddRange(Template.Parameters.Select(p => p.Key));
        columns.AddRange(["gVar", "gVar_se", "gCov", "gCov_se", "yVar", "yVar_se", "yCov", "yCov_se"]);
        foreach (var p in predictors)
            columns.AddRange([p.Name + "_gVar", p.Name + "_gCov", p.Name + "_gVar_err", p.Name + "_gCov_err", p.Name + "_gCovRel_err"]);
        columns.Add("message");
        return string.Join(',', columns);
    }

    private static readonly AttentionCase Template = AttentionCase.SingleHead(1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 2);

    /// <summary>Appends one row to both files.</summary>
    /// <param name="row">The row.</param>
    public void Write(AttentionVerificationRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        csv.WriteLine(CsvRow(row));
        csv.Flush();
        jsonl.WriteLine(JsonRow(row));
        jsonl.Flush();
    }

    private string CsvRow(AttentionVerificationRow r)
    {
        var m = r.Measurement;
        var cells = new List<string> { r.Index.ToString(CultureInfo.InvariantCulture), r.Succeeded ? "ok" : "failed",
            r.Seed.ToString(CultureInfo.InvariantCulture), m is null ? "" : Number(m.Seconds),
            m is null ? "" : m.Runs.ToString(CultureInfo.InvariantCulture), m?.StopReason ?? "" };
        cells.AddRange(r.Case.Parameters.Select(p => Number(p.Value)));
        if (m is null) cells.AddRange(Enumerable.Repeat("", 8));
        else
            foreach (var v in (MeasuredValue[])[m.GradientVariance, m.GradientCovariance, m.OutputVariance, m.OutputCovariance])
                cells.AddRange([Number(v.Mean), Number(v.StandardError)]);
        foreach (var p in predictors)
        {
            var result = r.Predictions.FirstOrDefault(x => x.Name == p.Name);
            if (result is null) cells.AddRange(Enumerable.Repeat("", 5));
            else cells.AddRange([Number(result.Prediction.Variance), Number(result.Prediction.Covariance),
                Number(result.VarianceError), Number(result.CovarianceError), Number(result.CovarianceRelativeError)]);
        }
        string message = string.Join("; ", new[] { r.Failure }.Concat(r.Predictions.Select(x => x.Message is null ? null : x.Name + ": " + x.Message)).Where(s => s is not null));
        cells.Add(message.Length == 0 ? "" : "\"" + message.Replace("\"", "\"\"", StringComparison.Ordinal).ReplaceLineEndings(" ") + "\"");
        return string.Join(',', cells);
    }

    private static string JsonRow(AttentionVerificationRow r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("index", r.Index);
            w.WriteString("status", r.Succeeded ? "ok" : "failed");
            w.WriteNumber("seed", r.Seed);
            w.WriteString("case", r.Case.ToString());
            w.WriteStartObject("parameters");
            foreach (var p in r.Case.Parameters) SweepRunner.WriteDouble(w, p.Key, p.Value);
            w.WriteEndObject();
            if (r.Failure is not null) w.WriteString("message", r.Failure);
            if (r.Measurement is { } m)
            {
                w.WriteStartObject("measured");
                w.WriteNumber("runs", m.Runs);
                SweepRunner.WriteDouble(w, "seconds", m.Seconds);
                w.WriteString("stop", m.StopReason);
                Measured(w, "gVar", m.GradientVariance);
                Measured(w, "gCov", m.GradientCovariance);
                Measured(w, "yVar", m.OutputVariance);
                Measured(w, "yCov", m.OutputCovariance);
                w.WriteEndObject();
            }
            w.WriteStartObject("predictors");
            foreach (var p in r.Predictions)
            {
                w.WriteStartObject(p.Name);
                SweepRunner.WriteDouble(w, "gVar", p.Prediction.Variance);
                SweepRunner.WriteDouble(w, "gCov", p.Prediction.Covariance);
                SweepRunner.WriteDouble(w, "gVarError", p.VarianceError);
                SweepRunner.WriteDouble(w, "gCovError", p.CovarianceError);
                SweepRunner.WriteDouble(w, "gCovRelError", p.CovarianceRelativeError);
                if (p.Message is not null) w.WriteString("message", p.Message);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Measured(Utf8JsonWriter w, string name, MeasuredValue v)
    {
        w.WriteStartObject(name);
        SweepRunner.WriteDouble(w, "mean", v.Mean);
        SweepRunner.WriteDouble(w, "se", v.StandardError);
        w.WriteEndObject();
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Closes both files.</summary>
    public void Dispose()
    {
        csv.Dispose();
        jsonl.Dispose();
    }
}
