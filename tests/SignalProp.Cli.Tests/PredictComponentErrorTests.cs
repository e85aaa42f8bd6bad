using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

/// <summary>Bad input: exit code 2, one clear line naming the option, its value and the range; no stack trace, no output.</summary>
public class PredictComponentErrorTests
{
    [Theory]
    [InlineData("linear", "--variance", "-1", "--variance = -1 is out of range: must be a finite number ≥ 0.")]
    [InlineData("relu", "--correlation", "1.5", "--correlation = 1.5 is out of range: must be in [-1, 1].")]
    [InlineData("relu", "--correlation", "-1.01", "--correlation = -1.01 is out of range")]
    [InlineData("dropout", "--p", "1", "--p = 1 is out of range: must be in [0, 1).")]
    [InlineData("dropout", "--p", "-0.1", "--p = -0.1 is out of range")]
    [InlineData("linear", "--d-in", "0", "--d-in = 0 is out of range: must be an integer ≥ 1.")]
    [InlineData("linear", "--d-out", "-3", "--d-out = -3 is out of range")]
    [InlineData("softmax", "--seq-len", "1", "--seq-len = 1 is out of range: must be an integer ≥ 2.")]
    [InlineData("relu", "--variance", "NaN", "--variance = NaN is out of range: must be a finite number ≥ 0.")]
    [InlineData("relu", "--variance", "Infinity", "--variance = Infinity is out of range")]
    [InlineData("relu", "--mean", "-Infinity", "--mean = -Infinity is out of range: must be a finite number.")]
    [InlineData("linear", "--weight-std", "-0.1", "--weight-std = -0.1 is out of range")]
    [InlineData("sha", "--q-std", "NaN", "--q-std = NaN is out of range")]
    [InlineData("relu", "--grad-variance", "-2", "--grad-variance = -2 is out of range")]
    [InlineData("relu", "--grad-correlation", "2", "--grad-correlation = 2 is out of range")]
    [InlineData("mha", "--heads", "3", "--heads = 3 is out of range: must be a divisor of --d = 256.")]
    [InlineData("mha", "--attention-dropout", "1", "--attention-dropout = 1 is out of range")]
    [InlineData("layernorm", "--d", "1", "--d = 1 is out of range: must be an integer ≥ 2.")]
    [InlineData("residual", "--lambda", "NaN", "--lambda = NaN is out of range")]
    [InlineData("residual", "--branch-correlation", "3", "--branch-correlation = 3 is out of range")]
    [InlineData("embedding", "--vocab-size", "0", "--vocab-size = 0 is out of range")]
    [InlineData("embedding", "--zipf-exponent", "-1", "--zipf-exponent = -1 is out of range")]
    [InlineData("ffn", "--activation", "softplus", "--activation = softplus is out of range")]
    [InlineData("layernorm", "--ln-correlation", "approx", "--ln-correlation = approx is out of range")]
    [InlineData("relu", "--variance", "abc", "--variance = 'abc' is not a number")]
    [InlineData("linear", "--d-in", "1.5", "--d-in = '1.5' is not an integer")]
    public void Out_of_range_values_exit_2_with_a_one_line_message(string component, string option, string value, string expected)
    {
        var run = CliRun.Of("predict", "component", component, option, value, "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        string first = run.Stderr.Split('\n')[0];
        Assert.StartsWith("error: ", first);
        Assert.Contains(expected, first);
        Assert.Contains(option, first);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
        Assert.DoesNotContain("(Parameter", run.Stderr);
    }

    [Fact]
    public void Equals_syntax_works_for_negative_values()
    {
        var run = CliRun.Of("predict", "component", "relu", "--variance=-1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--variance = -1 is out of range", run.Stderr);
    }

    [Fact]
    public void Unknown_component_lists_the_valid_names()
    {
        var run = CliRun.Of("predict", "component", "transformer", "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("unknown component 'transformer'", run.Stderr);
        foreach (string name in new[] { "embedding", "linear", "relu", "gelu", "layernorm", "dropout", "softmax", "sha", "mha", "ffn", "residual", "silu", "swish", "tanh", "sigmoid", "identity" })
            Assert.Contains(name, run.Stderr);
    }

    [Fact]
    public void Unknown_option_exits_2()
    {
        var run = CliRun.Of("predict", "component", "relu", "--varience", "2");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--varience", run.Stderr);
        Assert.Contains("--help", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Missing_name_exits_2()
    {
        var run = CliRun.Of("predict", "component");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("name", run.Stderr);
    }

    [Theory]
    [InlineData]
    [InlineData("predict")]
    public void Missing_subcommand_exits_2_and_shows_help(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("needs a subcommand", run.Stderr);
        Assert.Contains("Usage:", run.Stderr);
    }

    [Fact]
    public void Unknown_command_exits_2()
    {
        var run = CliRun.Of("simulate-everything");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("simulate-everything", run.Stderr);
    }

    [Fact]
    public void Attention_without_v_needs_zero_mean()
    {
        var run = CliRun.Of("predict", "component", "sha", "--no-v", "--mean", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--mean = 1 is out of range", run.Stderr);
    }

    [Fact]
    public void Options_the_component_does_not_use_are_ignored_with_a_warning()
    {
        var run = CliRun.Of("predict", "component", "relu", "--d-in", "100", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: --d-in does not apply to relu; ignored.", run.Stderr);

        var embedding = CliRun.Of("predict", "component", "embedding", "--variance", "3", "--json");
        Assert.Equal(0, embedding.ExitCode);
        Assert.Contains("warning: --variance does not apply to embedding", embedding.Stderr);
    }

    [Fact]
    public void Defaults_produce_no_warnings()
    {
        var run = CliRun.Of("predict", "component", "mha", "--json");
        Assert.Equal("", run.Stderr);
    }
}
