using SignalProp.Plots;

namespace SignalProp.Plots.Tests;

public class FigureExportTests
{
    [Theory]
    [InlineData("a.png", FigureFormat.Png)]
    [InlineData("dir/b.SVG", FigureFormat.Svg)]
    public void FormatFromExtension(string path, FigureFormat format) => Assert.Equal(format, FigureExport.FormatFromPath(path));

    [Fact]
    public void UnknownExtension_Throws() => Assert.Throws<ArgumentException>(() => FigureExport.FormatFromPath("a.jpg"));

    [Fact]
    public void DefaultSize_Is900x560()
    {
        var png = FigureExport.Render(Figures.DepthProfile(SampleData.ForwardVariance()), FigureFormat.Png);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((900, 560), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void Combine_RendersPanelsInAGrid()
    {
        var a = Figures.DepthProfile(SampleData.ForwardVariance(), new DepthProfileOptions(Title: "left panel"));
        var b = Figures.DepthProfile(SampleData.GradientVariance(), new DepthProfileOptions(Title: "right panel", LogY: true));
        var figure = FigureExport.Combine([a, b], columns: 2, panelWidth: 700, panelHeight: 450);
        Assert.Equal((1400, 450), (figure.Width, figure.Height));
        var svg = FigureAssert.SaveAndCheck(figure, "combined-panels");
        FigureAssert.ContainsText(svg, "left panel", "right panel");
        using var bitmap = SkiaSharp.SKBitmap.Decode(FigureExport.Render(figure, FigureFormat.Png));
        Assert.Equal((1400, 450), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void Save_CreatesDirectoryAndUsesExtension()
    {
        string dir = Path.Combine(FigureAssert.OutputDirectory, "nested", "dir");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        string path = FigureExport.Save(Figures.Parity(SampleData.ParitySets()), Path.Combine(dir, "p.svg"));
        Assert.StartsWith("<?xml", File.ReadAllText(path));
    }
}
