using SignalProp.Notebooks.Tests.Support;

namespace SignalProp.Notebooks.Tests;

/// <summary>
/// The runner loads TorchSharp the way notebooks 01 and 04 ask for it: <c>#r "nuget: TorchSharp-cpu, 0.107.0"</c> (the
/// .NET kernel's form) maps to the TorchSharp the runner ships, and libtorch's native libraries load in the runner's
/// process (linux-x64 natives patched for Debian 12 by build/TorchSharp.props).
/// </summary>
public class TorchSharpInNotebookTests
{
    [Fact]
    public void TorchSharp_cpu_is_an_alias_of_the_shipped_TorchSharp()
    {
        var catalog = new PackageCatalog(AppContext.BaseDirectory);
        Assert.Equal("0.107.0", catalog.ShippedVersion("TorchSharp-cpu"));
        var files = catalog.Resolve("TorchSharp-cpu", "0.107.0", out string? note);
        Assert.Null(note);
        Assert.Contains(files, f => Path.GetFileName(f) == "TorchSharp.dll");
    }

    [Fact]
    public void Another_TorchSharp_cpu_version_uses_the_shipped_one_with_a_note_naming_the_request()
    {
        var files = new PackageCatalog(AppContext.BaseDirectory).Resolve("TorchSharp-cpu", "0.105.0", out string? note);
        Assert.Contains(files, f => Path.GetFileName(f) == "TorchSharp.dll");
        Assert.Contains("TorchSharp-cpu, 0.105.0", note);
        Assert.Contains("TorchSharp 0.107.0", note);
    }

    [Fact]
    public async Task A_notebook_runs_libtorch_and_the_Empirical_harness()
    {
        var result = await TestNotebooks.RunAsync(
            "#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"../src/Empirical/bin/Release/net10.0/linux-x64/SignalProp.Empirical.dll\"",
            "using static TorchSharp.torch;\nConsole.WriteLine(ones(3, 4, dtype: ScalarType.Float64).sum().item<double>());",
            "var m = SignalProp.Empirical.MomentEstimator.Measure(ones(2, 3, 4, dtype: ScalarType.Float64));\nConsole.WriteLine($\"{m.Mean} {m.Variance}\");");

        Assert.True(result.Succeeded, result.Summary + "\n" + string.Join("\n", result.FailedCell?.Error?.Traceback ?? []));
        Assert.Equal("12\n", result.CodeCells()[1].Stdout());
        Assert.Equal("1 0\n", result.CodeCells()[2].Stdout());
    }
}
