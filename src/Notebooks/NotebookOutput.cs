namespace SignalProp.Notebooks;

/// <summary>
/// One output of a code cell, in the four nbformat 4 output types: <see cref="StreamOutput"/> (<c>stream</c>),
/// <see cref="DisplayDataOutput"/> (<c>display_data</c>), <see cref="ExecuteResultOutput"/> (<c>execute_result</c>) and
/// <see cref="ErrorOutput"/> (<c>error</c>).
/// </summary>
public abstract record NotebookOutput
{
    /// <summary>The nbformat <c>output_type</c>.</summary>
    public abstract string OutputType { get; }

    /// <summary>The MIME bundle of a display or result output (MIME type → text, base64 for images); empty otherwise.</summary>
    public virtual IReadOnlyDictionary<string, string> Data => EmptyData;

    /// <summary>True when the output carries an <c>image/png</c> entry.</summary>
    public bool HasImage => Data.ContainsKey(MimeTypes.Png);

    /// <summary>The PNG bytes of an <c>image/png</c> entry, or null.</summary>
    public byte[]? GetPng() => Data.TryGetValue(MimeTypes.Png, out var base64) ? Convert.FromBase64String(base64.Trim()) : null;

    private static readonly IReadOnlyDictionary<string, string> EmptyData = new Dictionary<string, string>();
}

/// <summary>Text written to standard output or standard error while the cell ran.</summary>
/// <param name="Name"><c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Text">The text, with its line breaks.</param>
public sealed record StreamOutput(string Name, string Text) : NotebookOutput
{
    /// <summary>The stream name of standard output.</summary>
    public const string StandardOutput = "stdout";

    /// <summary>The stream name of standard error.</summary>
    public const string StandardError = "stderr";

    /// <inheritdoc />
    public override string OutputType => "stream";
}

/// <summary>A value shown with <c>display(value)</c>: a MIME bundle (e.g. <c>image/png</c> for a figure, <c>text/plain</c> otherwise).</summary>
/// <param name="Bundle">MIME type → content (base64 for binary types).</param>
public sealed record DisplayDataOutput(IReadOnlyDictionary<string, string> Bundle) : NotebookOutput
{
    /// <inheritdoc />
    public override string OutputType => "display_data";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Data => Bundle;
}

/// <summary>The value of a cell's trailing expression (a last line without a semicolon).</summary>
/// <param name="ExecutionCount">The cell's execution count.</param>
/// <param name="Bundle">MIME type → content.</param>
public sealed record ExecuteResultOutput(int? ExecutionCount, IReadOnlyDictionary<string, string> Bundle) : NotebookOutput
{
    /// <inheritdoc />
    public override string OutputType => "execute_result";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Data => Bundle;
}

/// <summary>A cell that failed to compile or threw. Execution of the notebook stops at the first one.</summary>
/// <param name="Name">nbformat <c>ename</c>: the exception type name, or <c>CompilationError</c>, or <c>UnsupportedCell</c>.</param>
/// <param name="Value">nbformat <c>evalue</c>: the message.</param>
/// <param name="Traceback">nbformat <c>traceback</c>: the compiler diagnostics or the exception with its stack, one line each.</param>
public sealed record ErrorOutput(string Name, string Value, IReadOnlyList<string> Traceback) : NotebookOutput
{
    /// <summary>The <c>ename</c> of a cell that did not compile.</summary>
    public const string CompilationError = "CompilationError";

    /// <summary>The <c>ename</c> of a cell the runner cannot execute (another language, an unsupported magic command).</summary>
    public const string UnsupportedCell = "UnsupportedCell";

    /// <inheritdoc />
    public override string OutputType => "error";

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Value}";
}

/// <summary>
/// An output type this runner does not produce, kept verbatim when a notebook is read (its raw JSON text).
/// </summary>
/// <param name="Type">The <c>output_type</c>.</param>
/// <param name="Json">The output object as JSON text.</param>
public sealed record UnknownOutput(string Type, string Json) : NotebookOutput
{
    /// <inheritdoc />
    public override string OutputType => Type;
}

/// <summary>The MIME types the runner writes.</summary>
public static class MimeTypes
{
    /// <summary><c>image/png</c>, base64-encoded.</summary>
    public const string Png = "image/png";

    /// <summary><c>text/plain</c>.</summary>
    public const string PlainText = "text/plain";

    /// <summary><c>text/html</c>.</summary>
    public const string Html = "text/html";

    /// <summary>Whether nbformat stores the type as a list of lines (text types) rather than one string (base64 images).</summary>
    public static bool IsMultiline(string mimeType)
        => mimeType.StartsWith("text/", StringComparison.Ordinal) || mimeType is "application/javascript" or "image/svg+xml";

    /// <summary>Whether the type holds JSON (stored as a JSON value, not a string).</summary>
    public static bool IsJson(string mimeType) => mimeType.EndsWith("json", StringComparison.Ordinal);
}
