using System.Text.RegularExpressions;
using SignalProp.Cli.Reporting;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests.Report;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "signalprop-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static IEnumerable<FigureInfo> Drawn => FigureCatalog.All;

    [Fact]
    public void QuickReportWritesEveryFileAndASelfContainedIndex()
    {
        string dir = Path.Combine(_root, "out");
        var run = CliRun.Of("report", "--quick", "--out", dir);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var expected = Drawn.SelectMany(f => new[] { f.Name + ".png", f.Name + ".svg" }).Append("summary.md").Append("index.html").Order().ToArray();
        Assert.Equal(expected, Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray());
        foreach (string file in Directory.GetFiles(dir)) Assert.True(new FileInfo(file).Length > 500, file);

        string html = File.ReadAllText(Path.Combine(dir, "index.html"));
        foreach (var f in Drawn)
        {
            Assert.Contains($"data-file=\"{f.Name}.png\"", html);
            Assert.Contains($"id=\"{f.Name}\"", html);
        }
        Assert.Equal(Drawn.Count(), Regex.Matches(html, "src=\"data:image/png;base64,[A-Za-z0-9+/=]{100,}\"").Count);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<link", html);
        // key numbers and the configuration
        foreach (string text in new[]
                 {
                     "Xavier Pre-LN forward variance at the top", "Xavier Post-LN gradient growth", "DSLM Pre-LN forward variance, min",
                     "Admin output change", "48 layers, d = 256", "verification: configurations run", "THEORY.md §5.4",
                     "DSLM Post-LN: measured vs predicted forward variance, max relative error",
                     "Xavier Pre-LN: measured vs predicted token correlation, max absolute error", "4 layers, d = 64",
                 })
            Assert.Contains(System.Net.WebUtility.HtmlEncode(text), html);

        string md = File.ReadAllText(Path.Combine(dir, "summary.md"));
        foreach (var f in Drawn) Assert.Contains($"]({f.Name}.png)", md);
        Assert.Contains("Headline numbers", md);
        foreach (string measured in new[] { "forward-variance-measured", "gradient-variance-measured", "correlation-measured", "attention-entropy-measured" })
        {
            Assert.Contains(measured, Drawn.Select(f => f.Name));
            Assert.Contains($"data-file=\"{measured}.png\"", html);
            Assert.Contains($"]({measured}.png)", md);
        }
        Assert.Matches(@"- DSLM Pre-LN: measured vs predicted forward variance, max relative error: \*\*[0-9.e-]+\*\*", md);

        Assert.Contains($"[{FigureCatalog.All.Count}/{FigureCatalog.All.Count}]", run.Stdout);
        Assert.Contains(Path.Combine(dir, "index.html"), run.Stdout);
        Assert.Equal([dir], Directory.GetDirectories(_root)); // no staging directory left behind
    }

    [Fact]
    public void KeyNumbersOfThePaperConfiguration()
    {
        var builder = new FigureBuilder(Commands.ReportCommand.BaseRequest(quick: false), [1, 2]);
        var numbers = builder.Build(FigureCatalog.Find("forward-variance")!).Numbers;
        double top = double.Parse(numbers[0].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(top, 410, 430); // THEORY.md §7: 420.23
    }

    [Fact]
    public void AnExistingDirectoryKeepsOtherFiles()
    {
        string dir = Path.Combine(_root, "existing");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(dir, "index.html"), "old");
        var run = CliRun.Of("report", "--quick", "--out", dir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        Assert.NotEqual("old", File.ReadAllText(Path.Combine(dir, "index.html")));
        Assert.Single(Directory.GetDirectories(_root));
    }

    [Fact]
    public void UnwritableProcDirectoryFailsCleanly()
    {
        var run = CliRun.Of("report", "--quick", "--out", "/proc/forbidden");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --out = '/proc/forbidden' cannot be written", run.Stderr);
        Assert.Contains("Nothing was written", run.Stderr);
        Assert.False(Directory.Exists("/proc/forbidden"));
        Assert.DoesNotContain("wrote", run.Stdout);
    }

    [Fact]
    public void AFileInPlaceOfTheDirectoryOrItsParentFailsCleanly()
    {
        Directory.CreateDirectory(_root);
        string file = Path.Combine(_root, "file");
        File.WriteAllText(file, "keep");

        var direct = CliRun.Of("report", "--quick", "--out", file);
        Assert.Equal(2, direct.ExitCode);
        Assert.Contains("is a file", direct.Stderr);

        var under = CliRun.Of("report", "--quick", "--out", Path.Combine(file, "sub"));
        Assert.Equal(2, under.ExitCode);
        Assert.Contains("cannot be written", under.Stderr);

        Assert.Equal("keep", File.ReadAllText(file));
        Assert.Equal([file], Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void AuthorsExpectedErrorsCarryTheirProvenance()
    {
        Assert.Contains("THEORY.md §5.4", AuthorsExpectedErrors.Provenance);
        Assert.Equal(44.5, AuthorsExpectedErrors.Lookup("SHA", "gVar")!.Value.P99);
        Assert.Null(AuthorsExpectedErrors.Lookup("softmax", "xCov"));
        Assert.Equal(2.6, AuthorsExpectedErrors.Lookup("softmax", "xVarApprox")!.Value.P99);
    }
}
