using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignalProp.Notebooks.Tests.Support;

namespace SignalProp.Notebooks.Tests;

/// <summary>
/// Executes every notebooks/*.ipynb of the repository with the runner (once per notebook, shared by the tests below) and
/// checks what a reader of the committed notebook relies on: every cell runs, every figure a cell displays is an
/// image/png, the .NET C# kernel metadata is there, the #r paths point at real project outputs, and the committed outputs
/// are the ones the notebook produces today.
/// </summary>
/// <remarks>
/// Monte Carlo cells (TorchSharp measurements: 01's live check, 04's sweep and whole-model runs) are seeded and run on the
/// CPU in float64, so one machine reproduces their output exactly. Another machine may sum in another order (libtorch's
/// threading and vector width), which can move the last printed digit. Such cells carry the Jupyter cell tag
/// <c>monte-carlo</c> (cell metadata <c>"tags": ["monte-carlo"]</c>), and their text outputs are compared number by
/// number within <see cref="MonteCarloRelativeTolerance"/> (plus <see cref="MonteCarloAbsoluteTolerance"/>), the text
/// around the numbers exactly (up to spacing). Every other cell's text must be identical.
/// </remarks>
public partial class RepositoryNotebookTests
{
    private const string Regenerate = "dotnet run -c Release --project src/Notebooks -- run all --in-place";
    private static readonly ConcurrentDictionary<string, Lazy<Task<NotebookResult>>> Runs = new();

    /// <summary>The Jupyter cell tag of a cell whose printed numbers are sampled.</summary>
    public const string MonteCarloTag = "monte-carlo";

    /// <summary>Relative tolerance for the numbers a <see cref="MonteCarloTag"/> cell prints (3–4 significant digits are printed).</summary>
    public const double MonteCarloRelativeTolerance = 0.02;

    /// <summary>Absolute tolerance for those numbers (round-off-level values such as a zero mean).</summary>
    public const double MonteCarloAbsoluteTolerance = 1e-6;

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(TestNotebooks.RepositoryRoot(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void The_repository_has_notebooks()
        => Assert.True(Notebooks().Count >= 4, "expected notebooks/01-components, 02-depth, 03-schemes and 04-verification");

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Every_cell_runs_without_error(string name)
    {
        var result = await RunAsync(name);
        Assert.True(result.Succeeded, $"{name}: {result.Summary}\n{string.Join("\n", result.FailedCell?.Error?.Traceback ?? [])}");
        Assert.All(result.CodeCells(), c => Assert.Equal(CellStatus.Succeeded, c.Status));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Every_displayed_figure_is_an_image(string name)
    {
        var result = await RunAsync(name);
        var plots = result.Executed.Cells.Where(c => c.IsCode).SelectMany(c => PlotVariable().Matches(c.Source)).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToHashSet();
        int declared = 0;
        foreach (var (cell, outcome) in result.Executed.Cells.Zip(result.Cells))
        {
            int figures = Display().Matches(cell.Source).Count(m => plots.Contains(m.Groups[1].Value.Trim()) || m.Groups[1].Value.Contains("Plot(", StringComparison.Ordinal));
            declared += figures;
            Assert.True(outcome.ImageCount >= figures,
                $"{name}, cell {outcome.Index}: displays {figures} figure(s) but produced {outcome.ImageCount} image/png output(s)");
        }
        Assert.True(declared > 0, $"{name} displays no figure; every notebook shows its results as figures");
        Assert.Equal(declared, result.ImageCount);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task The_executed_notebook_keeps_the_dotnet_csharp_kernel(string name)
    {
        var result = await RunAsync(name);
        Assert.Equal(Notebook.DotNetCSharpKernel, result.Executed.KernelName);
        Assert.Equal("csharp", result.Executed.LanguageName);
        Assert.All(result.Executed.Cells.Where(c => c.IsCode), c => Assert.True(c.Language is null or "csharp", $"cell {c.Id}: language {c.Language}"));
        Assert.Equal(4, result.Executed.FormatMajor);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task The_committed_outputs_are_up_to_date(string name)
    {
        var result = await RunAsync(name);
        var committed = Notebook.Load(PathOf(name));
        Assert.Equal(committed.Cells.Count, result.Executed.Cells.Count);
        foreach (var (saved, fresh) in committed.Cells.Zip(result.Executed.Cells))
        {
            string where = $"{name}, cell {fresh.Id}: the committed outputs differ from a fresh run; regenerate with `{Regenerate}`";
            Assert.True(saved.Source == fresh.Source, where);
            Assert.True(saved.ExecutionCount == fresh.ExecutionCount, where + " (execution count)");
            Assert.True(saved.Outputs.Count == fresh.Outputs.Count, where + $" ({saved.Outputs.Count} vs {fresh.Outputs.Count} outputs)");
            foreach (var (a, b) in saved.Outputs.Zip(fresh.Outputs))
            {
                Assert.True(a.OutputType == b.OutputType, where);
                if (a.HasImage || b.HasImage) Assert.True(a.HasImage && b.HasImage, where + " (figure)");
                else if (IsMonteCarlo(fresh)) AssertSameWithinTolerance(Text(a), Text(b), where);
                else Assert.Equal(Text(a), Text(b));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Cells_that_measure_with_TorchSharp_are_tagged_monte_carlo(string name)
    {
        var notebook = Notebook.Load(PathOf(name));
        foreach (var cell in notebook.Cells.Where(c => c.IsCode && Measures().IsMatch(c.Source)))
            Assert.True(IsMonteCarlo(cell), $"{name}, cell {cell.Id}: it samples (ComponentVerifier, SweepRunner or ModelSimulation) but is not tagged \"{MonteCarloTag}\"");
    }

    [Fact]
    public void The_Monte_Carlo_comparison_tolerates_the_last_digit_but_not_a_different_text()
    {
        AssertSameWithinTolerance("ReLU   xVar 0.6841 ± 0.0061  1.0", "ReLU xVar 0.6842 ± 0.0061 1.0", "same");
        AssertSameWithinTolerance("top σ² 1 ± 0 (1)", "top σ² 0.999 ± 0 (1)", "same");
        Assert.ThrowsAny<Exception>(() => AssertSameWithinTolerance("xVar 0.68", "xVar 0.75", "number"));
        Assert.ThrowsAny<Exception>(() => AssertSameWithinTolerance("xVar 0.68", "gVar 0.68", "text"));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void References_point_at_project_outputs_and_packages_the_runner_ships(string name)
    {
        string root = TestNotebooks.RepositoryRoot();
        var notebook = Notebook.Load(PathOf(name));
        foreach (Match match in Reference().Matches(string.Join("\n", notebook.Cells.Where(c => c.IsCode).Select(c => c.Source))))
        {
            string reference = match.Groups[1].Value;
            if (reference.StartsWith("nuget:", StringComparison.Ordinal))
            {
                var parts = reference["nuget:".Length..].Split(',', StringSplitOptions.TrimEntries);
                Assert.True(parts.Length == 2, $"{name}: pin the version in #r \"{reference}\"");
                var catalog = new PackageCatalog(AppContext.BaseDirectory);
                Assert.Equal(parts[1], catalog.ShippedVersion(parts[0]));
                continue;
            }
            // ../src/<Project>/bin/Release/net10.0/[linux-x64/]<Assembly>.dll: what `dotnet build -c Release` writes for Jupyter
            // users (projects that load TorchSharp build for linux-x64, build/TorchSharp.props).
            var path = ProjectOutput().Match(reference);
            Assert.True(path.Success, $"{name}: #r \"{reference}\" should be ../src/<Project>/bin/Release/net10.0/[linux-x64/]<Assembly>.dll");
            string projectDirectory = Path.Combine(root, "src", path.Groups[1].Value);
            var project = Directory.GetFiles(projectDirectory, "*.csproj").Single();
            Assert.Contains($"<AssemblyName>{path.Groups[2].Value}</AssemblyName>", File.ReadAllText(project));
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, path.Groups[2].Value + ".dll")),
                $"{name}: the runner does not ship {path.Groups[2].Value}.dll; add a ProjectReference to src/Notebooks");
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void The_committed_notebook_stays_small(string name)
        => Assert.True(new FileInfo(PathOf(name)).Length < 1_000_000, $"{name} is over 1 MB; make its figures smaller");

    private static string PathOf(string name) => Path.Combine(TestNotebooks.RepositoryRoot(), "notebooks", name);

    private static Task<NotebookResult> RunAsync(string name)
        => Runs.GetOrAdd(name, n => new Lazy<Task<NotebookResult>>(() => NotebookRunner.RunAsync(PathOf(n)))).Value;

    private static bool IsMonteCarlo(NotebookCell cell)
        => cell.Metadata["tags"] is JsonArray tags
           && tags.Any(t => t is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == MonteCarloTag);

    /// <summary>Same text around the numbers (runs of spaces collapsed: column widths follow the digits), and every
    /// number within the Monte Carlo tolerances.</summary>
    private static void AssertSameWithinTolerance(string expected, string actual, string where)
    {
        static string Skeleton(string text) => Spaces().Replace(NumberPattern().Replace(text, "#"), " ");
        Assert.True(Skeleton(expected) == Skeleton(actual), $"{where}\nexpected: {expected}\nactual:   {actual}");
        var (a, b) = (NumberPattern().Matches(expected), NumberPattern().Matches(actual));
        for (int i = 0; i < a.Count; i++)
        {
            double x = double.Parse(a[i].Value, CultureInfo.InvariantCulture), y = double.Parse(b[i].Value, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(x - y) <= MonteCarloAbsoluteTolerance + MonteCarloRelativeTolerance * Math.Max(Math.Abs(x), Math.Abs(y)),
                $"{where}: {a[i].Value} vs {b[i].Value} (Monte Carlo cell: {MonteCarloRelativeTolerance:P0} tolerance)\nexpected: {expected}\nactual:   {actual}");
        }
    }

    [GeneratedRegex(@"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();

    /// <summary>A cell that samples: the component verifier, a sweep or a whole-model simulation.</summary>
    [GeneratedRegex(@"\b(?:ComponentVerifier|SweepRunner|ModelSimulation)\b")]
    private static partial Regex Measures();

    private static string Text(NotebookOutput output) => output switch
    {
        StreamOutput s => $"{s.Name}: {s.Text}",
        ErrorOutput e => $"{e.Name}: {e.Value}",
        _ => string.Join("\n", output.Data.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")),
    };

    /// <summary>A variable holding a figure: <c>var name = new Plot()</c> (or <c>ScottPlot.Plot</c>), or any variable declared
    /// with the type <c>Plot</c>, e.g. <c>Plot parity = Figures.Parity(…)</c> (a figure builder of SignalProp.Plots).</summary>
    [GeneratedRegex(@"\b(?:var\s+(\w+)\s*=\s*new\s+(?:ScottPlot\.)?Plot\s*\(|(?<!\.)(?:ScottPlot\.)?Plot\s+(\w+)\s*=)")]
    private static partial Regex PlotVariable();

    /// <summary>A <c>display(argument);</c> call.</summary>
    [GeneratedRegex(@"\bdisplay\(([^;]*)\)\s*;")]
    private static partial Regex Display();

    [GeneratedRegex(@"^\s*#r\s+""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\.\./src/([A-Za-z]+)/bin/Release/net10\.0/(?:linux-x64/)?([A-Za-z.]+)\.dll$")]
    private static partial Regex ProjectOutput();
}
