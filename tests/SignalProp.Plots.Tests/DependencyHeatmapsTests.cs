using SignalProp.Plots;

namespace SignalProp.Plots.Tests;

public class DependencyHeatmapsTests
{
    [Fact]
    public void ThreeModels_SharedColorBarAndAxisLabels()
    {
        var figure = Figures.DependencyHeatmaps(SampleData.Dependency(13));
        Assert.Equal(3, figure.Panels.Count);
        Assert.Equal(3, figure.Columns);
        var svg = FigureAssert.SaveAndCheck(figure, "fig5a-dependency", minPngBytes: 12_000);
        FigureAssert.ContainsText(svg, "Pre-LN", "Post-LN", "Admin", "sub-layer i (row)", "component j", "dependency β(i, j)");
        FigureAssert.HasTextElement(svg, "12");
    }

    [Fact]
    public void WithoutEmbedding_DropsRowAndColumnZero()
    {
        var figure = Figures.DependencyHeatmaps(SampleData.Dependency(13), includeEmbedding: false);
        var svg = FigureAssert.SaveAndCheck(figure, "fig5a-dependency-no-embedding", minPngBytes: 12_000);
        FigureAssert.ContainsText(svg, "Pre-LN", "Post-LN", "Admin");
        foreach (var panel in figure.Panels)
        {
            var x = ((ScottPlot.TickGenerators.NumericManual)panel.Axes.Bottom.TickGenerator).Ticks.Where(t => t.IsMajor).ToList();
            var y = ((ScottPlot.TickGenerators.NumericManual)panel.Axes.Left.TickGenerator).Ticks.Where(t => t.IsMajor).ToList();
            Assert.DoesNotContain(x, t => t.Label == "0");
            Assert.DoesNotContain(y, t => t.Label == "0");
            Assert.Contains(x, t => t.Label == "12" && t.Position == 11); // original index 12 in the 12th (last) column
            Assert.Contains(y, t => t.Label == "2" && t.Position == 10);  // row 1 is the top row (11), row 2 just below
        }
    }

    [Fact]
    public void PanelsHaveEqualDataAreas()
    {
        var figure = Figures.DependencyHeatmaps(SampleData.Dependency(13));
        FigureExport.Render(figure, FigureFormat.Png);
        var areas = figure.Panels.Select(p => p.LastRender.DataRect).ToList();
        Assert.All(areas, a => Assert.Equal(areas[0].Width, a.Width, 0.5));
        Assert.All(areas, a => Assert.Equal(areas[0].Height, a.Height, 0.5));
    }

    [Fact]
    public void RowZeroIsDrawnAtTheTop()
    {
        // A matrix that is 1 only in row 0: the top row of cells must be the bright end of the colour map.
        var beta = new double[5, 5];
        beta[0, 0] = 1;
        for (int i = 1; i < 5; i++) beta[i, 0] = 0;
        var figure = Figures.DependencyHeatmaps([new DependencyMatrix("probe", beta)]);
        var png = FigureExport.Render(figure, FigureFormat.Png);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        var rect = figure.Panels[0].LastRender.DataRect;
        float cell = rect.Height / 5;
        var top = bitmap.GetPixel((int)(rect.Left + cell / 2), (int)(rect.Top + cell / 2));
        var bottom = bitmap.GetPixel((int)(rect.Left + cell / 2), (int)(rect.Bottom - cell / 2));
        // Viridis: high = yellow (bright, high red+green), low = dark purple.
        Assert.True(top.Red + top.Green > bottom.Red + bottom.Green + 200, $"top {top}, bottom {bottom}");
    }

    [Fact]
    public void NonFinite_DoNotThrow()
    {
        var beta = SampleData.PreLn(7);
        beta[3, 1] = double.NaN;
        beta[4, 2] = double.PositiveInfinity;
        FigureExport.Render(Figures.DependencyHeatmaps([new DependencyMatrix("odd", beta)]), FigureFormat.Png);
        FigureExport.Render(Figures.DependencyHeatmaps([new DependencyMatrix("nan", new double[,] { { double.NaN } })]), FigureFormat.Svg);
        Assert.Throws<ArgumentException>(() => Figures.DependencyHeatmaps([]));
    }

    [Fact]
    public void Rendering_IsDeterministic()
    {
        FigureAssert.Deterministic(() => FigureExport.Render(Figures.DependencyHeatmaps(SampleData.Dependency(13)), FigureFormat.Png));
        FigureAssert.Deterministic(() => FigureExport.Render(Figures.DependencyHeatmaps(SampleData.Dependency(13)), FigureFormat.Svg));
    }
}
