using System.Text;
using System.Text.RegularExpressions;
using SignalProp.Plots;
using ScottPlot;

namespace SignalProp.Plots.Tests;

/// <summary>Saves figures into the test output directory and checks the files.</summary>
public static partial class FigureAssert
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Where figures go: $SIGNALPROP_FIGURE_DIR when set (e.g. /tmp/figs, to look at them), else a folder under the
    /// system temp directory.
    /// </summary>
    public static string OutputDirectory
    {
        get
        {
            string dir = Environment.GetEnvironmentVariable("SIGNALPROP_FIGURE_DIR") is { Length: > 0 } env
                ? env
                : Path.Combine(Path.GetTempPath(), "signalprop-plots-tests");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>Saves PNG and SVG of a plot, checks both, returns the SVG text.</summary>
    public static string SaveAndCheck(Plot plot, string name, int minPngBytes = 15_000)
    {
        string png = FigureExport.Save(plot, Path.Combine(OutputDirectory, name + ".png"));
        string svg = FigureExport.Save(plot, Path.Combine(OutputDirectory, name + ".svg"));
        CheckPng(png, minPngBytes);
        return CheckSvg(svg);
    }

    /// <summary>Saves PNG and SVG of a multi-panel figure, checks both, returns the SVG text.</summary>
    public static string SaveAndCheck(PanelFigure figure, string name, int minPngBytes = 25_000)
    {
        string png = FigureExport.Save(figure, Path.Combine(OutputDirectory, name + ".png"));
        string svg = FigureExport.Save(figure, Path.Combine(OutputDirectory, name + ".svg"));
        CheckPng(png, minPngBytes);
        return CheckSvg(svg);
    }

    public static void CheckPng(string path, int minBytes)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > minBytes, $"{path} has only {bytes.Length} bytes (expected > {minBytes})");
        Assert.Equal(PngSignature, bytes[..8]);
    }

    public static string CheckSvg(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        string svg = File.ReadAllText(path, Encoding.UTF8);
        Assert.Contains("<svg", svg);
        Assert.EndsWith("</svg>", svg.TrimEnd());
        Assert.Contains("<text", svg);
        // Every piece of text uses the resolved sans font: nothing fell back to a serif or to no font.
        var families = FontFamilies().Matches(svg).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(families);
        Assert.All(families, f => Assert.Equal(FigureStyle.FontName, f));
        return svg;
    }

    /// <summary>The content of every &lt;text&gt; element, trimmed and XML-unescaped.</summary>
    public static IReadOnlyList<string> TextElements(string svg)
        => TextElement().Matches(svg).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).ToList();

    /// <summary>Asserts that each string occurs within some rendered text element of the SVG.</summary>
    public static void ContainsText(string svg, params string[] texts)
    {
        var elements = TextElements(svg);
        foreach (var text in texts)
            Assert.True(elements.Any(e => e.Contains(text, StringComparison.Ordinal)),
                $"the SVG has no text element containing '{text}'; texts: {string.Join(" | ", elements)}");
    }

    /// <summary>Asserts that some rendered text element is exactly this string.</summary>
    public static void HasTextElement(string svg, string text)
        => Assert.True(TextElements(svg).Contains(text), $"the SVG has no text element '{text}'");

    /// <summary>The "10ᵏ" labels of a decade axis.</summary>
    public static IReadOnlyList<string> PowerOfTenLabels(string svg)
        => TextElements(svg).Where(t => PowerLabel().IsMatch(t)).Distinct().ToList();

    /// <summary>Asserts that a log axis was drawn: at least two distinct "10ᵏ" tick labels.</summary>
    public static void HasLogTicks(string svg, int atLeast = 2)
    {
        var labels = PowerOfTenLabels(svg);
        Assert.True(labels.Count >= atLeast, $"expected ≥ {atLeast} '10ᵏ' tick labels, found: {string.Join(", ", labels)}");
    }

    /// <summary>Renders twice from scratch and asserts identical bytes.</summary>
    public static void Deterministic(Func<byte[]> render)
    {
        var first = render();
        var second = render();
        Assert.True(first.AsSpan().SequenceEqual(second), "rendering the same figure twice gave different bytes");
    }

    [GeneratedRegex("font-family=\"([^\"]*)\"")]
    private static partial Regex FontFamilies();

    [GeneratedRegex("^10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+$")]
    private static partial Regex PowerLabel();

    [GeneratedRegex("<text[^>]*>([^<]*)</text>")]
    private static partial Regex TextElement();
}
