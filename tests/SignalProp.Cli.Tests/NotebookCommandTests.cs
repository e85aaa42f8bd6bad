using System.Text.Json.Nodes;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

/// <summary>
/// <c>signalprop notebook run</c>. Its tests form one non-parallel collection: the notebook runner redirects the
/// process-wide Console while a cell runs, and no other test should print meanwhile.
/// </summary>
[Collection(NotebookRunnerCollection.Name)]
public class NotebookCommandTests
{
    [Fact]
    public void A_missing_notebook_exits_2_with_one_error_naming_it()
    {
        var run = CliRun.Of("notebook", "run", "no/such/notebook.ipynb");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr);
        Assert.Contains("'no/such/notebook.ipynb'", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void A_file_that_is_not_a_notebook_exits_2()
    {
        string directory = TemporaryDirectory();
        try
        {
            string path = Path.Combine(directory, "notes.txt");
            File.WriteAllText(path, "not a notebook");
            var run = CliRun.Of("notebook", "run", path);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("is not a .ipynb notebook", run.Stderr);
            Assert.Contains("notes.txt", run.Stderr);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void An_unreadable_notebook_exits_2_naming_it()
    {
        string directory = TemporaryDirectory();
        try
        {
            string path = Path.Combine(directory, "broken.ipynb");
            File.WriteAllText(path, "{ not json");
            var run = CliRun.Of("notebook", "run", path);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("broken.ipynb", run.Stderr);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void Out_and_in_place_together_are_a_usage_error()
    {
        var run = CliRun.Of("notebook", "run", "all", "--out", "x", "--in-place");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out and --in-place", run.Stderr);
    }

    [Fact]
    public void A_missing_target_is_a_parse_error()
    {
        var run = CliRun.Of("notebook", "run");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("notebook run --help", run.Stderr);
    }

    [Fact]
    public void A_tiny_notebook_runs_exits_0_and_in_place_writes_its_outputs()
    {
        string directory = TemporaryDirectory();
        try
        {
            string path = Path.Combine(directory, "tiny.ipynb");
            File.WriteAllText(path, TinyNotebook("Console.WriteLine(6 * 7);"));
            var run = CliRun.Of("notebook", "run", path, "--in-place");
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            Assert.Contains("tiny.ipynb: 1 code cells, 0 figures", run.Stdout);
            Assert.Contains("ok, updated in place", run.Stdout);
            var written = JsonNode.Parse(File.ReadAllText(path))!;
            var output = written["cells"]![0]!["outputs"]![0]!;
            Assert.Equal("stream", (string?)output["output_type"]);
            Assert.Equal("42\n", string.Concat(output["text"]!.AsArray().Select(l => (string?)l)));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void A_failing_cell_exits_1_and_out_writes_the_notebook_anyway()
    {
        string directory = TemporaryDirectory();
        try
        {
            string path = Path.Combine(directory, "fails.ipynb");
            File.WriteAllText(path, TinyNotebook("throw new InvalidOperationException(\"boom\");"));
            string outDirectory = Path.Combine(directory, "executed");
            var run = CliRun.Of("notebook", "run", directory, "--out", outDirectory, "--verbose");
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("boom", run.Stdout);
            Assert.True(File.Exists(Path.Combine(outDirectory, "fails.ipynb")));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void Help_lists_the_options_and_exit_codes()
    {
        var run = CliRun.Of("notebook", "run", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (string text in (string[])["--out", "--in-place", "--verbose", "Exit codes"]) Assert.Contains(text, run.Stdout);
    }

    private static string TemporaryDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "signalprop-notebook-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string TinyNotebook(string code) => new JsonObject
    {
        ["cells"] = new JsonArray(new JsonObject
        {
            ["cell_type"] = "code",
            ["id"] = "tiny-1",
            ["metadata"] = new JsonObject(),
            ["execution_count"] = null,
            ["outputs"] = new JsonArray(),
            ["source"] = new JsonArray(code),
        }),
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject { ["name"] = "csharp" },
        },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    }.ToJsonString();
}

/// <summary>Tests that run the notebook runner, one at a time and never beside another test class.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookRunnerCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "notebook runner";
}
