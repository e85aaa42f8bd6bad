using SignalProp.Cli.Reporting;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests.Plot;

public sealed class PlotCommandTests : IDisposable
{
    private static readonly string[] Small = ["--layers", "4", "--d-model", "64", "--heads", "4", "--seq-len", "16"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "signalprop-plot-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    public static TheoryData<string, string> FigureFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var f in FigureCatalog.All.Where(f => !f.NeedsMeasurements))
        {
            data.Add(f.Name, "png");
            data.Add(f.Name, "svg");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FigureFormats))]
    public void EachFigureWritesANonEmptyImage(string figure, string format)
    {
        string dir = Path.Combine(_root, figure + "-" + format);
        var run = CliRun.Of(["plot", figure, .. Small, "--out", dir, "--format", format]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        string file = Path.Combine(dir, $"{figure}.{format}");
        Assert.True(File.Exists(file), run.Stdout);
        byte[] bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length > 1000, $"{file}: {bytes.Length} bytes");
        if (format == "png") Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        else Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Contains(file, run.Stdout);
        Assert.Single(Directory.GetFiles(dir));
        Assert.DoesNotContain(Directory.GetDirectories(_root), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void AllWritesEveryTheoryFigure()
    {
        string dir = Path.Combine(_root, "all");
        var run = CliRun.Of(["plot", "all", .. Small, "--out", dir]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var expected = FigureCatalog.All.Where(f => !f.NeedsMeasurements).Select(f => f.Name + ".png").Order().ToArray();
        Assert.Equal(expected, Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray());
    }

    [Theory]
    [InlineData("no-such-figure")]
    [InlineData("forward-variance", "--format", "jpeg")]
    [InlineData("forward-variance", "--layers", "0")]
    [InlineData("forward-variance", "--heads", "5")]
    [InlineData("forward-variance", "--dropout", "1.5")]
    [InlineData("forward-variance", "--d-model", "abc")]
    [InlineData("forward-variance", "--measure")]
    [InlineData("verification", "--verify-limit", "0")]
    public void BadUsageExitsTwoAndWritesNothing(params string[] args)
    {
        string dir = Path.Combine(_root, "bad");
        var run = CliRun.Of(["plot", .. args, "--out", dir]);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void MessagesNameTheProblem()
    {
        Assert.Contains("unknown figure 'nope'", CliRun.Of("plot", "nope").Stderr);
        Assert.Contains("--layers = 0", CliRun.Of("plot", "correlation", "--layers", "0", "--out", Path.Combine(_root, "x")).Stderr);
        Assert.Contains("no measured version", CliRun.Of(["plot", "dependency", .. Small, "--measure", "--out", Path.Combine(_root, "x")]).Stderr);
    }

    [Theory]
    [InlineData("forward-variance")]
    [InlineData("gradient-variance")]
    [InlineData("correlation")]
    public void MeasureOnATinyModelWritesTheMeasuredFigure(string figure)
    {
        string dir = Path.Combine(_root, "measure-" + figure);
        var run = CliRun.Of(["plot", figure, "--measure", "--layers", "2", "--d-model", "32", "--heads", "2", "--seq-len", "8", "--out", dir]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        string file = Path.Combine(dir, figure + "-measured.png");
        byte[] bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length > 1000, $"{file}: {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void MeasureOnThePaperDefaultExitsTwoWithTheReason()
    {
        string dir = Path.Combine(_root, "measure-default");
        var run = CliRun.Of("plot", "forward-variance", "--measure", "--out", dir);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr);
        Assert.Contains("--measure needs a CPU-sized model", run.Stderr);
        Assert.Contains("--layers 12 --d-model 256 --heads 4 --seq-len 128", run.Stderr);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void VerificationFiguresRunTheVerifier()
    {
        string dir = Path.Combine(_root, "verification");
        var run = CliRun.Of("plot", "verification", "--verify-limit", "1", "--out", dir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(new FileInfo(Path.Combine(dir, "verification.png")).Length > 1000);
        var parity = CliRun.Of("plot", "verification-parity", "--verify-limit", "1", "--format", "svg", "--out", dir);
        Assert.True(parity.ExitCode == 0, parity.Stderr);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "verification-parity.svg")));
    }

    [Fact]
    public void AFileInPlaceOfTheDirectoryIsAUsageError()
    {
        Directory.CreateDirectory(_root);
        string file = Path.Combine(_root, "taken");
        File.WriteAllText(file, "keep");
        var run = CliRun.Of(["plot", "correlation", .. Small, "--out", file]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a file", run.Stderr);
        Assert.Equal("keep", File.ReadAllText(file));
        Assert.Single(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void HelpListsTheFigures()
    {
        var run = CliRun.Of("plot", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var f in FigureCatalog.All) Assert.Contains(f.Name, run.Stdout);
        Assert.Contains("--format", run.Stdout);
    }
}
