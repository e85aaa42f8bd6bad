using ScottPlot;

namespace SignalProp.Plots;

/// <summary>
/// A multi-panel figure: several finished <see cref="Plot"/>s laid out in a grid and rendered into one image (see
/// <see cref="FigureExport"/>). Panels are filled row by row; an optional footer (e.g. a shared legend) spans the full
/// width below them.
/// </summary>
public sealed class PanelFigure
{
    /// <summary>Lays out <paramref name="panels"/> in <paramref name="columns"/> columns.</summary>
    /// <param name="panels">The panels, row by row.</param>
    /// <param name="columns">Columns of the grid (at least 1; 0 = all panels in one row).</param>
    /// <param name="width">Suggested image width in pixels.</param>
    /// <param name="height">Suggested image height in pixels.</param>
    /// <param name="columnWeights">Relative column widths (null = equal).</param>
    /// <param name="footer">A plot drawn in a full-width strip below the grid (e.g. from <see cref="Figures.LegendStrip"/>).</param>
    /// <param name="footerHeight">Height of the footer strip in pixels (ignored without a footer).</param>
    /// <exception cref="ArgumentException">No panels, a negative column count or mismatched weights.</exception>
    public PanelFigure(IReadOnlyList<Plot> panels, int columns = 0, int? width = null, int? height = null,
        IReadOnlyList<double>? columnWeights = null, Plot? footer = null, int footerHeight = 60)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("A panel figure needs at least one panel.", nameof(panels));
        if (columns < 0) throw new ArgumentException("Columns must be ≥ 0.", nameof(columns));
        Panels = panels;
        Columns = columns == 0 ? panels.Count : Math.Min(columns, panels.Count);
        if (columnWeights is not null && (columnWeights.Count != Columns || columnWeights.Any(w => !(w > 0))))
            throw new ArgumentException($"Expected {Columns} positive column weights.", nameof(columnWeights));
        ColumnWeights = columnWeights ?? Enumerable.Repeat(1.0, Columns).ToArray();
        Footer = footer;
        FooterHeight = footer is null ? 0 : Math.Max(0, footerHeight);
        Width = width ?? FigureExport.DefaultWidth * Columns;
        Height = height ?? FigureExport.DefaultHeight * Rows + FooterHeight;
    }

    /// <summary>The full-width strip below the grid, or null.</summary>
    public Plot? Footer { get; }

    /// <summary>Height of the footer strip in pixels (0 without a footer).</summary>
    public int FooterHeight { get; }

    /// <summary>The panels, row by row.</summary>
    public IReadOnlyList<Plot> Panels { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => (Panels.Count + Columns - 1) / Columns;

    /// <summary>Relative column widths.</summary>
    public IReadOnlyList<double> ColumnWeights { get; }

    /// <summary>Suggested (default) image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Suggested (default) image height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixel rectangle of the footer in an image of the given size (empty without a footer).</summary>
    public PixelRect FooterRect(int width, int height)
        => Footer is null ? new PixelRect(0, 0, 0, 0) : new PixelRect(0, width, height, height - Math.Min(FooterHeight, height / 2));

    /// <summary>The pixel rectangle of every panel in an image of the given size (above the footer, if any).</summary>
    public IReadOnlyList<PixelRect> Layout(int width, int height)
    {
        if (Footer is not null) height -= Math.Min(FooterHeight, height / 2);
        double total = ColumnWeights.Sum();
        var lefts = new float[Columns + 1];
        double acc = 0;
        for (int c = 0; c < Columns; c++)
        {
            lefts[c] = (float)Math.Round(width * acc / total);
            acc += ColumnWeights[c];
        }
        lefts[Columns] = width;
        var rects = new List<PixelRect>(Panels.Count);
        for (int i = 0; i < Panels.Count; i++)
        {
            int r = i / Columns, c = i % Columns;
            float top = (float)Math.Round((double)height * r / Rows), bottom = (float)Math.Round((double)height * (r + 1) / Rows);
            rects.Add(new PixelRect(lefts[c], lefts[c + 1], bottom, top));
        }
        return rects;
    }
}
