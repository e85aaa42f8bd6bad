namespace SignalProp.Notebooks;

/// <summary>Options of <see cref="NotebookRunner"/>.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Width in pixels of figures shown with <c>display(plot)</c>. Range: 16…8192; default 800.</summary>
    public int FigureWidth { get; init => field = InRange(value, nameof(FigureWidth)); } = 800;

    /// <summary>Height in pixels of figures shown with <c>display(plot)</c>. Range: 16…8192; default 450.</summary>
    public int FigureHeight { get; init => field = InRange(value, nameof(FigureHeight)); } = 450;

    /// <summary>
    /// The directory whose assemblies <c>#r</c> directives resolve to (see <see cref="NotebookReferenceResolver"/>); null
    /// is the runner's own directory (<see cref="AppContext.BaseDirectory"/>), where SignalProp.Theory, SignalProp.Plots,
    /// MathNet.Numerics and ScottPlot sit next to the runner.
    /// </summary>
    public string? AssemblyDirectory { get; init; }

    /// <summary>
    /// The NuGet global packages folder searched for <c>#r "nuget: …"</c> packages the runner does not ship; null is
    /// <c>$NUGET_PACKAGES</c> or <c>~/.nuget/packages</c>. Nothing is ever downloaded.
    /// </summary>
    public string? PackagesFolder { get; init; }

    /// <summary>Called after every cell (code or not), in order — e.g. for progress output.</summary>
    public Action<CellResult>? CellCompleted { get; init; }

    private static int InRange(int value, string name)
        => value is >= 16 and <= 8192 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 16 and 8192 pixels.");
}
