using System.Text.Json;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

/// <summary>JSON shape and the THEORY.md §7 test vectors through the command line.</summary>
public class PredictComponentJsonTests
{
    [Fact]
    public void Json_has_the_documented_shape_in_order()
    {
        var run = CliRun.Of("predict", "component", "linear", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.EndsWith("\n", run.Stdout);
        Assert.Single(run.Stdout.TrimEnd().Split('\n')); // one line

        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Equal(["component", "forward", "backward"], root.EnumerateObject().Take(3).Select(p => p.Name));
        Assert.Equal("linear", root.GetProperty("component").GetString());
        Assert.Equal(["mean", "variance", "correlation"], root.GetProperty("forward").EnumerateObject().Take(3).Select(p => p.Name));
        Assert.Equal(["variance", "correlation"], root.GetProperty("backward").EnumerateObject().Take(2).Select(p => p.Name));
        Assert.StartsWith("{\"component\":\"linear\",\"forward\":{\"mean\":", run.Stdout);
    }

    [Fact]
    public void Linear_forward_matches_the_test_vector()
    {
        // THEORY.md §7: Linear fwd μ=1, σ²=2, r=0.3, d_in=100, σ_w²=0.01 → σ²=3.0, C=1.6, r=0.533333.
        var json = CliRun.Json("linear", "--mean", "1", "--variance", "2", "--correlation", "0.3", "--d-in", "100", "--weight-std", "0.1");
        Approx.Equal(0.0, json, "forward.mean");
        Approx.Equal(3.0, json, "forward.variance");
        Approx.Equal(0.533333, json, "forward.correlation");
        Approx.Equal(1.6, json, "forward.covariance");
        Assert.Equal(100, json.GetProperty("parameters").GetProperty("d-in").GetInt32());
    }

    [Fact]
    public void Linear_backward_matches_the_test_vector()
    {
        // THEORY.md §7: Linear bwd σ_g²=1.5, r_g=0.2, d_out=400, σ_w²=0.0025 → σ_g²=1.5, r_g=0.2.
        var json = CliRun.Json("linear", "--grad-variance", "1.5", "--grad-correlation", "0.2", "--d-out", "400", "--weight-std", "0.05");
        Approx.Equal(1.5, json, "backward.variance");
        Approx.Equal(0.2, json, "backward.correlation");
    }

    [Fact]
    public void Relu_matches_the_test_vectors()
    {
        // THEORY.md §7: ReLU fwd σ²=2, r=0.5 → μ=0.56419, σ²=0.68169, C=0.290688, r=0.426422;
        // bwd σ_g²=1, r_g=0.4, r_x=0.5 → σ_g²=0.5, C_g=0.133333, r_g=0.266667.
        var json = CliRun.Json("relu", "--variance", "2", "--correlation", "0.5", "--grad-correlation", "0.4");
        Approx.Equal(0.56419, json, "forward.mean");
        Approx.Equal(0.68169, json, "forward.variance");
        Approx.Equal(0.426422, json, "forward.correlation");
        Approx.Equal(0.290688, json, "forward.covariance");
        Approx.Equal(0.5, json, "backward.variance");
        Approx.Equal(0.266667, json, "backward.correlation");
        Approx.Equal(0.133333, json, "backward.covariance");
        Assert.Equal("closed form", json.GetProperty("parameters").GetProperty("method").GetString());
    }

    [Fact]
    public void Relu_by_quadrature_agrees_with_the_closed_form()
    {
        var json = CliRun.Json("relu", "--variance", "2", "--correlation", "0.5", "--quadrature");
        Approx.Equal(0.68169, json, "forward.variance");
        Approx.Equal(0.426422, json, "forward.correlation");
        Assert.Equal("quadrature", json.GetProperty("parameters").GetProperty("method").GetString());
    }

    [Fact]
    public void Gelu_matches_the_test_vectors()
    {
        // THEORY.md §7: GeLU fwd σ²=2, r=0.5 → μ=0.460659, σ²=0.709876, r=0.420077; bwd σ_g²=1, r_g=0.4 → σ_g²=0.489512, C_g=0.139453.
        var json = CliRun.Json("gelu", "--variance", "2", "--correlation", "0.5", "--grad-correlation", "0.4");
        Approx.Equal(0.460659, json, "forward.mean");
        Approx.Equal(0.709876, json, "forward.variance");
        Approx.Equal(0.420077, json, "forward.correlation");
        Approx.Equal(0.489512, json, "backward.variance");
        Approx.Equal(0.139453, json, "backward.covariance");
    }

    [Fact]
    public void Dropout_matches_the_test_vectors()
    {
        // THEORY.md §7: Dropout fwd μ=1, σ²=2, r=0.5, p=0.1 → μ=1, σ²=2.33333, C=1.0, r=0.428571;
        // bwd σ_g²=1, r_g=0.5 → σ_g²=1.11111, C_g=0.5, r_g=0.45.
        var json = CliRun.Json("dropout", "--mean", "1", "--variance", "2", "--correlation", "0.5", "--p", "0.1", "--grad-correlation", "0.5");
        Approx.Equal(1.0, json, "forward.mean");
        Approx.Equal(2.33333, json, "forward.variance");
        Approx.Equal(0.428571, json, "forward.correlation");
        Approx.Equal(1.0, json, "forward.covariance");
        Approx.Equal(1.11111, json, "backward.variance");
        Approx.Equal(0.45, json, "backward.correlation");
    }

    [Fact]
    public void LayerNorm_matches_the_test_vectors()
    {
        // THEORY.md §7: LN fwd r=0.5, d=100 → σ²=1, C=0.495; bwd σ_g²=1, r_g=0.3, σ_x²=4 → σ_g²=0.25, C_g=0.075.
        var json = CliRun.Json("layernorm", "--correlation", "0.5", "--d", "100", "--variance", "4", "--grad-correlation", "0.3", "--ln-correlation", "authors");
        Approx.Equal(1.0, json, "forward.variance");
        Approx.Equal(0.495, json, "forward.covariance");
        Approx.Equal(0.25, json, "backward.variance");
        Approx.Equal(0.075, json, "backward.covariance");

        var unchanged = CliRun.Json("layernorm", "--correlation", "0.5", "--d", "100", "--ln-correlation", "unchanged");
        Approx.Equal(0.5, unchanged, "forward.correlation");
        Assert.Equal("unchanged", unchanged.GetProperty("parameters").GetProperty("ln-correlation").GetString());
    }

    [Fact]
    public void Softmax_reports_full_and_approximate_variances()
    {
        // THEORY.md §7: Softmax fwd σ²=1, r=0.2, L=300 → μ=0.00333333, Var_approx=1.36171e−5, Var_full=1.38074e−5;
        // bwd σ_g²=1 → approx 2.47282e−5, full 2.49185e−5.
        var json = CliRun.Json("softmax", "--variance", "1", "--correlation", "0.2", "--seq-len", "300");
        Approx.Equal(0.00333333, json, "forward.mean", 1e-6);
        Assert.Equal(1.38074e-5, Approx.Number(json, "forward.variance"), 1e-9);
        Assert.Equal(1.36171e-5, Approx.Number(json, "forward.varianceApprox"), 1e-9);
        Assert.Equal(2.49185e-5, Approx.Number(json, "backward.variance"), 1e-9);
        Assert.Equal(2.47282e-5, Approx.Number(json, "backward.varianceApprox"), 1e-9);
    }

    [Fact]
    public void Sha_matches_the_test_vectors_and_reports_the_score_variance()
    {
        // THEORY.md §7: SHA fwd σ_x²=1, r=0.3, d_in=256, L=128, σ_q²=σ_k²=σ_v²=1/256, p=0.1 → σ²=0.314269, C=0.305499,
        // r=0.972092, S²=1; bwd σ_g²=1, r_g=0.2, d_out=64 → σ_g²=0.0517795, C_g=0.0515625. The stds default to 1/√256.
        var json = CliRun.Json("sha", "--correlation", "0.3", "--d-in", "256", "--d-out", "64", "--seq-len", "128",
            "--attention-dropout", "0.1", "--grad-correlation", "0.2", "--attention-backward", "value");
        Approx.Equal(0.314269, json, "forward.variance");
        Approx.Equal(0.305499, json, "forward.covariance");
        Approx.Equal(0.972092, json, "forward.correlation");
        Approx.Equal(1.0, json, "scoreVariance");
        Approx.Equal(0.0517795, json, "backward.variance");
        Approx.Equal(0.0515625, json, "backward.covariance");
    }

    [Fact]
    public void Sha_without_v_drops_the_value_gain()
    {
        var withV = CliRun.Json("sha", "--correlation", "0.3", "--v-std", "0.0625", "--d-out", "256");
        var withoutV = CliRun.Json("sha", "--correlation", "0.3", "--no-v");
        // d_in σ_v² = 256/256 = 1 and d_out = d_in: the two agree (THEORY.md §2.9).
        Approx.Equal(Approx.Number(withV, "forward.variance"), withoutV, "forward.variance", 1e-12);
        Approx.Equal(Approx.Number(withV, "backward.variance"), withoutV, "backward.variance", 1e-12);
        Assert.Equal("none (--no-v)", withoutV.GetProperty("parameters").GetProperty("v-std").GetString());
    }

    [Fact]
    public void Mha_reports_the_score_variance_and_the_dropout_limit()
    {
        var json = CliRun.Json("mha", "--correlation", "0.3", "--p", "0.1", "--attention-dropout", "0.1", "--attention-backward", "value");
        Approx.Equal(1.0, json, "scoreVariance");
        // THEORY.md §2.10: C_att = dσ_o²·C_SHA and σ²_att = dσ_o²σ²_SHA/(1−p); with dσ_o² = 1 the SHA vector gives:
        Approx.Equal(0.305499, json, "forward.covariance");
        Approx.Equal(0.314269 / 0.9, json, "forward.variance");
    }

    [Fact]
    public void Ffn_with_relu_follows_the_block_formula()
    {
        // THEORY.md §2.11 with σ_x² = 1, p = 0: σ² = d_ff σ_2² · dσ_1²/2, r = φ(r_x); fan-in defaults give 1/2, φ(0) = 1/π.
        var json = CliRun.Json("ffn");
        Approx.Equal(0.5, json, "forward.variance", 1e-12);
        Approx.Equal(1 / Math.PI, json, "forward.correlation", 1e-12);
        Approx.Equal(0.5, json, "backward.variance", 1e-12);
        Assert.Equal(1024, json.GetProperty("parameters").GetProperty("d-ff").GetInt32());

        var gelu = CliRun.Json("ffn", "--activation", "gelu");
        Assert.Equal("gelu", gelu.GetProperty("parameters").GetProperty("activation").GetString());
    }

    [Fact]
    public void Residual_matches_the_test_vector()
    {
        // THEORY.md §7: Residual σ_x²=1, r_x=0.3, σ_f²=1, r_f=0.9, λ²=0.95, β²=0.05 → σ²=1.0, r=0.33.
        string lambda = Math.Sqrt(0.95).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        string beta = Math.Sqrt(0.05).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var json = CliRun.Json("residual", "--variance", "1", "--correlation", "0.3", "--branch-variance", "1",
            "--branch-correlation", "0.9", "--lambda", lambda, "--beta", beta);
        Approx.Equal(1.0, json, "forward.variance", 1e-12);
        Approx.Equal(0.33, json, "forward.correlation", 1e-12);
        // Backward with t = 1: λ² + β² = 1, r_g kept.
        Approx.Equal(1.0, json, "backward.variance", 1e-12);
    }

    [Fact]
    public void Residual_branch_correlation_defaults_to_the_input_correlation()
    {
        var json = CliRun.Json("residual", "--correlation", "0.4");
        Approx.Equal(2.0, json, "forward.variance", 1e-12);
        Approx.Equal(0.4, json, "forward.correlation", 1e-12);
        Approx.Equal(0.4, json, "parameters.branch-correlation", 1e-12);
    }

    [Fact]
    public void Embedding_reports_the_token_collision_and_ignores_the_input()
    {
        // THEORY.md §2.1: |V| = 30522 Zipf(1) gives q_tok = 0.01384; three equal tables with 2 segments: r = (q + 0.5)/3 ≈ 0.171.
        var json = CliRun.Json("embedding");
        Approx.Equal(0.01384, json, "tokenCollision", 1e-4);
        Approx.Equal((0.0138360831177015 + 0.5) / 3, json, "forward.correlation", 1e-9);
        Approx.Equal(1.0, json, "forward.variance", 1e-12);
        Assert.False(json.TryGetProperty("input", out _));
    }

    [Fact]
    public void Infinity_is_written_as_a_named_literal_with_a_warning()
    {
        // The authors' log-normal forward overflows as e^{(1−r)S²}; the default (full) saturates instead (next test).
        var run = CliRun.Of("predict", "component", "sha", "--q-std", "100", "--json", "--attention-backward", "value");
        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        var variance = document.RootElement.GetProperty("forward").GetProperty("variance");
        Assert.Equal(JsonValueKind.String, variance.ValueKind);
        Assert.Equal("Infinity", variance.GetString());
        Assert.DoesNotContain("NaN", run.Stdout);
        Assert.Contains("warning:", run.Stderr);
        Assert.Contains("forward.variance overflowed to +∞", run.Stderr);
    }

    [Fact]
    public void Overflow_in_the_table_form_is_shown_and_warned()
    {
        var run = CliRun.Of("predict", "component", "sha", "--q-std", "100", "--attention-backward", "value");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("+∞", run.Stdout);
        Assert.Contains("overflowed to +∞", run.Stderr);
    }

    [Fact]
    public void Full_attention_saturates_instead_of_overflowing()
    {
        var json = CliRun.Json("sha", "--q-std", "100");
        Assert.Equal(JsonValueKind.Number, json.GetProperty("forward").GetProperty("variance").ValueKind);
        Assert.Equal("full", json.GetProperty("parameters").GetProperty("attention-backward").GetString());
        Assert.True(json.GetProperty("forward").GetProperty("variance").GetDouble() > 0);
    }

    [Fact]
    public void Full_attention_backward_exceeds_the_value_path_at_xavier_sized_q_and_k()
    {
        // ATTENTION.md §0: at Xavier-sized Q/K the query and key paths dominate; the value path alone is far lower.
        string[] common = ["--correlation", "0.2", "--d-in", "256", "--d-out", "64", "--seq-len", "128", "--q-std", "0.079", "--k-std", "0.079"];
        var full = CliRun.Json("sha", common);
        var value = CliRun.Json("sha", [.. common, "--attention-backward", "value"]);
        Assert.True(Approx.Number(full, "backward.variance") > 3 * Approx.Number(value, "backward.variance"));
    }
}
