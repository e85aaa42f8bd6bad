using System.Text.Json;

namespace SignalProp.Cli.Tests.Support;

/// <summary>Runs a command with <c>--json</c>, asserts success and parses its output.</summary>
public static class JsonRun
{
    /// <summary>Runs <c>args… --json</c> in-process, asserts exit 0 and returns the parsed root (and stderr).</summary>
    public static (JsonElement Root, string Stderr) Of(params string[] args)
    {
        var run = CliRun.Of([.. args, "--json"]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.DoesNotContain("NaN", run.Stdout);
        using var document = JsonDocument.Parse(run.Stdout);
        return (document.RootElement.Clone(), run.Stderr);
    }

    /// <summary><c>predict model args… --json</c>.</summary>
    public static JsonElement Model(params string[] args) => Of(["predict", "model", .. args]).Root;

    /// <summary><c>init args… --json</c>.</summary>
    public static JsonElement Init(params string[] args) => Of(["init", .. args]).Root;

    /// <summary>A number that may be written as a named literal ("Infinity").</summary>
    public static double Number(JsonElement element)
        => element.ValueKind == JsonValueKind.String
            ? double.Parse(element.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : element.GetDouble();
}
