namespace SignalProp.Plots;

/// <summary>
/// One curve of a line figure: y against x, drawn as a theory line or as measured markers.
/// </summary>
/// <remarks>
/// Values need not be finite: NaN points are left out, +∞ is drawn clipped at the top of the axis with a ▲ marker
/// (and −∞, or a value ≤ 0 on a log axis, clipped at the bottom with a ▼ marker); the legend says so.
/// </remarks>
/// <param name="Label">Legend text, e.g. "Xavier Pre-LN (theory)".</param>
/// <param name="X">The x values (e.g. layer index).</param>
/// <param name="Y">The y values; same length as <paramref name="X"/>.</param>
/// <param name="StdErr">Optional standard errors of <paramref name="Y"/> (same length), drawn as ±1 error bars on markers.</param>
/// <param name="Style">Theory line or measured markers.</param>
/// <param name="ColorKey">
/// What decides the colour: series with the same key share a colour. A scheme name ("xavier", "dslm", "admin", …) or a
/// placement ("pre-ln", "post-ln") gets its fixed colour from <see cref="FigureStyle.ColorFor"/>; other keys get the next
/// free palette colour. Null means "use <paramref name="Label"/>".
/// </param>
public sealed record Series(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y,
    IReadOnlyList<double>? StdErr = null, SeriesStyle Style = SeriesStyle.TheoryLine, string? ColorKey = null)
{
    /// <summary>A theory line.</summary>
    public static Series Theory(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, string? colorKey = null)
        => new(label, x, y, null, SeriesStyle.TheoryLine, colorKey);

    /// <summary>Measured markers with optional standard errors.</summary>
    public static Series Measured(string label, IReadOnlyList<double> x, IReadOnlyList<double> y,
        IReadOnlyList<double>? stdErr = null, string? colorKey = null)
        => new(label, x, y, stdErr, SeriesStyle.MeasuredMarkers, colorKey);

    /// <summary>The key used to pick the colour.</summary>
    public string EffectiveColorKey => ColorKey ?? Label;

    /// <summary>Throws when the arrays do not have matching lengths.</summary>
    /// <exception cref="ArgumentException">X, Y (and StdErr) differ in length.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(X);
        ArgumentNullException.ThrowIfNull(Y);
        if (X.Count != Y.Count)
            throw new ArgumentException($"Series '{Label}': X has {X.Count} values but Y has {Y.Count}.");
        if (StdErr is not null && StdErr.Count != Y.Count)
            throw new ArgumentException($"Series '{Label}': StdErr has {StdErr.Count} values but Y has {Y.Count}.");
    }
}
