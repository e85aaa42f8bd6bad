using System.Diagnostics;
using System.Text.Json;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

/// <summary><c>signalprop predict model</c>: JSON shape, THEORY.md §7 values, schemes, CSV, summary text, overflow.</summary>
public class PredictModelTests
{
    private static readonly string[] RowFields =
    [
        "sublayer", "layer", "kind", "forwardVariance", "forwardCorrelation", "gradientVariance", "gradientCorrelation", "scoreVariance",
        "scoreInstability", "blockVariance", "blockCorrelation", "blockGradientGain", "residualInputVariance", "lambda", "beta",
        "branchDependency", "outputChange",
    ];

    private static readonly string[] Small = ["--layers", "6", "--d-model", "64", "--heads", "4", "--seq-len", "32"];

    private static JsonElement[] Stream(JsonElement root) => [.. root.GetProperty("stream").EnumerateArray()];

    [Fact]
    public void Json_has_the_documented_shape()
    {
        var root = JsonRun.Model(Small);
        Assert.Equal(["config", "initialization", "summary", "warnings", "stream"], root.EnumerateObject().Select(p => p.Name));
        var stream = Stream(root);
        Assert.Equal(2 * 6 + 1, stream.Length);
        foreach (var row in stream) Assert.Equal(RowFields, row.EnumerateObject().Select(p => p.Name));
        for (int k = 0; k < stream.Length; k++)
        {
            Assert.Equal(k, stream[k].GetProperty("sublayer").GetInt32());
            Assert.Equal(k == 0 ? -1 : (k - 1) / 2, stream[k].GetProperty("layer").GetInt32());
            Assert.Equal(k == 0 ? "embedding" : k % 2 == 1 ? "attention" : "ffn", stream[k].GetProperty("kind").GetString());
            Assert.Equal(k == 0 ? JsonValueKind.Null : JsonValueKind.Number, stream[k].GetProperty("blockGradientGain").ValueKind);
            Assert.Equal(JsonValueKind.Number, stream[k].GetProperty("scoreVariance").ValueKind);
        }
        Assert.True(stream[1].GetProperty("scoreVariance").GetDouble() > 0);
        Assert.Equal(0.0, stream[0].GetProperty("outputChange").GetDouble());

        var config = root.GetProperty("config");
        Assert.Equal("preln", config.GetProperty("arch").GetString());
        Assert.Equal(6, config.GetProperty("layers").GetInt32());
        Assert.Equal(64, config.GetProperty("dModel").GetInt32());
        Assert.Equal(256, config.GetProperty("dFf").GetInt32());
        Assert.Equal(32, config.GetProperty("seqLen").GetInt32());
        Assert.Equal("relu", config.GetProperty("activation").GetString());

        var init = root.GetProperty("initialization");
        Assert.Equal("xavier", init.GetProperty("scheme").GetString());
        Assert.NotEmpty(init.GetProperty("notes").EnumerateArray());
        Assert.Equal(0.125, init.GetProperty("embedding").GetProperty("word").GetDouble(), 12);
        Assert.False(init.GetProperty("layersVary").GetBoolean());
        var layer = Assert.Single(init.GetProperty("layers").EnumerateArray());
        Assert.Equal(0, layer.GetProperty("firstLayer").GetInt32());
        Assert.Equal(5, layer.GetProperty("lastLayer").GetInt32());
        Assert.Equal(Math.Sqrt(2.0 / (64 + 16)), layer.GetProperty("qStd").GetDouble(), 12);

        var summary = root.GetProperty("summary");
        double bottom = stream[0].GetProperty("forwardVariance").GetDouble(), top = stream[^1].GetProperty("forwardVariance").GetDouble();
        Assert.Equal(top / bottom, summary.GetProperty("forwardGrowth").GetDouble(), 9);
        Assert.Equal(stream[0].GetProperty("gradientVariance").GetDouble() / stream[^1].GetProperty("gradientVariance").GetDouble(),
            summary.GetProperty("gradientGrowth").GetDouble(), 9);
        Assert.Equal(top, summary.GetProperty("top").GetProperty("forwardVariance").GetDouble());
        Assert.Equal(bottom, summary.GetProperty("bottom").GetProperty("forwardVariance").GetDouble());
        Assert.False(summary.GetProperty("overflow").GetBoolean());
        Assert.Empty(root.GetProperty("warnings").EnumerateArray());
    }

    [Fact] // THEORY.md §7: Xavier Pre-LN recurrence at the paper's defaults with r₀ = 0.221
    public void Xavier_pre_ln_paper_default_reproduces_the_reference_table()
    {
        // THEORY.md §7's table is the authors' formulas (their attention and LayerNorm maps), not the defaults.
        var root = JsonRun.Model("--input-correlation", "0.221", "--attention-backward", "value", "--ln-correlation", "authors");
        var stream = Stream(root);
        Assert.Equal(2 * 192 + 1, stream.Length);
        Assert.Equal(420.23, stream[384].GetProperty("forwardVariance").GetDouble(), 0.01);
        Assert.Equal(0.90, stream[2].GetProperty("forwardVariance").GetDouble(), 0.005);
        Assert.Equal(2.70, stream[4].GetProperty("forwardVariance").GetDouble(), 0.005);
        Assert.Equal(219.76, stream[202].GetProperty("forwardVariance").GetDouble(), 0.01);
        Assert.Equal(0.884, stream[384].GetProperty("forwardCorrelation").GetDouble(), 0.0005);
        Assert.Equal(0.684, stream[2].GetProperty("forwardCorrelation").GetDouble(), 0.0005);
        Assert.Equal(3 / (1024 * 0.9), stream[0].GetProperty("forwardVariance").GetDouble(), 12);
        var config = root.GetProperty("config");
        Assert.Equal(1024, config.GetProperty("dModel").GetInt32());
        Assert.Equal(16, config.GetProperty("heads").GetInt32());
        Assert.Equal(4096, config.GetProperty("dFf").GetInt32());
        Assert.Equal(256, config.GetProperty("seqLen").GetInt32());
        Assert.Equal(30522, config.GetProperty("vocabSize").GetInt32());
        Assert.Equal(2, config.GetProperty("segments").GetInt32());
        Assert.Equal(0.1, config.GetProperty("dropout").GetDouble());
        Assert.Equal(0.1, config.GetProperty("attentionDropout").GetDouble());
        Assert.Equal(0.221, config.GetProperty("inputCorrelation").GetDouble());
    }

    [Theory] // DSLM keeps the Pre-LN stream at unit variance (THEORY.md §3.3, §4.3): every sub-layer within 1%
    [InlineData()]
    [InlineData("--input-correlation", "0.221")]
    public void Dslm_keeps_pre_ln_forward_variance_at_one(params string[] extra)
    {
        var root = JsonRun.Model(["--init", "dslm", .. extra]);
        var stream = Stream(root);
        Assert.Equal(385, stream.Length);
        foreach (var row in stream)
            Assert.InRange(row.GetProperty("forwardVariance").GetDouble(), 0.99, 1.01);
        Assert.True(root.GetProperty("initialization").GetProperty("layersVary").GetBoolean());
        Assert.Equal(192, root.GetProperty("initialization").GetProperty("layers").GetArrayLength());
        double beta = Math.Sqrt(1.0 / 192);
        Assert.Equal(beta, stream[5].GetProperty("beta").GetDouble(), 12);
        Assert.Equal(Math.Sqrt(1 - 1.0 / 192), stream[5].GetProperty("lambda").GetDouble(), 12);
    }

    [Theory]
    [InlineData("xavier")]
    [InlineData("dslm")]
    [InlineData("admin")]
    [InlineData("deepnorm")]
    public void Post_ln_stream_has_unit_variance_after_every_sub_layer(string scheme)
    {
        var stream = Stream(JsonRun.Model("--arch", "postln", "--init", scheme, "--layers", "24", "--d-model", "256", "--heads", "4"));
        Assert.Equal(49, stream.Length);
        foreach (var row in stream.Skip(1)) Assert.Equal(1.0, row.GetProperty("forwardVariance").GetDouble(), 12);
    }

    [Theory]
    [InlineData("preln", "xavier")] [InlineData("preln", "default")] [InlineData("preln", "dslm")] [InlineData("preln", "rezero")]
    [InlineData("preln", "solved")] [InlineData("postln", "xavier")] [InlineData("postln", "default")] [InlineData("postln", "dslm")]
    [InlineData("postln", "admin")] [InlineData("postln", "admin-logn")] [InlineData("postln", "admin-o1")] [InlineData("postln", "deepnorm")]
    [InlineData("postln", "rezero")] [InlineData("postln", "solved")]
    public void Every_scheme_gives_finite_json(string arch, string scheme)
    {
        var root = JsonRun.Model("--arch", arch, "--init", scheme, "--layers", "12", "--d-model", "128", "--heads", "4", "--seq-len", "64");
        Assert.Equal(scheme, root.GetProperty("initialization").GetProperty("scheme").GetString());
        foreach (var row in Stream(root))
            foreach (string field in new[] { "forwardVariance", "forwardCorrelation", "gradientVariance", "gradientCorrelation", "outputChange" })
                Assert.True(double.IsFinite(row.GetProperty(field).GetDouble()), $"{scheme} {field}");
        if (scheme == "solved")
        {
            var solver = root.GetProperty("initialization").GetProperty("solver");
            Assert.True(solver.GetProperty("withinBand").GetBoolean());
            Assert.True(solver.GetProperty("gradientSpread").GetDouble() <= 2.0 + 1e-9);
            Assert.Equal(1.0, solver.GetProperty("betaSquared").GetDouble() + solver.GetProperty("lambdaSquared").GetDouble(), 12);
        }
        else Assert.False(root.GetProperty("initialization").TryGetProperty("solver", out _));
    }

    [Fact]
    public void Overrides_apply_to_every_layer_and_are_noted()
    {
        var root = JsonRun.Model([.. Small, "--q-std", "0.5", "--lambda", "0.9", "--beta", "0.3", "--embedding-std", "0.2", "--down-std", "0.01"]);
        var init = root.GetProperty("initialization");
        var layer = Assert.Single(init.GetProperty("layers").EnumerateArray());
        Assert.Equal(0.5, layer.GetProperty("qStd").GetDouble());
        Assert.Equal(0.01, layer.GetProperty("downStd").GetDouble());
        Assert.Equal(0.9, layer.GetProperty("attentionLambda").GetDouble());
        Assert.Equal(0.3, layer.GetProperty("ffnBeta").GetDouble());
        Assert.Equal(0.2, init.GetProperty("embedding").GetProperty("segment").GetDouble());
        Assert.Contains(init.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("σ_q = 0.5"));
        foreach (var row in Stream(root).Skip(1))
        {
            Assert.Equal(0.9, row.GetProperty("lambda").GetDouble());
            Assert.Equal(0.3, row.GetProperty("beta").GetDouble());
        }
        // σ²_0 = 3·0.2²/(1 − p)
        Assert.Equal(3 * 0.04 / 0.9, Stream(root)[0].GetProperty("forwardVariance").GetDouble(), 12);
    }

    [Fact]
    public void Injected_gradient_and_architecture_options_are_used()
    {
        var root = JsonRun.Model([.. Small, "--grad-variance", "4", "--grad-correlation", "0.5", "--d-ff", "100", "--activation", "gelu",
            "--segments", "0", "--dropout", "0", "--attention-dropout", "0.2", "--ln-correlation", "exact", "--vocab-size", "1000", "--zipf-exponent", "0.5"]);
        var top = Stream(root)[^1];
        Assert.Equal(4.0, top.GetProperty("gradientVariance").GetDouble());
        Assert.Equal(0.5, top.GetProperty("gradientCorrelation").GetDouble());
        var config = root.GetProperty("config");
        Assert.Equal(100, config.GetProperty("dFf").GetInt32());
        Assert.Equal("gelu", config.GetProperty("activation").GetString());
        Assert.Equal(0, config.GetProperty("segments").GetInt32());
        Assert.Equal("exact", config.GetProperty("lnCorrelation").GetString());
        Assert.Equal(0.0, root.GetProperty("initialization").GetProperty("embedding").GetProperty("segment").GetDouble());
        // two tables of σ² = 1/d, no dropout
        Assert.Equal(2.0 / 64, Stream(root)[0].GetProperty("forwardVariance").GetDouble(), 12);
    }

    [Fact]
    public void Input_variance_sets_the_embedding_output()
    {
        var stream = Stream(JsonRun.Model([.. Small, "--input-variance", "0.9"]));
        Assert.Equal(1.0, stream[0].GetProperty("forwardVariance").GetDouble(), 12);
    }

    [Fact]
    public void Dslm_parameters_set_beta_squared()
    {
        double BetaSquared(params string[] args)
        {
            var row = Stream(JsonRun.Model(["--init", "dslm", .. Small, .. args]))[1];
            return Math.Pow(row.GetProperty("beta").GetDouble(), 2);
        }
        Assert.Equal(1.0 / 6, BetaSquared(), 12);
        Assert.Equal(2.0 / 6, BetaSquared("--dslm-k", "2"), 12);
        Assert.Equal(1.0 / 36, BetaSquared("--dslm-alpha", "2"), 12);
        Assert.Equal(1.0 / 12, BetaSquared("--dslm-count", "sublayers"), 12);
        Assert.Equal(0.005, BetaSquared("--beta-squared", "0.005"), 12);
    }

    [Fact]
    public void Solved_uses_the_gradient_band_and_a_fixed_beta_squared()
    {
        var tight = JsonRun.Model(["--init", "solved", "--gradient-band", "1.2", .. Small]).GetProperty("initialization").GetProperty("solver");
        var loose = JsonRun.Model(["--init", "solved", "--gradient-band", "3", .. Small]).GetProperty("initialization").GetProperty("solver");
        Assert.True(tight.GetProperty("withinBand").GetBoolean());
        Assert.True(tight.GetProperty("gradientSpread").GetDouble() <= 1.2 + 1e-9);
        Assert.True(tight.GetProperty("betaSquared").GetDouble() < loose.GetProperty("betaSquared").GetDouble());
        var fixedBeta = JsonRun.Model(["--init", "solved", "--beta-squared", "0.1", .. Small]).GetProperty("initialization").GetProperty("solver");
        Assert.Equal(0.1, fixedBeta.GetProperty("betaSquared").GetDouble());
        Assert.True(fixedBeta.GetProperty("fixedBetaSquared").GetBoolean());
    }

    [Fact]
    public void Csv_has_a_header_and_one_line_per_sub_layer()
    {
        var run = CliRun.Of(["predict", "model", .. Small, "--csv"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        string[] lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(1 + 13, lines.Length);
        Assert.Equal(string.Join(',', RowFields), lines[0]);
        Assert.All(lines, l => Assert.Equal(RowFields.Length, l.Split(',').Length));
        Assert.StartsWith("0,-1,embedding,", lines[1]);
        Assert.StartsWith("1,0,attention,", lines[2]);
        Assert.StartsWith("12,5,ffn,", lines[^1]);

        // the CSV numbers are the JSON numbers
        var json = Stream(JsonRun.Model(Small));
        string[] cells = lines[5].Split(',');
        Assert.Equal(json[4].GetProperty("forwardVariance").GetDouble(), double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(json[4].GetProperty("gradientCorrelation").GetDouble(), double.Parse(cells[6], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("", lines[1].Split(',')[Array.IndexOf(RowFields, "blockGradientGain")]);
    }

    [Fact] // THEORY.md: an overflow is reported as +∞ with a warning, never NaN, and is not an error
    public void Overflow_prints_infinity_and_a_warning()
    {
        // The authors' log-normal attention forward overflows; the default (full) saturates instead (TransformerModelTests).
        string[] args = ["predict", "model", "--q-std", "5", "--arch", "postln", "--layers", "3", "--d-model", "64", "--heads", "4", "--attention-backward", "value"];
        var (root, stderr) = JsonRun.Of(args);
        Assert.Contains("overflow", stderr);
        Assert.StartsWith("warning: ", stderr);
        Assert.DoesNotContain("error", stderr);
        Assert.True(root.GetProperty("summary").GetProperty("overflow").GetBoolean());
        Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("overflowed to +∞"));
        var stream = Stream(root);
        Assert.Contains(stream, r => r.GetProperty("forwardVariance").ValueKind == JsonValueKind.String);
        Assert.Equal("Infinity", stream[^1].GetProperty("forwardVariance").GetString());
        Assert.Equal(double.PositiveInfinity, JsonRun.Number(stream[^1].GetProperty("forwardVariance")));

        var csv = CliRun.Of([.. args, "--csv"]);
        Assert.Equal(0, csv.ExitCode);
        Assert.Contains("Infinity", csv.Stdout);
        Assert.DoesNotContain("NaN", csv.Stdout);
        Assert.Contains("warning: ", csv.Stderr);

        var text = CliRun.Of(args);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("+∞", text.Stdout);
        Assert.Contains("warning: forward variance overflowed", text.Stdout);
        Assert.DoesNotContain("NaN", text.Stdout);
    }

    [Fact]
    public void Default_output_is_a_readable_summary()
    {
        var run = CliRun.Of("predict", "model", "--input-correlation", "0.221", "--attention-backward", "value", "--ln-correlation", "authors");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        string[] lines = run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith("Pre-LN, N = 192 layers (384 sub-layers), d = 1024, h = 16", lines[0]);
        Assert.StartsWith("init xavier: ", lines[1]);
        Assert.DoesNotContain('\u001b', run.Stdout);
        foreach (string header in new[] { "k", "layer", "kind", "forward var", "r", "grad var", "r_g", "S²" }) Assert.Contains(header, run.Stdout);
        Assert.Contains("│ 384 │", run.Stdout);
        Assert.Contains("420.227", run.Stdout);
        Assert.Contains("│ 192 │", run.Stdout);
        Assert.DoesNotContain("│ 100 │", run.Stdout);
        Assert.Contains("forward growth", run.Stdout);
        Assert.Contains("gradient growth", run.Stdout);
        Assert.Contains("σ²_top/σ²_0", run.Stdout);

        var all = CliRun.Of("predict", "model", "--layers", "20", "--d-model", "64", "--heads", "4", "--all");
        Assert.Contains("│ 20 │", all.Stdout);
        Assert.Contains("│ 40 │", all.Stdout);
    }

    [Fact]
    public void Attention_score_instability_is_a_warning()
    {
        var run = CliRun.Of(["predict", "model", .. Small, "--q-std", "0.5", "--k-std", "0.5"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: attention-score instability", run.Stdout);
        var root = JsonRun.Model([.. Small, "--q-std", "0.5", "--k-std", "0.5"]);
        Assert.True(root.GetProperty("summary").GetProperty("scoreInstability").GetBoolean());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("firstUnstableSubLayer").GetInt32());
        Assert.True(Stream(root)[1].GetProperty("scoreInstability").GetBoolean());
    }

    [Fact]
    public void Scheme_parameters_for_another_scheme_are_ignored_with_a_warning()
    {
        var (_, stderr) = JsonRun.Of(["predict", "model", .. Small, "--dslm-k", "2", "--gradient-band", "3"]);
        Assert.Contains("warning: --dslm-k only applies to dslm", stderr);
        Assert.Contains("warning: --gradient-band only applies to solved", stderr);
    }

    [Fact] // the issue asks for < 1 s wall time including start-up for the built binary; in-process this is far below
    public void Thousand_layers_json_is_fast()
    {
        CliRun.Of("predict", "model", "--layers", "3", "--json"); // warm up the JIT
        var watch = Stopwatch.StartNew();
        var run = CliRun.Of("predict", "model", "--layers", "1000", "--json");
        watch.Stop();
        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Equal(2001, document.RootElement.GetProperty("stream").GetArrayLength());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }
}
