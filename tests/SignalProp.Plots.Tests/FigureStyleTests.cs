using SignalProp.Plots;

namespace SignalProp.Plots.Tests;

public class FigureStyleTests
{
    [Fact]
    public void SansFontIsInstalled()
    {
        Assert.True(FigureStyle.IsFontInstalled("DejaVu Sans"),
            "The font 'DejaVu Sans' is not installed, so figures fall back to another font (or lose their text). "
            + "Install it: apt-get update && apt-get install -y fonts-dejavu-core");
        Assert.Equal("DejaVu Sans", FigureStyle.FontName);
    }

    [Fact]
    public void UnknownFontIsNotReportedInstalled()
        => Assert.False(FigureStyle.IsFontInstalled("No Such Font 12345"));

    [Theory]
    [InlineData("xavier", "xavier")]
    [InlineData("Xavier Pre-LN (theory)", "xavier")]
    [InlineData("admin-logn (measured)", "admin-logn")]
    [InlineData("Admin", "admin")]
    [InlineData("admin-o1", "admin-o1")]
    [InlineData("Pre-LN", "pre-ln")]
    [InlineData("post-ln", "post-ln")]
    [InlineData("dslm p=0.1", "dslm")]
    [InlineData("adminx", null)]
    [InlineData("something else", null)]
    public void SchemeNamesMapToFixedColours(string key, string? scheme)
    {
        Assert.Equal(scheme, FigureStyle.SchemeOf(key));
        Assert.Equal(scheme is null, FigureStyle.ColorFor(key) is null);
    }

    [Fact]
    public void EverySchemeHasADistinctColour()
    {
        string[] schemes = ["xavier", "default", "dslm", "admin", "admin-logn", "admin-o1", "deepnorm", "rezero", "solved", "pre-ln", "post-ln"];
        var colors = schemes.Select(s => FigureStyle.ColorFor(s)!.Value.ToHex()).ToList();
        Assert.Equal(schemes.Length, colors.Distinct().Count());
    }

    [Fact]
    public void PowerOfTenLabels()
    {
        var plot = Figures.DepthProfile([Series.Theory("t", [1, 2, 3], [1e-3, 1, 1e3])], new DepthProfileOptions(LogY: true));
        var svg = System.Text.Encoding.UTF8.GetString(FigureExport.Render(plot, FigureFormat.Svg));
        var labels = FigureAssert.PowerOfTenLabels(svg);
        Assert.Contains("10⁻³", labels);
        Assert.Contains("10⁰", labels);
        Assert.Contains("10³", labels);
    }
}
