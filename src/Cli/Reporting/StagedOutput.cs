namespace SignalProp.Cli.Reporting;

/// <summary>
/// Writes a set of files all-or-nothing: everything is written into a temporary directory next to the target
/// (<c>.&lt;name&gt;.tmp-&lt;random&gt;</c> in the same parent, so the final move is a rename on the same file system), then
/// moved into place by <see cref="Commit"/>. Disposing without committing deletes the temporary directory. A target that
/// cannot be written (a file in its place, an unwritable or missing-and-uncreatable parent) is a
/// <see cref="CliUsageException"/> raised by <see cref="Create"/>, before any work is done.
/// </summary>
public sealed class StagedOutput : IDisposable
{
    private bool _committed;

    private StagedOutput(string target, string staging)
    {
        Target = target;
        Staging = staging;
    }

    /// <summary>The final directory (full path).</summary>
    public string Target { get; }

    /// <summary>The temporary directory files are written to.</summary>
    public string Staging { get; }

    /// <summary>Checks the target and creates the staging directory.</summary>
    /// <param name="target">The output directory as given (relative to the current directory).</param>
    /// <param name="optionName">The option, for messages (e.g. <c>--out</c>).</param>
    /// <exception cref="CliUsageException">The directory cannot be written.</exception>
    public static StagedOutput Create(string target, string optionName = "--out")
    {
        if (string.IsNullOrWhiteSpace(target)) throw new CliUsageException($"{optionName} is empty: give an output directory.");
        string full;
        try
        {
            full = Path.GetFullPath(target);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CliUsageException($"{optionName} = '{target}' is not a valid directory path: {e.Message}");
        }
        full = Path.TrimEndingDirectorySeparator(full);
        if (File.Exists(full))
            throw new CliUsageException($"{optionName} = '{target}' is a file, not a directory: choose another output directory. Nothing was written.");
        string parent = Path.GetDirectoryName(full) ?? throw new CliUsageException($"{optionName} = '{target}': cannot write to the root directory.");
        string staging = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(parent);
            Directory.CreateDirectory(staging);
            if (Directory.Exists(full)) ProbeWritable(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            TryDelete(staging);
            throw new CliUsageException($"{optionName} = '{target}' cannot be written ({e.Message.TrimEnd('.')}). Nothing was written.");
        }
        return new StagedOutput(full, staging);
    }

    /// <summary>The staging path of <paramref name="fileName"/>.</summary>
    public string PathOf(string fileName) => Path.Combine(Staging, fileName);

    /// <summary>Writes a file into the staging directory.</summary>
    public void Write(string fileName, byte[] bytes) => File.WriteAllBytes(PathOf(fileName), bytes);

    /// <summary>Writes a UTF-8 text file into the staging directory.</summary>
    public void Write(string fileName, string text) => File.WriteAllText(PathOf(fileName), text, new System.Text.UTF8Encoding(false));

    /// <summary>
    /// Moves the staged files into <see cref="Target"/>: a rename of the whole directory when the target does not exist,
    /// else file by file (replacing files of the same name, keeping others). Returns the full paths written.
    /// </summary>
    public IReadOnlyList<string> Commit()
    {
        var names = Directory.GetFiles(Staging).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        try
        {
            if (!Directory.Exists(Target))
                Directory.Move(Staging, Target);
            else
            {
                foreach (string name in names) File.Move(Path.Combine(Staging, name), Path.Combine(Target, name), overwrite: true);
                TryDelete(Staging);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot move the output into '{Target}' ({e.Message.TrimEnd('.')}).");
        }
        _committed = true;
        return names.Select(n => Path.Combine(Target, n)).ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_committed) TryDelete(Staging);
    }

    private static void ProbeWritable(string directory)
    {
        string probe = Path.Combine(directory, $".signalprop-probe-{Guid.NewGuid():N}");
        using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort
        }
    }
}
