using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace SignalProp.Notebooks;

/// <summary>
/// Executes the C# cells of a .NET notebook in order with shared state (Roslyn scripting: the first cell starts a script,
/// every later cell continues it, so variables, usings and types carry over), the way the .NET Interactive C# kernel does:
/// <list type="bullet">
/// <item><c>#r</c> directives resolve to the runner's own assemblies (<see cref="NotebookReferenceResolver"/>, <see cref="PackageCatalog"/>);</item>
/// <item>the default usings are the kernel's: System, System.Collections, System.Collections.Generic, System.Linq, System.Text, System.Threading.Tasks;</item>
/// <item>a global <c>display(object)</c> shows figures as <c>image/png</c> and other values as <c>text/plain</c>;</item>
/// <item>text written to the console becomes <c>stream</c> outputs, a trailing expression an <c>execute_result</c>;</item>
/// <item>a cell that does not compile or throws gets an <c>error</c> output and stops the run; later code cells are cleared;</item>
/// <item>the preprocessor symbol <see cref="RunnerSymbol"/> is defined, so <c>#if !SIGNALPROP_RUNNER</c> guards code only
/// the .NET kernel understands (e.g. registering its HTML formatter for ScottPlot figures).</item>
/// </list>
/// Cells run with the invariant culture. Console redirection is process-wide, so runs are serialised: concurrent calls
/// wait for each other.
/// </summary>
public static class NotebookRunner
{
    /// <summary>The preprocessor symbol defined in every cell run by this runner (never by the .NET kernel).</summary>
    public const string RunnerSymbol = "SIGNALPROP_RUNNER";

    /// <summary>The usings every cell starts with, as in the .NET Interactive C# kernel.</summary>
    public static IReadOnlyList<string> DefaultImports { get; } =
        ["System", "System.Collections", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading.Tasks"];

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Runs a notebook file. The file is not modified; save <see cref="NotebookResult.Executed"/> to keep the outputs.</summary>
    /// <param name="path">The .ipynb file. Relative <c>#r</c> paths resolve against its directory.</param>
    /// <param name="options">Figure size, assembly directory, progress callback; null for the defaults.</param>
    /// <param name="cancellationToken">Checked between cells (and at the awaits of a running cell).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotebookFormatException">The file is not an nbformat 4 notebook.</exception>
    public static async Task<NotebookResult> RunAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"notebook not found: {path}", full);
        var notebook = Notebook.Load(full);
        var result = await RunAsync(notebook, System.IO.Path.GetDirectoryName(full)!, options, cancellationToken).ConfigureAwait(false);
        return result with { Path = full };
    }

    /// <summary>Runs a notebook held in memory.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="notebookDirectory">The directory relative <c>#r</c> paths resolve against.</param>
    /// <param name="options">Figure size, assembly directory, progress callback; null for the defaults.</param>
    /// <param name="cancellationToken">Checked between cells (and at the awaits of a running cell).</param>
    public static async Task<NotebookResult> RunAsync(Notebook notebook, string notebookDirectory, NotebookRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        options ??= new NotebookRunOptions();
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var culture = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return await RunCoreAsync(notebook, System.IO.Path.GetFullPath(notebookDirectory), options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = culture;
            Gate.Release();
        }
    }

    private static async Task<NotebookResult> RunCoreAsync(Notebook notebook, string directory, NotebookRunOptions options, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        string assemblyDirectory = options.AssemblyDirectory ?? AppContext.BaseDirectory;
        var resolver = new NotebookReferenceResolver(directory, assemblyDirectory, new PackageCatalog(assemblyDirectory, packagesFolder: options.PackagesFolder));
        var scriptOptions = ScriptOptions.Default
            .WithMetadataResolver(resolver)
            .WithSourceResolver(new SourceFileResolver([], directory))
            .AddReferences(typeof(Enumerable).Assembly, typeof(Console).Assembly, typeof(Regex).Assembly)
            .WithImports(DefaultImports)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(false);
        var globals = new NotebookGlobals(options.FigureWidth, options.FigureHeight);
        ScriptState<object>? state = null;
        var cells = new List<NotebookCell>();
        var results = new List<CellResult>();
        int executionCount = 0;
        bool failed = false;

        for (int index = 0; index < notebook.Cells.Count; index++)
        {
            var cell = notebook.Cells[index];
            CellResult result;
            if (!cell.IsCode)
            {
                cells.Add(cell);
                result = new CellResult(index, cell.Id, CellStatus.NotCode, null, [], TimeSpan.Zero);
            }
            else if (failed || string.IsNullOrWhiteSpace(cell.Source))
            {
                cells.Add(cell with { ExecutionCount = null, Outputs = [] });
                result = new CellResult(index, cell.Id, failed ? CellStatus.NotRun : CellStatus.Empty, null, [], TimeSpan.Zero);
            }
            else
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = ++executionCount;
                var watch = Stopwatch.StartNew();
                IReadOnlyList<NotebookOutput> outputs;
                bool ok;
                using (var capture = new CellCapture())
                {
                    globals.Capture = capture;
                    try
                    {
                        (state, ok) = await ExecuteAsync(cell, state, scriptOptions, globals, resolver, capture, count, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        globals.Capture = null;
                    }
                    outputs = capture.Outputs();
                }
                failed = !ok;
                cells.Add(cell with { ExecutionCount = count, Outputs = outputs });
                result = new CellResult(index, cell.Id, ok ? CellStatus.Succeeded : CellStatus.Failed, count, outputs, watch.Elapsed);
            }
            results.Add(result);
            options.CellCompleted?.Invoke(result);
        }
        return new NotebookResult(null, notebook.WithCells(cells), results, total.Elapsed);
    }

    private static async Task<(ScriptState<object>? State, bool Ok)> ExecuteAsync(NotebookCell cell, ScriptState<object>? state, ScriptOptions options,
        NotebookGlobals globals, NotebookReferenceResolver resolver, CellCapture capture, int count, CancellationToken cancellationToken)
    {
        if (cell.Language is { } language && !IsCSharp(language))
        {
            capture.Add(Unsupported($"the cell's language is '{language}'; the SignalProp notebook runner executes C# cells only"));
            return (state, false);
        }
        if (!TryPrepare(cell.Source, out string code, out string? problem))
        {
            capture.Add(Unsupported(problem!));
            return (state, false);
        }
        try
        {
            state = state is null
                ? await CSharpScript.RunAsync(code, options, globals, typeof(NotebookGlobals), cancellationToken).ConfigureAwait(false)
                : await state.ContinueWithAsync(code, options, cancellationToken).ConfigureAwait(false);
            foreach (var note in resolver.TakeMessages().Notes) capture.Write(StreamOutput.StandardError, note + "\n");
            if (state.ReturnValue is { } value)
                capture.Add(new ExecuteResultOutput(count, DisplayFormatter.Format(value, globals.FigureWidth, globals.FigureHeight)));
            return (state, true);
        }
        catch (CompilationErrorException e)
        {
            var (problems, _) = resolver.TakeMessages();
            var errors = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(FormatDiagnostic).ToList();
            string value = problems.Count > 0 ? string.Join("; ", problems) : errors.FirstOrDefault() ?? e.Message;
            capture.Add(new ErrorOutput(ErrorOutput.CompilationError, value, [.. problems, .. errors]));
            return (state, false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var error = Unwrap(e);
            capture.Add(new ErrorOutput(error.GetType().Name, error.Message, Traceback(error)));
            return (state, false);
        }
    }

    /// <summary>
    /// Strips the .NET kernel's cell-language marker (<c>#!csharp</c>, <c>#!c#</c>) and refuses other magic commands, then
    /// prefixes the runner's symbol definition with a <c>#line 1</c> so diagnostics keep the cell's own line numbers.
    /// </summary>
    internal static bool TryPrepare(string source, out string code, out string? problem)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n').ToList();
        bool seenCode = false;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (!line.StartsWith("#!", StringComparison.Ordinal) && !line.StartsWith("#i ", StringComparison.Ordinal))
            {
                seenCode |= line.Length > 0;
                continue;
            }
            string magic = line.Split(' ', 2)[0];
            if (!seenCode && magic is "#!csharp" or "#!c#" or "#!C#")
            {
                lines[i] = "";
                continue;
            }
            code = "";
            problem = $"line {i + 1}: '{magic}' is a .NET Interactive magic command; the SignalProp notebook runner executes plain C# " +
                      "(#r \"path.dll\" and #r \"nuget: Id, Version\" directives are supported)";
            return false;
        }
        code = $"#define {RunnerSymbol}\n#line 1\n" + string.Join("\n", lines);
        problem = null;
        return true;
    }

    private static bool IsCSharp(string language) => language.Trim().ToLowerInvariant() is "csharp" or "c#" or "cs";

    private static ErrorOutput Unsupported(string message) => new(ErrorOutput.UnsupportedCell, message, [message]);

    private static string FormatDiagnostic(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        string where = diagnostic.Location.IsInSource ? $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " : "";
        return $"{where}error {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The exception's text, without the frames of the scripting engine and of this runner below the cell's own code.</summary>
    private static List<string> Traceback(Exception error)
    {
        var lines = error.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int cut = lines.FindIndex(l => l.TrimStart().StartsWith("at Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal));
        if (cut < 0) return lines;
        if (cut > 0 && lines[cut - 1].StartsWith("--- End of stack trace", StringComparison.Ordinal)) cut--;
        return lines[..cut];
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case TargetInvocationException { InnerException: { } inner }:
                    e = inner;
                    continue;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    e = aggregate.InnerExceptions[0];
                    continue;
                default:
                    return e;
            }
        }
    }
}
