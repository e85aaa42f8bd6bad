using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

/// <summary>Bad model configurations: exit 2, one <c>error:</c> line naming the option, its value and the valid range; no output.</summary>
public class ModelErrorTests
{
    [Theory]
    [InlineData("--heads 3", "--heads = 3 is out of range: must be a divisor of --d-model = 1024.")]
    [InlineData("--d-model 100 --heads 16", "--heads = 16 is out of range: must be a divisor of --d-model = 100.")]
    [InlineData("--layers 0", "--layers = 0 is out of range: must be an integer ≥ 1.")]
    [InlineData("--layers -5", "--layers = -5 is out of range")]
    [InlineData("--dropout 1", "--dropout = 1 is out of range: must be in [0, 1).")]
    [InlineData("--attention-dropout -0.1", "--attention-dropout = -0.1 is out of range: must be in [0, 1).")]
    [InlineData("--init fixup", "--init = fixup is out of range: must be one of xavier, default, dslm, admin, admin-logn, admin-o1, deepnorm, rezero, solved.")]
    [InlineData("--q-std -1", "--q-std = -1 is out of range: must be a finite number ≥ 0.")]
    [InlineData("--k-std NaN", "--k-std = NaN is out of range")]
    [InlineData("--v-std -0.1", "--v-std = -0.1 is out of range")]
    [InlineData("--o-std Infinity", "--o-std = Infinity is out of range")]
    [InlineData("--up-std -1", "--up-std = -1 is out of range")]
    [InlineData("--down-std -1", "--down-std = -1 is out of range")]
    [InlineData("--embedding-std -1", "--embedding-std = -1 is out of range")]
    [InlineData("--lambda NaN", "--lambda = NaN is out of range: must be a finite number.")]
    [InlineData("--beta -Infinity", "--beta = -Infinity is out of range")]
    [InlineData("--init admin", "--arch = preln is out of range: must be postln for Admin")]
    [InlineData("--init admin-logn --arch preln", "--arch = preln is out of range: must be postln")]
    [InlineData("--init deepnorm --arch preln", "--arch = preln is out of range: must be postln for DeepNorm")]
    [InlineData("--d-model 1", "--d-model = 1 is out of range: must be an integer ≥ 2.")]
    [InlineData("--d-ff 0", "--d-ff = 0 is out of range: must be an integer ≥ 1.")]
    [InlineData("--seq-len 1", "--seq-len = 1 is out of range: must be an integer ≥ 2.")]
    [InlineData("--vocab-size 0", "--vocab-size = 0 is out of range")]
    [InlineData("--zipf-exponent -1", "--zipf-exponent = -1 is out of range")]
    [InlineData("--segments -1", "--segments = -1 is out of range")]
    [InlineData("--input-correlation 1.5", "--input-correlation = 1.5 is out of range: must be in [-1, 1].")]
    [InlineData("--input-correlation 0.99", "--input-correlation = 0.99 is out of range: must be reachable with these embedding tables")]
    [InlineData("--input-variance -1", "--input-variance = -1 is out of range")]
    [InlineData("--grad-variance -1", "--grad-variance = -1 is out of range: must be a finite number ≥ 0.")]
    [InlineData("--grad-correlation 2", "--grad-correlation = 2 is out of range: must be in [-1, 1].")]
    [InlineData("--activation softplus", "--activation = softplus is out of range")]
    [InlineData("--arch mixed", "--arch = mixed is out of range: must be one of preln, postln.")]
    [InlineData("--ln-correlation approx", "--ln-correlation = approx is out of range")]
    [InlineData("--init dslm --dslm-k 0", "--dslm-k = 0 is out of range: must be a finite number > 0.")]
    [InlineData("--init dslm --dslm-alpha -1", "--dslm-alpha = -1 is out of range")]
    [InlineData("--init dslm --dslm-count blocks", "--dslm-count = blocks is out of range: must be one of layers, sublayers.")]
    [InlineData("--init dslm --beta-squared 1.5", "--beta-squared = 1.5 is out of range: must be in [0, 1].")]
    [InlineData("--init solved --beta-squared 0", "--beta-squared = 0 is out of range: must be in (0, 1].")]
    [InlineData("--init solved --gradient-band 1", "--gradient-band = 1 is out of range: must be a finite number > 1.")]
    [InlineData("--layers 1.5", "--layers = '1.5' is not an integer")]
    [InlineData("--dropout abc", "--dropout = 'abc' is not a number")]
    public void Bad_values_exit_2_with_one_line_naming_the_option(string arguments, string expected)
    {
        string[] args = ["predict", "model", .. arguments.Split(' '), "--json"];
        var run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        string first = run.Stderr.Split('\n')[0];
        Assert.StartsWith("error: ", first);
        Assert.Contains(expected, first);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
        Assert.DoesNotContain("(Parameter", run.Stderr);
        Assert.DoesNotContain("Actual value", run.Stderr);

        // the same configuration errors from init (which has no --init and no overrides)
        if (arguments.StartsWith("--init ", StringComparison.Ordinal) || arguments.Contains("-std") || arguments.StartsWith("--lambda") || arguments.StartsWith("--beta "))
            return;
        var init = CliRun.Of(["init", "xavier", .. arguments.Split(' ')]);
        Assert.Equal(2, init.ExitCode);
        Assert.Contains(expected, init.Stderr.Split('\n')[0]);
    }

    [Theory]
    [InlineData("dslm", "--dslm-k 0", "--dslm-k = 0 is out of range")]
    [InlineData("dslm", "--beta-squared -1", "--beta-squared = -1 is out of range")]
    [InlineData("solve", "--gradient-band 0.5", "--gradient-band = 0.5 is out of range: must be a finite number > 1.")]
    [InlineData("solve", "--heads 5", "--heads = 5 is out of range: must be a divisor of --d-model = 1024.")]
    public void Init_scheme_parameters_are_validated(string scheme, string arguments, string expected)
    {
        var run = CliRun.Of(["init", scheme, .. arguments.Split(' ')]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("error: " + expected, run.Stderr);
    }

    [Fact]
    public void Json_and_csv_together_are_a_usage_error()
    {
        var run = CliRun.Of("predict", "model", "--json", "--csv");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --json and --csv", run.Stderr);
    }

    [Fact]
    public void Overrides_are_not_options_of_init()
    {
        var run = CliRun.Of("init", "xavier", "--q-std", "0.1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--q-std", run.Stderr);
    }
}
