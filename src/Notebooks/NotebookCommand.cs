using System.Globalization;

namespace SignalProp.Notebooks;

/// <summary>
/// The runner's command line: <c>run &lt;notebook.ipynb | directory | all&gt; [--out DIR] [--in-place]</c>. Prints one line per
/// notebook (code cells, seconds, status); exit code 0 when every notebook ran, 1 when a cell failed, 2 on bad arguments
/// or an unreadable notebook.
/// </summary>
public static class NotebookCommand
{
    /// <summary>Exit code: every notebook ran.</summary>
    public const int Success = 0;

    /// <summary>Exit code: a cell failed.</summary>
    public const int CellFailed = 1;

    /// <summary>Exit code: bad arguments, a missing file or an unreadable notebook.</summary>
    public const int BadArguments = 2;

    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: SignalProp.Notebooks run <notebook.ipynb | directory | all> [--out DIR] [--in-place] [--verbose]

          <notebook.ipynb>  run one notebook
          <directory>       run every *.ipynb in the directory (not recursive), in name order
          all               run notebooks/*.ipynb of the repository (found by walking up to SignalProp.sln)
          --out DIR         write each executed notebook (with its outputs) to DIR/<name>.ipynb, even when it failed
          --in-place        overwrite each notebook with its executed copy, only when it ran without errors
          (neither)         execute and report only; nothing is written
          --verbose         also print one line per code cell: its execution count, seconds, outputs and status

        Prints one line per notebook: its path, code cells, seconds and status.
        Exit codes: 0 all notebooks ran, 1 a cell failed, 2 bad arguments or an unreadable notebook.
        Example: dotnet run -c Release --project src/Notebooks -- run all --in-place
        """;

    /// <summary>Parses <paramref name="args"/> and runs the notebooks, writing the report to <paramref name="output"/> and problems to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Length == 1 && args[0] is "-h" or "--help" or "help")
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return Success;
        }
        if (!TryParse(args, out var target, out var outDirectory, out bool inPlace, out bool verbose, out string? problem))
        {
            await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return BadArguments;
        }
        if (!TryFindNotebooks(target!, out var notebooks, out problem))
        {
            await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            return BadArguments;
        }

        return await RunNotebooksAsync(notebooks, outDirectory, inPlace, verbose, output, error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="notebooks"/> in order and prints one line per notebook (code cells, figures, seconds, status)
    /// to <paramref name="output"/>; the command line of the runner and <c>signalprop notebook run</c> share it.
    /// </summary>
    /// <param name="notebooks">Full paths of the notebooks (see <see cref="TryFindNotebooks"/>).</param>
    /// <param name="outDirectory">Write each executed notebook to this directory (even when it failed), or null.</param>
    /// <param name="inPlace">Overwrite each notebook that ran without errors with its executed copy (ignored with <paramref name="outDirectory"/>).</param>
    /// <param name="verbose">Also print one line per code cell.</param>
    /// <param name="output">The report.</param>
    /// <param name="error">Problems (an unreadable notebook).</param>
    /// <param name="cancellationToken">Stops between cells.</param>
    /// <returns><see cref="Success"/>, <see cref="CellFailed"/> or <see cref="BadArguments"/> (an unreadable notebook).</returns>
    public static async Task<int> RunNotebooksAsync(IReadOnlyList<string> notebooks, string? outDirectory, bool inPlace, bool verbose,
        TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebooks);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        int exit = Success;
        string cwd = Directory.GetCurrentDirectory();
        foreach (var path in notebooks)
        {
            string shown = Path.GetRelativePath(cwd, path);
            NotebookResult result;
            try
            {
                var options = verbose ? new NotebookRunOptions { CellCompleted = cell => ReportCell(output, cell) } : null;
                result = await NotebookRunner.RunAsync(path, options, cancellationToken).ConfigureAwait(false);
            }
            catch (NotebookFormatException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                exit = BadArguments;
                continue;
            }
            string written = "";
            if (outDirectory is not null)
            {
                string destination = Path.Combine(outDirectory, Path.GetFileName(path));
                result.Executed.Save(destination);
                written = $", written to {Path.GetRelativePath(cwd, destination)}";
            }
            else if (inPlace)
            {
                if (result.Succeeded) result.Executed.Save(path);
                written = result.Succeeded ? ", updated in place" : ", not written (it failed)";
            }
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{shown}: {result.CodeCellCount} code cells, {result.ImageCount} figures, {result.Elapsed.TotalSeconds:F1} s, {result.Summary}{written}");
            await output.WriteLineAsync(line).ConfigureAwait(false);
            if (!result.Succeeded && exit == Success) exit = CellFailed;
        }
        return exit;
    }

    private static void ReportCell(TextWriter output, CellResult cell)
    {
        if (cell.Status is CellStatus.NotCode or CellStatus.Empty) return;
        string status = cell.Status switch
        {
            CellStatus.Succeeded => "ok",
            CellStatus.Failed => $"failed: {cell.Error}",
            _ => "not run",
        };
        // Called while the cell's console redirection has ended, so this goes to the real output.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  cell {cell.Index,3} [{cell.ExecutionCount?.ToString(CultureInfo.InvariantCulture) ?? " "}] {cell.Elapsed.TotalSeconds,6:F2} s, {cell.Outputs.Count} outputs, {cell.ImageCount} figures, {status}"));
    }

    private static bool TryParse(string[] args, out string? target, out string? outDirectory, out bool inPlace, out bool verbose, out string? problem)
    {
        (target, outDirectory, inPlace, verbose, problem) = (null, null, false, false, null);
        if (args.Length == 0 || args[0] != "run")
        {
            problem = args.Length == 0 ? "no command given" : $"unknown command '{args[0]}' (the only command is 'run')";
            return false;
        }
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out":
                    if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        problem = "--out needs a directory";
                        return false;
                    }
                    outDirectory = Path.GetFullPath(args[++i]);
                    break;
                case "--in-place":
                    inPlace = true;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                default:
                    if (args[i].StartsWith('-'))
                    {
                        problem = $"unknown option '{args[i]}'";
                        return false;
                    }
                    if (target is not null)
                    {
                        problem = $"one notebook, directory or 'all' per run (got '{target}' and '{args[i]}')";
                        return false;
                    }
                    target = args[i];
                    break;
            }
        }
        if (target is null) problem = "run needs a notebook path, a directory or 'all'";
        else if (inPlace && outDirectory is not null) problem = "--out and --in-place exclude each other";
        return problem is null;
    }

    /// <summary>
    /// The notebooks a target names: a <c>.ipynb</c> file, every <c>*.ipynb</c> of a directory (name order), or <c>all</c>
    /// (notebooks/*.ipynb of the repository, found by walking up from the current directory to SignalProp.sln).
    /// </summary>
    /// <param name="target">A notebook path, a directory or <c>all</c>.</param>
    /// <param name="notebooks">Full paths, in run order.</param>
    /// <param name="problem">Why there are none (names the target), or null.</param>
    /// <returns>True when at least one notebook was found.</returns>
    public static bool TryFindNotebooks(string target, out IReadOnlyList<string> notebooks, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(target);
        notebooks = [];
        problem = null;
        string directory;
        if (target == "all")
        {
            string? root = FindRepositoryRoot(Directory.GetCurrentDirectory());
            if (root is null)
            {
                problem = $"'all' looks for SignalProp.sln in {Directory.GetCurrentDirectory()} and its parents and found none; pass a notebook or a directory";
                return false;
            }
            directory = Path.Combine(root, "notebooks");
        }
        else if (File.Exists(target))
        {
            if (!target.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            {
                problem = $"'{target}' is not a .ipynb notebook";
                return false;
            }
            notebooks = [Path.GetFullPath(target)];
            return true;
        }
        else if (Directory.Exists(target))
        {
            directory = target;
        }
        else
        {
            problem = $"no such notebook or directory: '{target}'";
            return false;
        }
        notebooks = Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, "*.ipynb").Select(Path.GetFullPath).Order(StringComparer.Ordinal)]
            : [];
        if (notebooks.Count == 0) problem = $"no *.ipynb notebooks in {directory}";
        return notebooks.Count > 0;
    }

    /// <summary>The nearest directory at or above <paramref name="start"/> that contains SignalProp.sln, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SignalProp.sln"))) return dir.FullName;
        return null;
    }
}
