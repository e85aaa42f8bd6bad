namespace SignalProp.Notebooks;

/// <summary>
/// The globals every notebook cell sees, mirroring the .NET Interactive kernel: <see cref="display"/> shows a value
/// below the cell. One instance lives for the whole notebook; the runner points it at the current cell's outputs.
/// </summary>
public sealed class NotebookGlobals
{
    internal NotebookGlobals(int figureWidth, int figureHeight) => (FigureWidth, FigureHeight) = (figureWidth, figureHeight);

    internal int FigureWidth { get; }

    internal int FigureHeight { get; }

    internal CellCapture? Capture { get; set; }

    /// <summary>
    /// Shows <paramref name="value"/> as a <c>display_data</c> output: a ScottPlot figure (or PNG bytes) as <c>image/png</c>
    /// at the runner's figure size (800×450 by default), anything else as <c>text/plain</c>. Text printed before the call
    /// stays above the figure.
    /// </summary>
#pragma warning disable IDE1006 // the .NET kernel's global function is lower-case; notebooks must compile in both.
    public void display(object? value)
#pragma warning restore IDE1006
    {
        var capture = Capture ?? throw new InvalidOperationException("display() was called outside a running cell.");
        capture.Display(DisplayFormatter.Format(value, FigureWidth, FigureHeight));
    }
}
