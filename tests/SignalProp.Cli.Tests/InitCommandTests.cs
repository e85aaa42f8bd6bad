using System.Text.Json;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

/// <summary><c>signalprop init &lt;scheme&gt;</c> and <c>init solve</c>.</summary>
public class InitCommandTests
{
    private static JsonElement[] Layers(JsonElement root) => [.. root.GetProperty("initialization").GetProperty("layers").EnumerateArray()];

    [Fact] // THEORY.md §7: DSLM σ's for d = 256, p = 0.1, N = 4, β² = 0.25
    public void Dslm_reproduces_the_reference_sigmas()
    {
        var root = JsonRun.Init("dslm", "--layers", "4", "--d-model", "256", "--heads", "4", "--input-correlation", "0.221", "--beta-squared", "0.25");
        Assert.Equal("dslm", root.GetProperty("scheme").GetString());
        var layers = Layers(root);
        double[] expected = [0.09115531, 0.07657431, 0.07120707, 0.06844467];
        Assert.Equal(4, layers.Length);
        for (int l = 0; l < 4; l++)
        {
            Assert.Equal(l, layers[l].GetProperty("firstLayer").GetInt32());
            Assert.Equal(l, layers[l].GetProperty("lastLayer").GetInt32());
            Assert.Equal(expected[l], layers[l].GetProperty("vStd").GetDouble(), 1e-8);
            Assert.Equal(expected[l], layers[l].GetProperty("oStd").GetDouble(), 1e-8);
            Assert.Equal(Math.Sqrt(1 / 256.0), layers[l].GetProperty("qStd").GetDouble(), 12);
            Assert.Equal(Math.Sqrt(0.75), layers[l].GetProperty("attentionLambda").GetDouble(), 12);
            Assert.Equal(0.5, layers[l].GetProperty("ffnBeta").GetDouble(), 12);
        }
        Assert.True(root.GetProperty("initialization").GetProperty("layersVary").GetBoolean());
        Assert.Equal(Math.Sqrt(0.9 / 3), root.GetProperty("initialization").GetProperty("embedding").GetProperty("word").GetDouble(), 12);
        Assert.Contains(root.GetProperty("initialization").GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("β² = 0.25"));
    }

    [Fact] // THEORY.md §7: DSLM at the paper's size: σ_emb, σ_qk, σ_ffn, σ_vo[0], σ_vo[191]
    public void Dslm_paper_size_reference_values()
    {
        var root = JsonRun.Init("dslm", "--input-correlation", "0.221", "--beta-squared", "0.005");
        var layers = Layers(root);
        Assert.Equal(192, layers.Length);
        Assert.Equal(0.547723, root.GetProperty("initialization").GetProperty("embedding").GetProperty("word").GetDouble(), 1e-6);
        Assert.Equal(0.03125, layers[0].GetProperty("qStd").GetDouble(), 12);
        Assert.Equal(0.025595, layers[0].GetProperty("upStd").GetDouble(), 1e-6);
        Assert.Equal(0.045578, layers[0].GetProperty("vStd").GetDouble(), 1e-6);
        Assert.Equal(0.033788, layers[191].GetProperty("vStd").GetDouble(), 1e-6);
    }

    [Fact]
    public void Admin_post_ln_starts_with_omega_one()
    {
        var root = JsonRun.Init("admin", "--arch", "postln", "--layers", "6", "--d-model", "256", "--heads", "4");
        var layers = Layers(root);
        Assert.Equal(6, layers.Length);
        Assert.Equal(1.0, layers[0].GetProperty("attentionLambda").GetDouble());
        Assert.All(layers, l => Assert.Equal(1.0, l.GetProperty("attentionBeta").GetDouble()));
        Assert.Equal("postln", root.GetProperty("config").GetProperty("arch").GetString());
    }

    [Theory]
    [InlineData("admin-logn")]
    [InlineData("admin-o1")]
    [InlineData("deepnorm")]
    public void Constant_shortcut_schemes_have_one_group(string scheme)
    {
        var root = JsonRun.Init(scheme, "--arch", "postln", "--layers", "8", "--d-model", "256", "--heads", "4");
        var layer = Assert.Single(Layers(root));
        Assert.Equal(0, layer.GetProperty("firstLayer").GetInt32());
        Assert.Equal(7, layer.GetProperty("lastLayer").GetInt32());
        double expected = scheme switch
        {
            "admin-o1" => Math.Sqrt(16),
            "admin-logn" => Math.Sqrt(17 / Math.Log(17) - 1),
            _ => Math.Pow(16, 0.25),
        };
        Assert.Equal(expected, layer.GetProperty("attentionLambda").GetDouble(), 12);
        Assert.False(root.GetProperty("initialization").GetProperty("layersVary").GetBoolean());
    }

    [Fact]
    public void Identical_layers_print_one_all_layers_row()
    {
        var run = CliRun.Of("init", "xavier", "--layers", "12");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Contains("all layers", run.Stdout);
        Assert.Contains("0.0428746", run.Stdout); // σ_qkv = √(2/(1024 + 64))
        Assert.Contains("embedding σ: word 0.03125", run.Stdout);
        Assert.Contains("THEORY.md §4.4", run.Stdout);
        foreach (string header in new[] { "σ_q", "σ_k", "σ_v", "σ_o", "σ_1", "σ_2", "λ", "β" }) Assert.Contains(header, run.Stdout);

        var dslm = CliRun.Of("init", "dslm", "--layers", "3", "--d-model", "256", "--heads", "4");
        Assert.DoesNotContain("all layers", dslm.Stdout);
        Assert.Contains("β² = 0.333333", dslm.Stdout);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("rezero")]
    [InlineData("xavier")]
    public void Pre_ln_schemes_work(string scheme)
    {
        var root = JsonRun.Init(scheme, "--layers", "4", "--d-model", "128", "--heads", "2");
        Assert.Equal(scheme, root.GetProperty("scheme").GetString());
        Assert.Single(Layers(root));
        Assert.False(root.TryGetProperty("verdict", out _));
    }

    [Fact]
    public void Solve_returns_within_band()
    {
        var root = JsonRun.Init("solve", "--layers", "24", "--d-model", "256", "--heads", "4", "--seq-len", "128");
        Assert.Equal("solved", root.GetProperty("scheme").GetString());
        var solver = root.GetProperty("initialization").GetProperty("solver");
        Assert.True(solver.GetProperty("withinBand").GetBoolean());
        double spread = solver.GetProperty("gradientSpread").GetDouble();
        Assert.InRange(spread, 1.0, 2.0 + 1e-9);
        Assert.Equal(2.0, solver.GetProperty("gradientBand").GetDouble());
        double beta2 = solver.GetProperty("betaSquared").GetDouble();
        Assert.InRange(beta2, 1e-9, 1.0);
        Assert.Equal(1 - beta2, solver.GetProperty("lambdaSquared").GetDouble(), 12);
        var layers = Layers(root);
        Assert.Equal(24, layers.Length);
        Assert.All(layers, l => Assert.Equal(l.GetProperty("vStd").GetDouble(), l.GetProperty("oStd").GetDouble()));
        Assert.Equal(Math.Sqrt(beta2), layers[0].GetProperty("attentionBeta").GetDouble(), 12);
        Assert.StartsWith("within band", root.GetProperty("verdict").GetString());
        Assert.Equal(1.0, root.GetProperty("summary").GetProperty("top").GetProperty("forwardVariance").GetDouble(), 9);
    }

    [Fact]
    public void Solve_text_has_the_answer_and_a_verdict()
    {
        var run = CliRun.Of("init", "solve", "--layers", "8", "--d-model", "128", "--heads", "4", "--gradient-band", "1.5", "--arch", "postln");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("β² = ", run.Stdout);
        Assert.Contains("λ² = ", run.Stdout);
        Assert.Contains("gradient spread", run.Stdout);
        Assert.Contains("within band 1.5: yes", run.Stdout);
        string last = run.Stdout.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("verdict: within band", last);
    }

    [Fact]
    public void Solve_with_a_fixed_beta_squared_reports_the_spread()
    {
        var root = JsonRun.Init("solved", "--layers", "8", "--d-model", "128", "--heads", "4", "--beta-squared", "1", "--gradient-band", "1.01");
        var solver = root.GetProperty("initialization").GetProperty("solver");
        Assert.Equal(1.0, solver.GetProperty("betaSquared").GetDouble());
        Assert.False(solver.GetProperty("withinBand").GetBoolean());
        Assert.StartsWith("outside the band", root.GetProperty("verdict").GetString());
    }

    [Fact] // no β² ≥ 1e-9 meets a band this tight: exit 1, the verdict on stdout and as the error line
    public void Solve_without_a_solution_exits_1()
    {
        var run = CliRun.Of("init", "solve", "--layers", "8", "--d-model", "128", "--heads", "4", "--gradient-band", "1.0000000001");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("within band 1.0000000001: no", run.Stdout);
        Assert.Contains("verdict: no solution", run.Stdout);
        Assert.StartsWith("error: no solution", run.Stderr);
    }

    [Fact]
    public void Unknown_scheme_lists_the_valid_names()
    {
        var run = CliRun.Of("init", "fixup");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("error: unknown scheme 'fixup'", run.Stderr);
        foreach (string name in new[] { "xavier", "default", "dslm", "admin", "admin-logn", "admin-o1", "deepnorm", "rezero", "solve" })
            Assert.Contains(name, run.Stderr);
    }

    [Fact]
    public void Missing_scheme_exits_2()
    {
        var run = CliRun.Of("init");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("scheme", run.Stderr);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("admin-logn")]
    [InlineData("admin-o1")]
    [InlineData("deepnorm")]
    public void Post_ln_only_schemes_reject_pre_ln(string scheme)
    {
        var run = CliRun.Of("init", scheme, "--layers", "4", "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("error: --arch = preln is out of range: must be postln", run.Stderr);
    }

    [Fact]
    public void Options_for_other_schemes_warn()
    {
        var (_, stderr) = JsonRun.Of("init", "xavier", "--layers", "2", "--dslm-alpha", "0.5");
        Assert.Contains("warning: --dslm-alpha only applies to dslm", stderr);
    }
}
