using System.Buffers;
using System.Text;
using System.Text.Json;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;

namespace SignalProp.Cli.Modeling;

/// <summary>
/// The <c>--json</c> output of <c>predict model</c> and <c>init</c>, written with <see cref="Utf8JsonWriter"/> (a 1000-layer
/// stream is 2001 rows; no reflection, no per-row strings). Conventions as <see cref="CliJson"/>: camelCase, compact,
/// ±∞ as the named literals <c>"Infinity"</c>/<c>"-Infinity"</c>; fields that do not exist are <c>null</c> (e.g.
/// <c>blockGradientGain</c> at k = 0) or omitted (unset options).
/// </summary>
public static class ModelJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>
    /// <c>predict model --json</c>: <c>{"config", "initialization", "summary", "warnings", "stream": [2N + 1 rows]}</c>.
    /// </summary>
    public static void WritePrediction(TextWriter output, ModelEvaluation evaluation, StreamRows rows, IReadOnlyList<string> warnings)
        => Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("config");
            WriteConfig(writer, evaluation.Config);
            writer.WritePropertyName("initialization");
            WriteInitialization(writer, evaluation);
            writer.WritePropertyName("summary");
            WriteSummary(writer, rows);
            WriteStrings(writer, "warnings", warnings);
            writer.WriteStartArray("stream");
            var sink = new JsonRowSink(writer);
            for (int k = 0; k < rows.Count; k++)
            {
                writer.WriteStartObject();
                rows.Write(sink, k);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    /// <summary>
    /// <c>init &lt;scheme&gt; --json</c>: <c>{"scheme", "config", "initialization"}</c>; <c>init solve</c> adds
    /// <c>"summary"</c>, <c>"warnings"</c> and <c>"verdict"</c> (the solver's answer is <c>initialization.solver</c>).
    /// </summary>
    public static void WriteInitialization(TextWriter output, ModelEvaluation evaluation, StreamRows? rows, string? verdict, IReadOnlyList<string> warnings)
        => Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("scheme", evaluation.Initialization.Scheme);
            writer.WritePropertyName("config");
            WriteConfig(writer, evaluation.Config);
            writer.WritePropertyName("initialization");
            WriteInitialization(writer, evaluation);
            if (rows is not null)
            {
                writer.WritePropertyName("summary");
                WriteSummary(writer, rows);
            }
            if (warnings.Count > 0 || rows is not null) WriteStrings(writer, "warnings", warnings);
            if (verdict is not null) writer.WriteString("verdict", verdict);
            writer.WriteEndObject();
        });

    /// <summary>The configuration, with option names in camelCase.</summary>
    public static void WriteConfig(Utf8JsonWriter writer, TransformerConfig c)
    {
        writer.WriteStartObject();
        writer.WriteString("arch", c.Placement == LayerNormPlacement.PreLN ? "preln" : "postln");
        writer.WriteNumber("layers", c.Layers);
        writer.WriteNumber("subLayers", c.SubLayers);
        writer.WriteNumber("dModel", c.DModel);
        writer.WriteNumber("heads", c.Heads);
        writer.WriteNumber("headDim", c.HeadDim);
        writer.WriteNumber("dFf", c.FeedForwardWidth);
        writer.WriteNumber("seqLen", c.SeqLen);
        Number(writer, "dropout", c.Dropout);
        Number(writer, "attentionDropout", c.AttentionDropout);
        writer.WriteString("activation", c.Activation.Name);
        writer.WriteNumber("vocabSize", c.VocabSize);
        Number(writer, "zipfExponent", c.ZipfExponent);
        writer.WriteNumber("segments", c.Segments);
        if (c.InputCorrelation is double r) Number(writer, "inputCorrelation", r);
        if (c.InputVariance is double v) Number(writer, "inputVariance", v);
        writer.WriteString("lnCorrelation", c.LayerNormMap.ToString().ToLowerInvariant());
        writer.WriteString("attentionBackward", c.AttentionBackward.ToString().ToLowerInvariant());
        Number(writer, "gradVariance", c.OutputGradient.Variance);
        Number(writer, "gradCorrelation", c.OutputGradient.Correlation);
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>{"scheme", "description", "notes", "embedding": {word, position, segment}, "layersVary", "layers": [groups],
    /// ["solver": {…}]}</c>; each group is a run of identical layers <c>firstLayer…lastLayer</c> with its σ's and scales.
    /// </summary>
    public static void WriteInitialization(Utf8JsonWriter writer, ModelEvaluation evaluation)
    {
        var init = evaluation.Initialization;
        writer.WriteStartObject();
        writer.WriteString("scheme", init.Scheme);
        writer.WriteString("description", evaluation.SchemeDescription);
        WriteStrings(writer, "notes", init.Notes);
        writer.WriteStartObject("embedding");
        Number(writer, "word", init.WordStd);
        Number(writer, "position", init.PositionStd);
        Number(writer, "segment", evaluation.Config.Segments == 0 ? 0 : init.SegmentStd);
        writer.WriteEndObject();
        var groups = LayerGroups.Of(init);
        writer.WriteBoolean("layersVary", groups.Count > 1);
        writer.WriteStartArray("layers");
        foreach (var group in groups)
        {
            var l = group.Values;
            writer.WriteStartObject();
            writer.WriteNumber("firstLayer", group.First);
            writer.WriteNumber("lastLayer", group.Last);
            Number(writer, "qStd", l.QueryStd);
            Number(writer, "kStd", l.KeyStd);
            Number(writer, "vStd", l.ValueStd);
            Number(writer, "oStd", l.OutputStd);
            Number(writer, "upStd", l.UpStd);
            Number(writer, "downStd", l.DownStd);
            Number(writer, "attentionLambda", l.Attention.Skip);
            Number(writer, "attentionBeta", l.Attention.Branch);
            Number(writer, "ffnLambda", l.FeedForward.Skip);
            Number(writer, "ffnBeta", l.FeedForward.Branch);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (evaluation.Solver is SolverResult solver)
        {
            writer.WriteStartObject("solver");
            Number(writer, "betaSquared", solver.BetaSquared);
            Number(writer, "lambdaSquared", 1 - solver.BetaSquared);
            Number(writer, "gradientSpread", solver.GradientSpread);
            Number(writer, "gradientBand", evaluation.Request.GradientBand);
            writer.WriteBoolean("fixedBetaSquared", evaluation.Request.BetaSquared is not null);
            writer.WriteBoolean("withinBand", solver.WithinBand);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>{"forwardGrowth", "gradientGrowth", "gradientSpread", "bottom": {…}, "top": {…}, "maxForwardVariance",
    /// "maxScoreVariance", "scoreInstability", ["firstUnstableSubLayer",] "outputChange", "overflow"}</c>.
    /// </summary>
    public static void WriteSummary(Utf8JsonWriter writer, StreamRows rows)
    {
        var s = ModelSummary.Of(rows);
        writer.WriteStartObject();
        Number(writer, "forwardGrowth", s.ForwardGrowth);
        Number(writer, "gradientGrowth", s.GradientGrowth);
        Number(writer, "gradientSpread", s.GradientSpread);
        WriteEnd(writer, "bottom", rows.Prediction.Bottom);
        WriteEnd(writer, "top", rows.Prediction.Top);
        Number(writer, "maxForwardVariance", s.MaxForwardVariance);
        Number(writer, "minGradientVariance", s.MinGradientVariance);
        Number(writer, "maxGradientVariance", s.MaxGradientVariance);
        Number(writer, "maxScoreVariance", s.MaxScoreVariance);
        writer.WriteBoolean("scoreInstability", s.FirstUnstableSubLayer is not null);
        if (s.FirstUnstableSubLayer is int k) writer.WriteNumber("firstUnstableSubLayer", k);
        Number(writer, "outputChange", s.OutputChange);
        writer.WriteBoolean("overflow", s.Overflow);
        writer.WriteEndObject();
    }

    /// <summary>Writes a number, or its named literal when it is not finite (NaN as <c>null</c>: it means "not defined").</summary>
    public static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else if (double.IsNaN(value)) writer.WriteNull(name);
        else writer.WriteString(name, value > 0 ? "Infinity" : "-Infinity");
    }

    private static void WriteEnd(Utf8JsonWriter writer, string name, SubLayerMoments row)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("sublayer", row.SubLayer);
        Number(writer, "forwardVariance", row.ForwardVariance);
        Number(writer, "forwardCorrelation", row.ForwardCorrelation);
        Number(writer, "gradientVariance", row.GradientVariance);
        Number(writer, "gradientCorrelation", row.GradientCorrelation);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) body(writer);
        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.WriteLine();
    }
}
