using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SignalProp.Notebooks.Tests.Support;

/// <summary>Builds small notebooks in memory and temporary directories for the runner's tests.</summary>
internal static class TestNotebooks
{
    /// <summary>A notebook whose code cells are <paramref name="cells"/>, in order.</summary>
    public static Notebook Of(params string[] cells) => new(cells.Select((c, i) => NotebookCell.CSharp(c, $"cell-{i}")));

    /// <summary>Runs code cells from a fresh temporary directory.</summary>
    public static Task<NotebookResult> RunAsync(params string[] cells) => RunInAsync(TemporaryDirectory(), cells);

    /// <summary>Runs code cells with relative #r paths resolved against <paramref name="directory"/>.</summary>
    public static Task<NotebookResult> RunInAsync(string directory, params string[] cells)
        => NotebookRunner.RunAsync(Of(cells), directory);

    /// <summary>A new empty directory under the system temp folder.</summary>
    public static string TemporaryDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "signalprop-notebooks-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Compiles <paramref name="source"/> into a class library at <paramref name="path"/>.</summary>
    public static void CompileLibrary(string path, string assemblyName, string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
    }

    /// <summary>All stdout text of a cell.</summary>
    public static string Stdout(this CellResult cell)
        => string.Concat(cell.Outputs.OfType<StreamOutput>().Where(s => s.Name == StreamOutput.StandardOutput).Select(s => s.Text));

    /// <summary>The code cells' results, in order.</summary>
    public static IReadOnlyList<CellResult> CodeCells(this NotebookResult result)
        => [.. result.Cells.Where(c => c.Status != CellStatus.NotCode)];

    /// <summary>The repository root: the nearest parent of the test binaries holding SignalProp.sln.</summary>
    public static string RepositoryRoot()
        => NotebookCommand.FindRepositoryRoot(AppContext.BaseDirectory)
           ?? throw new InvalidOperationException($"SignalProp.sln not found above {AppContext.BaseDirectory}");
}
