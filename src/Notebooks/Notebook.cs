using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignalProp.Notebooks;

/// <summary>
/// A Jupyter notebook (nbformat 4) read with System.Text.Json: its cells and its metadata. Everything the type does not
/// model is kept and written back, so a notebook survives a read–write round trip; <see cref="ToJson"/> writes the
/// layout Jupyter writes (keys sorted, one-space indent, text split into lines) so that committed notebooks diff cleanly.
/// </summary>
public sealed class Notebook
{
    /// <summary>The kernelspec name of the .NET C# kernel.</summary>
    public const string DotNetCSharpKernel = ".net-csharp";

    /// <summary>Creates a notebook from cells and notebook-level metadata.</summary>
    /// <param name="cells">The cells, in order.</param>
    /// <param name="metadata">The notebook metadata (kernelspec, language_info, …); null gives <see cref="DotNetCSharpMetadata"/>.</param>
    /// <param name="formatMinor">nbformat minor version (4.x); 5 and above carry cell ids.</param>
    public Notebook(IEnumerable<NotebookCell> cells, JsonObject? metadata = null, int formatMinor = 5)
    {
        Cells = [.. cells];
        Metadata = metadata ?? DotNetCSharpMetadata();
        FormatMinor = formatMinor;
    }

    /// <summary>The cells, in order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The notebook metadata as JSON.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The nbformat major version (always 4).</summary>
    public int FormatMajor => 4;

    /// <summary>The nbformat minor version.</summary>
    public int FormatMinor { get; }

    /// <summary><c>metadata.kernelspec.name</c>, e.g. <c>.net-csharp</c>.</summary>
    public string? KernelName => StringAt(Metadata, "kernelspec", "name");

    /// <summary><c>metadata.language_info.name</c>, e.g. <c>csharp</c>.</summary>
    public string? LanguageName => StringAt(Metadata, "language_info", "name");

    /// <summary>The same notebook with other cells.</summary>
    public Notebook WithCells(IEnumerable<NotebookCell> cells) => new(cells, (JsonObject)Metadata.DeepClone(), FormatMinor);

    /// <summary>The metadata the .NET Interactive / Polyglot Notebooks C# kernel writes.</summary>
    public static JsonObject DotNetCSharpMetadata() => new()
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = DotNetCSharpKernel },
        ["language_info"] = new JsonObject
        {
            ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "csharp", ["pygments_lexer"] = "csharp", ["version"] = "13.0",
        },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        },
    };

    /// <summary>Reads a notebook file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotebookFormatException">The file is not an nbformat 4 notebook.</exception>
    public static Notebook Load(string path)
    {
        string text = File.ReadAllText(path);
        try
        {
            return Parse(text);
        }
        catch (NotebookFormatException e)
        {
            throw new NotebookFormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses notebook JSON.</summary>
    /// <exception cref="NotebookFormatException">The text is not JSON, or not an nbformat 4 notebook.</exception>
    public static Notebook Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"not valid JSON ({e.Message})", e);
        }
        if (node is not JsonObject root) throw new NotebookFormatException("a notebook must be a JSON object");
        if (root["nbformat"]?.GetValueKind() != JsonValueKind.Number || root["nbformat"]!.GetValue<int>() != 4)
            throw new NotebookFormatException("only nbformat 4 notebooks are supported (\"nbformat\": 4)");
        int minor = root["nbformat_minor"]?.GetValueKind() == JsonValueKind.Number ? root["nbformat_minor"]!.GetValue<int>() : 0;
        if (root["cells"] is not JsonArray cells) throw new NotebookFormatException("the notebook has no \"cells\" array");
        var metadata = root["metadata"] as JsonObject ?? [];
        var parsed = new List<NotebookCell>();
        for (int i = 0; i < cells.Count; i++)
        {
            try
            {
                parsed.Add(ParseCell(cells[i] as JsonObject ?? throw new NotebookFormatException("a cell must be a JSON object")));
            }
            catch (Exception e) when (e is NotebookFormatException or InvalidOperationException or FormatException)
            {
                throw new NotebookFormatException($"cell {i}: {e.Message}", e);
            }
        }
        return new Notebook(parsed, (JsonObject)metadata.DeepClone(), minor);
    }

    /// <summary>The notebook as nbformat JSON in Jupyter's layout (sorted keys, indent 1, final newline).</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray([.. Cells.Select(CellToJson)]),
            ["metadata"] = Metadata.DeepClone(),
            ["nbformat"] = FormatMajor,
            ["nbformat_minor"] = FormatMinor,
        };
        return NotebookJsonWriter.Write(root);
    }

    /// <summary>Writes <see cref="ToJson"/> to a file (UTF-8 without BOM), creating its directory.</summary>
    public void Save(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, ToJson(), new System.Text.UTF8Encoding(false));
    }

    private static NotebookCell ParseCell(JsonObject json)
    {
        string type = json["cell_type"]?.GetValue<string>() ?? throw new NotebookFormatException("a cell has no \"cell_type\"");
        var extra = new JsonObject();
        foreach (var (key, value) in json)
            if (key is not ("cell_type" or "source" or "id" or "metadata" or "execution_count" or "outputs"))
                extra[key] = value?.DeepClone();
        return new NotebookCell
        {
            CellType = type,
            Source = JoinText(json["source"]),
            Id = json["id"]?.GetValue<string>(),
            Metadata = (json["metadata"] as JsonObject)?.DeepClone() as JsonObject ?? [],
            ExecutionCount = json["execution_count"] is JsonValue count && count.GetValueKind() == JsonValueKind.Number ? count.GetValue<int>() : null,
            Outputs = json["outputs"] is JsonArray outputs ? [.. outputs.Select(o => ParseOutput(o as JsonObject ?? throw new NotebookFormatException("an output must be a JSON object")))] : [],
            Extra = extra,
        };
    }

    private static NotebookOutput ParseOutput(JsonObject json)
    {
        string type = json["output_type"]?.GetValue<string>() ?? throw new NotebookFormatException("an output has no \"output_type\"");
        return type switch
        {
            "stream" => new StreamOutput(json["name"]?.GetValue<string>() ?? StreamOutput.StandardOutput, JoinText(json["text"])),
            "display_data" => new DisplayDataOutput(ParseBundle(json["data"])),
            "execute_result" => new ExecuteResultOutput(
                json["execution_count"] is JsonValue c && c.GetValueKind() == JsonValueKind.Number ? c.GetValue<int>() : null, ParseBundle(json["data"])),
            "error" => new ErrorOutput(json["ename"]?.GetValue<string>() ?? "", json["evalue"]?.GetValue<string>() ?? "",
                json["traceback"] is JsonArray t ? [.. t.Select(l => l?.GetValue<string>() ?? "")] : []),
            _ => new UnknownOutput(type, json.ToJsonString()),
        };
    }

    private static Dictionary<string, string> ParseBundle(JsonNode? data)
    {
        var bundle = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data is not JsonObject obj) return bundle;
        foreach (var (mime, value) in obj)
            bundle[mime] = !MimeTypes.IsJson(mime) && value?.GetValueKind() is JsonValueKind.String or JsonValueKind.Array
                ? JoinText(value)
                : value?.ToJsonString() ?? "null";
        return bundle;
    }

    private static JsonObject CellToJson(NotebookCell cell)
    {
        var json = new JsonObject();
        foreach (var (key, value) in cell.Extra) json[key] = value?.DeepClone();
        json["cell_type"] = cell.CellType;
        if (cell.Id is not null) json["id"] = cell.Id;
        json["metadata"] = cell.Metadata.DeepClone();
        json["source"] = SplitLines(cell.Source);
        if (cell.IsCode)
        {
            json["execution_count"] = cell.ExecutionCount;
            json["outputs"] = new JsonArray([.. cell.Outputs.Select(OutputToJson)]);
        }
        return json;
    }

    /// <summary>One output as nbformat JSON.</summary>
    internal static JsonNode OutputToJson(NotebookOutput output) => output switch
    {
        StreamOutput s => new JsonObject { ["name"] = s.Name, ["output_type"] = "stream", ["text"] = SplitLines(s.Text) },
        DisplayDataOutput d => new JsonObject { ["data"] = BundleToJson(d.Bundle), ["metadata"] = new JsonObject(), ["output_type"] = "display_data" },
        ExecuteResultOutput r => new JsonObject
        {
            ["data"] = BundleToJson(r.Bundle), ["execution_count"] = r.ExecutionCount, ["metadata"] = new JsonObject(), ["output_type"] = "execute_result",
        },
        ErrorOutput e => new JsonObject
        {
            ["ename"] = e.Name, ["evalue"] = e.Value, ["output_type"] = "error", ["traceback"] = new JsonArray([.. e.Traceback.Select(l => (JsonNode?)l)]),
        },
        UnknownOutput u => JsonNode.Parse(u.Json)!,
        _ => throw new ArgumentOutOfRangeException(nameof(output), output.GetType().Name, "unknown output type"),
    };

    private static JsonObject BundleToJson(IReadOnlyDictionary<string, string> bundle)
    {
        var json = new JsonObject();
        foreach (var (mime, value) in bundle.OrderBy(p => p.Key, StringComparer.Ordinal))
            json[mime] = MimeTypes.IsJson(mime) ? JsonNode.Parse(value) : MimeTypes.IsMultiline(mime) ? SplitLines(value) : value;
        return json;
    }

    /// <summary>nbformat's multiline string: one string per line, each but the last ending with '\n'.</summary>
    private static JsonArray SplitLines(string text)
    {
        var lines = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private static string JoinText(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        _ => node.GetValue<string>(),
    };

    private static string? StringAt(JsonObject root, string section, string key)
        => root[section] is JsonObject obj && obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

/// <summary>A file is not a readable nbformat 4 notebook.</summary>
public sealed class NotebookFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotebookFormatException(string message, Exception? inner = null) : base(message, inner) { }
}
