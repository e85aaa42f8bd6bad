using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using SignalProp.Notebooks.Tests.Support;

namespace SignalProp.Notebooks.Tests;

/// <summary>
/// Executes every notebooks/*.ipynb of the repository with the runner (once per notebook, shared by the tests below) and
/// checks what a reader of the committed notebook relies on: every cell runs, every figure a cell displays is an
/// image/png, the .NET C# kernel metadata is there, the #r paths point at real project outputs, and the committed outputs
/// are the ones the notebook produces today.
/// </summary>
public partial class RepositoryNotebookTests
{
    private const string Regenerate = "dotnet run -c Release --project src/Notebooks -- run all --in-place";
    private static readonly ConcurrentDictionary<string, Lazy<Task<NotebookResult>>> Runs = new();

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(TestNotebooks.RepositoryRoot(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void The_repository_has_notebooks()
        => Assert.True(Notebooks().Count >= 3, "expected notebooks/01-components, 02-depth and 03-schemes");

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
        var plots = result.Executed.Cells.Where(c => c.IsCode).SelectMany(c => PlotVariable().Matches(c.Source)).Select(m => m.Groups[1].Value).ToHashSet();
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
                else Assert.Equal(Text(a), Text(b));
            }
        }
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
            // ../src/<Project>/bin/Release/net10.0/<Assembly>.dll: what `dotnet build -c Release` writes for Jupyter users.
            var path = ProjectOutput().Match(reference);
            Assert.True(path.Success, $"{name}: #r \"{reference}\" should be ../src/<Project>/bin/Release/net10.0/<Assembly>.dll");
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

    private static string Text(NotebookOutput output) => output switch
    {
        StreamOutput s => $"{s.Name}: {s.Text}",
        ErrorOutput e => $"{e.Name}: {e.Value}",
        _ => string.Join("\n", output.Data.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")),
    };

    /// <summary>A variable holding a figure: <c>var name = new Plot()</c> (or <c>ScottPlot.Plot</c>, or a declared <c>Plot</c> type).</summary>
    [GeneratedRegex(@"\b(?:var|Plot|ScottPlot\.Plot)\s+(\w+)\s*=\s*new\s+(?:ScottPlot\.)?Plot\s*\(")]
    private static partial Regex PlotVariable();

    /// <summary>A <c>display(argument);</c> call.</summary>
    [GeneratedRegex(@"\bdisplay\(([^;]*)\)\s*;")]
    private static partial Regex Display();

    [GeneratedRegex(@"^\s*#r\s+""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\.\./src/([A-Za-z]+)/bin/Release/net10\.0/([A-Za-z.]+)\.dll$")]
    private static partial Regex ProjectOutput();
}
