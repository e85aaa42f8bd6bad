using System.Text.Json;

namespace SignalProp.Cli.Tests.Support;

/// <summary>The outcome of one in-process run of <c>signalprop</c>.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Runs <see cref="Program.Run"/> with string writers.</summary>
    public static CliRun Of(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = Program.Run(args, stdout, stderr);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <c>predict component name args… --json</c>, asserts success and parses the JSON.</summary>
    public static JsonElement Json(string name, params string[] args)
    {
        var run = Of(["predict", "component", name, .. args, "--json"]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.Clone();
    }
}
