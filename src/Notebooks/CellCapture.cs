using System.Text;

namespace SignalProp.Notebooks;

/// <summary>
/// Collects one cell's outputs in order: text written to <see cref="Console.Out"/> and <see cref="Console.Error"/>
/// (consecutive writes to one stream merged into one <c>stream</c> output, as Jupyter does), displays and the result.
/// While it is active the console writers are redirected to it; disposing restores them.
/// </summary>
internal sealed class CellCapture : IDisposable
{
    private readonly Lock gate = new();
    private readonly List<NotebookOutput> outputs = [];
    private readonly StringBuilder pending = new();
    private readonly TextWriter previousOut;
    private readonly TextWriter previousError;
    private string? pendingStream;
    private bool disposed;

    public CellCapture()
    {
        previousOut = Console.Out;
        previousError = Console.Error;
        Console.SetOut(new StreamWriterAdapter(this, StreamOutput.StandardOutput));
        Console.SetError(new StreamWriterAdapter(this, StreamOutput.StandardError));
    }

    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (pendingStream != stream) FlushPending();
            pendingStream = stream;
            pending.Append(text);
        }
    }

    public void Display(IReadOnlyDictionary<string, string> bundle)
    {
        lock (gate)
        {
            FlushPending();
            outputs.Add(new DisplayDataOutput(bundle));
        }
    }

    public void Add(NotebookOutput output)
    {
        lock (gate)
        {
            FlushPending();
            outputs.Add(output);
        }
    }

    public IReadOnlyList<NotebookOutput> Outputs()
    {
        lock (gate)
        {
            FlushPending();
            return [.. outputs];
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Console.Out.Flush();
        Console.Error.Flush();
        Console.SetOut(previousOut);
        Console.SetError(previousError);
    }

    private void FlushPending()
    {
        if (pendingStream is not null && pending.Length > 0) outputs.Add(new StreamOutput(pendingStream, pending.ToString()));
        pending.Clear();
        pendingStream = null;
    }

    private sealed class StreamWriterAdapter(CellCapture capture, string stream) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => capture.Write(stream, value.ToString());

        public override void Write(string? value) => capture.Write(stream, value ?? "");

        public override void Write(char[] buffer, int index, int count) => capture.Write(stream, new string(buffer, index, count));

        public override void Write(ReadOnlySpan<char> buffer) => capture.Write(stream, new string(buffer));

        public override void WriteLine(string? value) => capture.Write(stream, (value ?? "") + "\n");

        public override void WriteLine() => capture.Write(stream, "\n");
    }
}
