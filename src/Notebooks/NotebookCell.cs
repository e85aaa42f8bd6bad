using System.Text.Json.Nodes;

namespace SignalProp.Notebooks;

/// <summary>
/// One cell of a notebook: its type, source and, for code cells, its execution count and outputs. Properties this type
/// does not model (e.g. <c>attachments</c>) are kept in <see cref="Extra"/> and written back unchanged.
/// </summary>
public sealed record NotebookCell
{
    /// <summary>The code cell type.</summary>
    public const string Code = "code";

    /// <summary>The markdown cell type.</summary>
    public const string Markdown = "markdown";

    /// <summary><c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public required string CellType { get; init; }

    /// <summary>The cell's text, lines joined with '\n'.</summary>
    public string Source { get; init; } = "";

    /// <summary>The nbformat 4.5 cell id, or null (older notebooks).</summary>
    public string? Id { get; init; }

    /// <summary>The cell metadata (e.g. the .NET kernel's <c>polyglot_notebook.kernelName</c>), as JSON.</summary>
    public JsonObject Metadata { get; init; } = [];

    /// <summary>The execution count of a code cell; null when it has not run.</summary>
    public int? ExecutionCount { get; init; }

    /// <summary>The outputs of a code cell (empty for other cells).</summary>
    public IReadOnlyList<NotebookOutput> Outputs { get; init; } = [];

    /// <summary>Other properties of the cell, written back unchanged.</summary>
    public JsonObject Extra { get; init; } = [];

    /// <summary>True for a code cell.</summary>
    public bool IsCode => CellType == Code;

    /// <summary>
    /// The kernel language the .NET kernel records for the cell (<c>polyglot_notebook.kernelName</c> or
    /// <c>dotnet_interactive.language</c>), or null when the cell does not say (then the notebook's default applies).
    /// </summary>
    public string? Language
        => (Metadata["polyglot_notebook"] as JsonObject)?["kernelName"]?.GetValue<string>()
           ?? (Metadata["dotnet_interactive"] as JsonObject)?["language"]?.GetValue<string>();

    /// <summary>Creates a C# code cell with the .NET kernel's cell metadata.</summary>
    public static NotebookCell CSharp(string source, string? id = null) => new()
    {
        CellType = Code,
        Source = source,
        Id = id,
        Metadata = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        },
    };

    /// <summary>Creates a markdown cell.</summary>
    public static NotebookCell Text(string markdown, string? id = null) => new() { CellType = Markdown, Source = markdown, Id = id };
}
