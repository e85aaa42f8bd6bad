using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SignalProp.Cli.Modeling;
using SignalProp.Empirical;
using SignalProp.Empirical.Models;

namespace SignalProp.Cli.Simulation;

/// <summary>JSON, CSV and text forms of a <see cref="SimulationResult"/>.</summary>
public static class SimulationOutput
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>
    /// One JSON object: <c>config</c>, <c>initialization</c> (as <c>predict model</c>), <c>options</c>, <c>timing</c>,
    /// <c>summary</c> (largest error per quantity), <c>stream</c> (rows of <see cref="SimulationRows"/>).
    /// </summary>
    public static string Json(ModelEvaluation evaluation, SimulationResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("config");
            // The prediction's configuration: with --gradient mlm its top gradient is the measured one.
            ModelJson.WriteConfig(writer, result.Prediction.Config);
            writer.WritePropertyName("initialization");
            ModelJson.WriteInitialization(writer, evaluation);
            var o = result.Options;
            writer.WriteStartObject("options");
            writer.WriteNumber("batch", o.Batch);
            writer.WriteNumber("replicas", o.Replicas);
            writer.WriteNumber("seed", o.Seed);
            writer.WriteString("device", o.Device);
            writer.WriteString("dtype", o.DataType);
            writer.WriteString("input", o.Input.ToString().ToLowerInvariant());
            writer.WriteString("gradient", o.Gradient == StackGradient.MaskedLanguageModel ? "mlm" : "injected");
            if (o.Gradient == StackGradient.MaskedLanguageModel) writer.WriteNumber("maskProbability", o.MaskProbability);
            writer.WriteBoolean("causal", o.Causal);
            writer.WriteBoolean("finalLayerNorm", o.FinalLayerNorm);
            writer.WriteBoolean("outputChange", o.OutputChange);
            writer.WriteNumber("perturbation", o.PerturbationSize);
            writer.WriteEndObject();
            if (o.OutputChange)
            {
                var fit = result.OutputChangeFit;
                writer.WriteStartObject("outputChangeFit");
                Number(writer, "offset", fit.Offset);
                Number(writer, "scale", fit.Scale);
                Number(writer, "rSquared", fit.RSquared);
                writer.WriteEndObject();
            }
            writer.WriteStartObject("timing");
            writer.WriteNumber("meanForwardBackwardSeconds", result.MeanForwardBackwardSeconds);
            writer.WriteNumber("meanReplicaSeconds", result.MeanReplicaSeconds);
            writer.WriteStartArray("replicaSeconds");
            foreach (var r in result.Replicas) writer.WriteNumberValue(r.TotalSeconds);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartArray("summary");
            foreach (var item in SimulationSummary.Compute(result))
            {
                writer.WriteStartObject();
                writer.WriteString("quantity", item.Quantity);
                writer.WriteString("metric", item.Metric);
                Number(writer, "maxError", item.MaxError);
                writer.WriteNumber("atSubLayer", item.AtSubLayer);
                Number(writer, "maxStandardScore", item.MaxStandardScore);
                writer.WriteNumber("compared", item.Compared);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("stream");
            var sink = new JsonRowSink(writer);
            foreach (var row in result.Rows)
            {
                writer.WriteStartObject();
                SimulationRows.Write(row, sink);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + Environment.NewLine;
    }

    /// <summary>CSV: the header (JSON row field names), then one line per sub-layer.</summary>
    public static string Csv(SimulationResult result)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', SimulationRows.Header()).Append('\n');
        var sink = new CsvRowSink(text);
        foreach (var row in result.Rows)
        {
            sink.StartRow();
            SimulationRows.Write(row, sink);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Human-readable table (every sub-layer) and summary.</summary>
    public static string Text(ModelEvaluation evaluation, SimulationResult result)
    {
        var c = evaluation.Config;
        var o = result.Options;
        var s = new StringBuilder();
        s.AppendLine(Inv($"simulate: {c.Placement} {evaluation.Initialization.Scheme}, N = {c.Layers} layers ({c.SubLayers} sub-layers), d = {c.DModel}, h = {c.Heads}, d_ff = {c.FeedForwardWidth}, L = {c.SeqLen}, p = {c.Dropout}, p_a = {c.AttentionDropout}, {c.Activation.Name}"));
        s.AppendLine(Inv($"          input {o.Input.ToString().ToLowerInvariant()}{(o.Gradient == StackGradient.MaskedLanguageModel ? $", MLM-loss gradient (mask p = {o.MaskProbability})" : "")}, batch {o.Batch}, replicas {o.Replicas}, seed {o.Seed}, {o.DataType} on {o.Device}{(o.Causal ? ", causal" : "")}"));
        s.AppendLine(Inv($"          time per replica: forward+backward {result.MeanForwardBackwardSeconds:F2} s, total {result.MeanReplicaSeconds:F2} s"));
        s.AppendLine("Each cell: measured ± standard error / predicted.");
        s.AppendLine(Inv($"{"k",4} {"kind",-9} {"forward variance",-30} {"forward correlation",-28} {"gradient variance",-32} {"score variance",-20} {"entropy",8}"));
        foreach (var r in result.Rows)
        {
            s.AppendLine(Inv($"{r.SubLayer,4} {StreamRows.KindName(r.Kind),-9} {Cell(r.ForwardVariance),-30} {Cell(r.ForwardCorrelation),-28} {Cell(r.GradientVariance),-32} {(r.Kind == Theory.Models.SubLayerKind.Attention ? Short(r.ScoreVariance) : ""),-20} {(double.IsNaN(r.AttentionEntropy.Mean) ? "" : r.AttentionEntropy.Mean.ToString("F3", CultureInfo.InvariantCulture)),8}"));
        }
        s.AppendLine();
        s.AppendLine("Largest error per quantity (relative for variances, absolute for correlations; z = |Δ|/SE):");
        foreach (var item in SimulationSummary.Compute(result))
            s.AppendLine(Inv($"  {item.Quantity,-20} {item.Metric,-8} max {F(item.MaxError),-10} at k = {item.AtSubLayer,-4} max z {F(item.MaxStandardScore)}"));
        if (o.OutputChange)
        {
            var fit = result.OutputChangeFit;
            s.AppendLine(Inv($"Output change: Admin's a + C·Σβ_kk² (ADMIN.md §3.3) fitted to the measured Σ‖Δx_k‖²: a = {G(fit.Offset)}, C = {G(fit.Scale)}, R² = {F(fit.RSquared)}."));
        }
        if (result.Prediction.Config.AttentionBackward == Theory.Components.AttentionBackward.Value)
        {
            s.AppendLine("Note: --attention-backward value ignores the Q/K gradient path (THEORY.md §2.8, §3.5): gradient variances");
            s.AppendLine("below attention sub-layers are expected to exceed the prediction where attention matters (use --attention-backward full).");
        }
        return s.ToString();
    }

    private static string Cell(Comparison c) => Inv($"{G(c.Measured.Mean)}±{G(c.Measured.StandardError, 2)}/{G(c.Predicted)}");

    private static string Short(Comparison c) => Inv($"{G(c.Measured.Mean)}/{G(c.Predicted)}");

    private static string G(double v, int digits = 4) => double.IsNaN(v) ? "–" : v.ToString("G" + digits, CultureInfo.InvariantCulture);

    private static string F(double v) => double.IsNaN(v) ? "–" : v.ToString("G3", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsNaN(value)) writer.WriteNull(name);
        else ModelJson.Number(writer, name, value);
    }
}
