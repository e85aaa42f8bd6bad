using System.Globalization;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SignalProp.Cli.Modeling;

/// <summary>The readable (default) output of <c>predict model</c> and <c>init</c>.</summary>
public static class ModelText
{
    /// <summary>How many rows <see cref="SelectRows"/> shows at the bottom, in the middle and at the top.</summary>
    public const int EdgeRows = 4;

    /// <summary>The configuration in one line.</summary>
    public static string ConfigLine(TransformerConfig c)
    {
        var parts = new List<string>
        {
            c.Placement == LayerNormPlacement.PreLN ? "Pre-LN" : "Post-LN",
            $"N = {c.Layers} layers ({c.SubLayers} sub-layers)",
            $"d = {c.DModel}",
            $"h = {c.Heads} (d_h = {c.HeadDim})",
            $"d_ff = {c.FeedForwardWidth}",
            $"L = {c.SeqLen}",
            $"p = {N(c.Dropout)}",
            $"p_a = {N(c.AttentionDropout)}",
            c.Activation.Name,
            $"|V| = {c.VocabSize}, Zipf s = {N(c.ZipfExponent)}",
            c.Segments == 0 ? "no segment table" : $"{c.Segments} segments",
        };
        if (c.InputCorrelation is double r) parts.Add($"r₀ = {N(r)}");
        if (c.InputVariance is double v) parts.Add($"σ₀² = {N(v)} before dropout");
        parts.Add($"LN map {c.LayerNormMap.ToString().ToLowerInvariant()}");
        parts.Add($"attention backward {c.AttentionBackward.ToString().ToLowerInvariant()}");
        parts.Add($"top gradient σ_g² = {N(c.OutputGradient.Variance)}, r_g = {N(c.OutputGradient.Correlation)}");
        return string.Join(", ", parts);
    }

    /// <summary>The rows shown by default: the first, middle and last <see cref="EdgeRows"/> (all of them for small models).</summary>
    public static IReadOnlyList<int> SelectRows(int count, bool all)
    {
        if (all || count <= 3 * EdgeRows + 2) return [.. Enumerable.Range(0, count)];
        int middle = count / 2 - EdgeRows / 2;
        return [.. Enumerable.Range(0, EdgeRows), .. Enumerable.Range(middle, EdgeRows), .. Enumerable.Range(count - EdgeRows, EdgeRows)];
    }

    /// <summary>
    /// <c>predict model</c>'s summary: the configuration line, the scheme and its notes, a table of the first, middle and
    /// last sub-layers (all with <paramref name="allRows"/>), growth factors and warnings (highlighted on a terminal).
    /// </summary>
    public static void RenderPrediction(TextWriter output, ModelEvaluation evaluation, StreamRows rows, IReadOnlyList<string> warnings, bool allRows)
    {
        var console = CliConsole.Create(output);
        output.WriteLine(ConfigLine(evaluation.Config));
        WriteScheme(output, evaluation);
        output.WriteLine();

        var table = new Table().Border(TableBorder.Rounded);
        foreach (string header in new[] { "k", "layer", "kind", "forward var σ²", "r", "grad var σ_g²", "r_g", "S²" })
            table.AddColumn(new TableColumn(new Text(header)) { Alignment = header == "kind" ? Justify.Left : Justify.Right });
        var stream = rows.Prediction.Stream;
        int previous = -1;
        bool instability = false;
        foreach (int k in SelectRows(stream.Count, allRows))
        {
            if (previous >= 0 && k != previous + 1) table.AddRow(Enumerable.Repeat<IRenderable>(new Text("…"), 8).ToArray());
            previous = k;
            var row = stream[k];
            instability |= row.ScoreInstability;
            string score = row.Kind == SubLayerKind.Attention ? CliFormat.Number(row.ScoreVariance) + (row.ScoreInstability ? " !" : "") : "—";
            table.AddRow(
                new Text(k.ToString(CultureInfo.InvariantCulture)),
                new Text(row.Layer < 0 ? "—" : row.Layer.ToString(CultureInfo.InvariantCulture)),
                new Text(StreamRows.KindName(row.Kind)),
                new Text(CliFormat.Number(row.ForwardVariance)),
                new Text(CliFormat.Number(row.ForwardCorrelation)),
                new Text(CliFormat.Number(row.GradientVariance)),
                new Text(CliFormat.Number(row.GradientCorrelation)),
                new Text(score));
        }
        console.Write(table);
        if (instability) output.WriteLine("! attention-score instability: (1−r)S² > ln L at this sub-layer (THEORY.md §2.8).");
        if (!allRows && stream.Count > 3 * EdgeRows + 2) output.WriteLine("(first, middle and last sub-layers; --all for every row, --json or --csv for every field)");

        var s = ModelSummary.Of(rows);
        var p = rows.Prediction;
        output.WriteLine();
        output.WriteLine($"forward growth   σ²_top/σ²_0       = {Defined(s.ForwardGrowth)}  ({CliFormat.Number(p.Bottom.ForwardVariance)} → {CliFormat.Number(p.Top.ForwardVariance)})");
        output.WriteLine($"gradient growth  σ²_g,0/σ²_g,top   = {Defined(s.GradientGrowth)}  ({CliFormat.Number(p.Top.GradientVariance)} at the top → {CliFormat.Number(p.Bottom.GradientVariance)} at k = 0)");
        output.WriteLine($"gradient spread  max σ²_g/min σ²_g = {Defined(s.GradientSpread)}");
        output.WriteLine($"output change    Σ_k β_kk² (ADMIN.md §3.3, units of C) = {Defined(s.OutputChange)}");
        if (evaluation.Solver is SolverResult solver) output.WriteLine(SolverLine(solver, evaluation.Request));
        WriteWarnings(output, warnings);
    }

    /// <summary>
    /// <c>init</c>'s output: the configuration line, the scheme and its notes, the embedding σ's, and a table of every
    /// σ and residual scale per run of identical layers ("all layers" when they are all the same).
    /// </summary>
    public static void RenderInitialization(TextWriter output, ModelEvaluation evaluation)
    {
        var console = CliConsole.Create(output);
        var init = evaluation.Initialization;
        output.WriteLine(ConfigLine(evaluation.Config));
        WriteScheme(output, evaluation);
        output.WriteLine();
        string segment = evaluation.Config.Segments == 0 ? "— (no segment table)" : CliFormat.Number(init.SegmentStd);
        output.WriteLine($"embedding σ: word {CliFormat.Number(init.WordStd)}, position {CliFormat.Number(init.PositionStd)}, segment {segment}");

        var groups = LayerGroups.Of(init);
        bool sameScales = init.Layers.All(l => l.Attention == l.FeedForward);
        var headers = new List<string> { "layer", "σ_q", "σ_k", "σ_v", "σ_o", "σ_1 (up)", "σ_2 (down)" };
        headers.AddRange(sameScales ? ["λ", "β"] : ["λ attn", "β attn", "λ ffn", "β ffn"]);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string header in headers) table.AddColumn(new TableColumn(new Text(header)) { Alignment = header == "layer" ? Justify.Left : Justify.Right });
        foreach (var group in groups)
        {
            var l = group.Values;
            var cells = new List<double> { l.QueryStd, l.KeyStd, l.ValueStd, l.OutputStd, l.UpStd, l.DownStd, l.Attention.Skip, l.Attention.Branch };
            if (!sameScales) cells.AddRange([l.FeedForward.Skip, l.FeedForward.Branch]);
            table.AddRow([new Text(group.Label(init.Layers.Count)), .. cells.Select(v => new Text(CliFormat.Number(v)))]);
        }
        console.Write(table);
        output.WriteLine("(layers are 0-based; λ, β: h ← λh + β·f, Admin's ω and DeepNorm's α are λ)");
    }

    /// <summary>The solver's answer in one line.</summary>
    public static string SolverLine(SolverResult solver, ModelRequest request)
    {
        var (band, spread) = Distinct(request.GradientBand, solver.GradientSpread);
        return $"solver           β² = {CliFormat.Number(solver.BetaSquared)}, λ² = {CliFormat.Number(1 - solver.BetaSquared)}" +
               $"{(request.BetaSquared is null ? "" : " (fixed by --beta-squared)")}, gradient spread {spread}, " +
               $"within band {band}: {(solver.WithinBand ? "yes" : "no")}";
    }

    /// <summary>Formats two numbers with 6 significant digits, or in round-trip form when they would look equal but are not.</summary>
    public static (string A, string B) Distinct(double a, double b)
    {
        string x = CliFormat.Number(a), y = CliFormat.Number(b);
        return x == y && a != b ? (a.ToString("R", CultureInfo.InvariantCulture), b.ToString("R", CultureInfo.InvariantCulture)) : (x, y);
    }

    /// <summary>Writes warnings as <c>warning: …</c> lines, bold yellow on a terminal.</summary>
    public static void WriteWarnings(TextWriter output, IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0) return;
        output.WriteLine();
        if (!CliConsole.IsInteractiveTerminal(output))
        {
            foreach (string warning in warnings) output.WriteLine("warning: " + warning);
            return;
        }
        var console = CliConsole.Create(output);
        foreach (string warning in warnings)
        {
            console.Write(new Markup($"[bold yellow]warning:[/] [yellow]{Markup.Escape(warning)}[/]"));
            console.WriteLine();
        }
    }

    private static void WriteScheme(TextWriter output, ModelEvaluation evaluation)
    {
        output.WriteLine($"init {evaluation.Initialization.Scheme}: {evaluation.SchemeDescription}");
        foreach (string note in evaluation.Initialization.Notes.Where(n => n != evaluation.SchemeDescription))
            output.WriteLine($"  · {note}");
    }

    /// <summary>A number, or "undefined" for NaN (a ratio of overflowed or zero variances).</summary>
    public static string Defined(double value) => double.IsNaN(value) ? "undefined (∞/∞ or 0/0)" : CliFormat.Number(value);

    private static string N(double value) => CliFormat.Number(value);
}
