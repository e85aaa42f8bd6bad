using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;

namespace SignalProp.Plots;

/// <summary>
/// Saves figures as PNG or SVG. Output is deterministic: the same figure at the same size gives the same bytes.
/// </summary>
public static partial class FigureExport
{
    /// <summary>Default width of a single-panel figure in pixels (readable at README width).</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default height of a single-panel figure in pixels.</summary>
    public const int DefaultHeight = 560;

    /// <summary>The format implied by a file extension (.png or .svg, case-insensitive).</summary>
    /// <exception cref="ArgumentException">Any other extension.</exception>
    public static FigureFormat FormatFromPath(string path)
    {
        string ext = Path.GetExtension(path ?? "").ToLowerInvariant();
        return ext switch
        {
            ".png" => FigureFormat.Png,
            ".svg" => FigureFormat.Svg,
            _ => throw new ArgumentException($"Cannot tell the image format of '{path}': use a .png or .svg file name.", nameof(path)),
        };
    }

    /// <summary>The file extension of a format, with the dot.</summary>
    public static string Extension(FigureFormat format) => format == FigureFormat.Svg ? ".svg" : ".png";

    /// <summary>Renders a plot to PNG bytes or UTF-8 SVG text.</summary>
    public static byte[] Render(Plot plot, FigureFormat format, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        CheckSize(width, height);
        return format == FigureFormat.Svg
            ? Encoding.UTF8.GetBytes(NormalizeSvg(plot.GetSvgXml(width, height)))
            : plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Renders a multi-panel figure to PNG bytes or UTF-8 SVG text, at its suggested size unless given.</summary>
    public static byte[] Render(PanelFigure figure, FigureFormat format, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(figure);
        int w = width ?? figure.Width, h = height ?? figure.Height;
        CheckSize(w, h);
        var rects = figure.Layout(w, h);
        if (format == FigureFormat.Svg)
        {
            using var stream = new MemoryStream();
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, w, h), stream))
            {
                canvas.Clear(SKColors.White);
                RenderPanels(figure, canvas, rects, w, h);
            }
            return Encoding.UTF8.GetBytes(NormalizeSvg(Encoding.UTF8.GetString(stream.ToArray())));
        }
        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {w}×{h} surface.");
        surface.Canvas.Clear(SKColors.White);
        RenderPanels(figure, surface.Canvas, rects, w, h);
        surface.Canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// Saves a plot; the format comes from <paramref name="format"/> or else from the extension. Creates the directory.
    /// Returns the full path written.
    /// </summary>
    public static string Save(Plot plot, string path, FigureFormat? format = null, int width = DefaultWidth, int height = DefaultHeight)
        => Write(path, Render(plot, format ?? FormatFromPath(path), width, height));

    /// <summary>Saves a multi-panel figure (see <see cref="Save(Plot, string, FigureFormat?, int, int)"/>).</summary>
    public static string Save(PanelFigure figure, string path, FigureFormat? format = null, int? width = null, int? height = null)
        => Write(path, Render(figure, format ?? FormatFromPath(path), width, height));

    /// <summary>
    /// Combines finished plots into one multi-panel figure, <paramref name="columns"/> per row (0 = one row), each panel
    /// <paramref name="panelWidth"/> × <paramref name="panelHeight"/> pixels by default.
    /// </summary>
    /// <param name="panels">The plots, row by row.</param>
    /// <param name="columns">Panels per row (0 = all in one row).</param>
    /// <param name="panelWidth">Width of each panel in pixels.</param>
    /// <param name="panelHeight">Height of each panel in pixels.</param>
    /// <param name="footer">Optional full-width strip below the panels, e.g. <see cref="Figures.LegendStrip"/>.</param>
    /// <param name="footerHeight">Height of the footer in pixels.</param>
    public static PanelFigure Combine(IReadOnlyList<Plot> panels, int columns = 0, int panelWidth = DefaultWidth,
        int panelHeight = DefaultHeight, Plot? footer = null, int footerHeight = 50)
    {
        ArgumentNullException.ThrowIfNull(panels);
        int cols = columns <= 0 ? Math.Max(1, panels.Count) : Math.Min(columns, Math.Max(1, panels.Count));
        int rows = (panels.Count + cols - 1) / cols;
        int extra = footer is null ? 0 : footerHeight;
        return new PanelFigure(panels, cols, panelWidth * cols, panelHeight * Math.Max(1, rows) + extra, null, footer, footerHeight);
    }

    /// <summary>
    /// Renders each panel into its rectangle. A plot normally clears the whole canvas first, which would erase the panels
    /// drawn before it; that is switched off (and restored) while the panel renders.
    /// </summary>
    private static void RenderPanels(PanelFigure figure, SKCanvas canvas, IReadOnlyList<PixelRect> rects, int width, int height)
    {
        for (int i = 0; i < rects.Count; i++) RenderPanel(figure.Panels[i], canvas, rects[i]);
        if (figure.Footer is not null) RenderPanel(figure.Footer, canvas, figure.FooterRect(width, height));
    }

    private static void RenderPanel(Plot plot, SKCanvas canvas, PixelRect rect)
    {
        bool clear = plot.RenderManager.ClearCanvasBeforeEachRender;
        plot.RenderManager.ClearCanvasBeforeEachRender = false;
        try
        {
            canvas.Save();
            canvas.ClipRect(new SKRect(rect.Left, rect.Top, rect.Right, rect.Bottom));
            plot.Render(canvas, rect);
        }
        finally
        {
            canvas.Restore();
            plot.RenderManager.ClearCanvasBeforeEachRender = clear;
        }
    }

    /// <summary>
    /// Skia numbers SVG element ids (clip paths) from a process-wide counter, so the same figure rendered twice in one
    /// process differs in its ids only. Renumbering them in order of appearance makes SVG output deterministic.
    /// </summary>
    internal static string NormalizeSvg(string svg)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        return SvgId().Replace(svg, m =>
        {
            string id = m.Groups[1].Value;
            if (!map.TryGetValue(id, out var renamed))
            {
                int cut = id.LastIndexOf('_');
                renamed = id[..cut] + "_" + map.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                map[id] = renamed;
            }
            return renamed;
        });
    }

    [GeneratedRegex("(?<=id=\"|#)([A-Za-z]+_[0-9A-Fa-f]+)(?=[\")])")]
    private static partial Regex SvgId();

    private static string Write(string path, byte[] bytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    private static void CheckSize(int width, int height)
    {
        if (width < 50 || height < 50 || width > 20000 || height > 20000)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}×{height} is outside 50…20000 pixels.");
    }
}
