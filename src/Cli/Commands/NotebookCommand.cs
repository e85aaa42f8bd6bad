using System.CommandLine;
using Runner = SignalProp.Notebooks.NotebookCommand;

namespace SignalProp.Cli.Commands;

/// <summary><c>signalprop notebook …</c>: the repository's .NET C# notebooks.</summary>
public sealed class NotebookCommand : Command
{
    /// <summary>Creates the command group.</summary>
    public NotebookCommand() : base("notebook", "Run the .NET C# notebooks (notebooks/*.ipynb) headlessly.")
    {
        Subcommands.Add(new NotebookRunCommand());
        SetAction(CliHelp.MissingSubcommand);
    }
}

/// <summary>
/// <c>signalprop notebook run &lt;file.ipynb | directory | all&gt; [--out DIR] [--in-place] [--verbose]</c>: executes
/// notebooks with the repository's runner (src/Notebooks, Roslyn scripting; the same as
/// <c>dotnet run --project src/Notebooks -- run …</c>) and prints one line per notebook. Exit codes: 0 every notebook ran,
/// 1 a cell failed, 2 bad arguments, no such notebook or an unreadable notebook.
/// </summary>
public sealed class NotebookRunCommand : Command, IHelpEpilog
{
    /// <summary>Creates the command.</summary>
    public NotebookRunCommand() : base("run", "Execute notebooks in order with shared state; print cells, figures, seconds and status per notebook.")
    {
        Arguments.Add(Target);
        foreach (var option in (Option[])[Out, InPlace, Verbose]) Options.Add(option);
        SetAction(Execute);
    }

    /// <summary>The notebook, directory or <c>all</c>.</summary>
    public Argument<string> Target { get; } = new("target")
    {
        HelpName = "file.ipynb|directory|all",
        Description = "A .ipynb notebook, a directory (every *.ipynb in it, in name order) or all (notebooks/*.ipynb of the repository, found by walking up to SignalProp.sln).",
    };

    /// <summary><c>--out</c>.</summary>
    public Option<string?> Out { get; } = new("--out")
    {
        Description = "Write each executed notebook (with its outputs) to DIR/<name>.ipynb, even when it failed.",
        HelpName = "DIR",
    };

    /// <summary><c>--in-place</c>.</summary>
    public Option<bool> InPlace { get; } = CliOptions.Flag("--in-place",
        "Overwrite each notebook with its executed copy, only when it ran without errors (refreshes the committed outputs).");

    /// <summary><c>--verbose</c>.</summary>
    public Option<bool> Verbose { get; } = CliOptions.Flag("--verbose", "Also print one line per code cell: execution count, seconds, outputs, status.");

    /// <inheritdoc />
    public string HelpEpilog { get; } =
        "Without --out or --in-place the notebooks are executed and reported, nothing is written.\n" +
        "Exit codes: 0 every notebook ran, 1 a cell failed, 2 bad arguments, no such notebook or an unreadable notebook.\n" +
        "Examples:\n" +
        "  signalprop notebook run all --in-place\n" +
        "  signalprop notebook run notebooks/04-verification.ipynb --out /tmp/executed";

    private int Execute(ParseResult parseResult)
    {
        string target = parseResult.GetValue(Target) ?? "";
        string? outDirectory = parseResult.GetValue(Out);
        bool inPlace = parseResult.GetValue(InPlace);
        if (outDirectory is not null && inPlace) throw new CliUsageException("--out and --in-place exclude each other: pick one.");
        if (!Runner.TryFindNotebooks(target, out var notebooks, out string? problem)) throw new CliUsageException(problem ?? $"no notebooks in '{target}'");
        var configuration = parseResult.InvocationConfiguration;
        return Runner.RunNotebooksAsync(notebooks, outDirectory is null ? null : Path.GetFullPath(outDirectory), inPlace,
                parseResult.GetValue(Verbose), configuration.Output, configuration.Error)
            .GetAwaiter().GetResult();
    }
}
