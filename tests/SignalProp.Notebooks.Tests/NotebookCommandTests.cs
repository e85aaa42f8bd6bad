using SignalProp.Notebooks.Tests.Support;

namespace SignalProp.Notebooks.Tests;

public class NotebookCommandTests
{
    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        int exit = await NotebookCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Write(string directory, string name, params string[] cells)
    {
        string path = Path.Combine(directory, name);
        TestNotebooks.Of(cells).Save(path);
        return path;
    }

    [Theory]
    [InlineData(new string[0], "no command given")]
    [InlineData(new[] { "execute", "x.ipynb" }, "unknown command 'execute'")]
    [InlineData(new[] { "run" }, "run needs a notebook path")]
    [InlineData(new[] { "run", "a.ipynb", "b.ipynb" }, "one notebook, directory or 'all' per run")]
    [InlineData(new[] { "run", "x.ipynb", "--frobnicate" }, "unknown option '--frobnicate'")]
    [InlineData(new[] { "run", "x.ipynb", "--out" }, "--out needs a directory")]
    [InlineData(new[] { "run", "x.ipynb", "--out", "d", "--in-place" }, "--out and --in-place exclude each other")]
    [InlineData(new[] { "run", "/definitely/not/here.ipynb" }, "no such notebook or directory")]
    public async Task Bad_arguments_exit_2_with_a_message(string[] args, string message)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.Equal(NotebookCommand.BadArguments, exit);
        Assert.Equal("", output);
        Assert.Contains("error: " + message, error);
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.Equal(0, exit);
        Assert.Contains("usage: SignalProp.Notebooks run", output);
    }

    [Fact]
    public async Task An_unreadable_notebook_exits_2()
    {
        string path = Path.Combine(TestNotebooks.TemporaryDirectory(), "broken.ipynb");
        await File.WriteAllTextAsync(path, "{ not json");
        var (exit, _, error) = await RunAsync("run", path);
        Assert.Equal(NotebookCommand.BadArguments, exit);
        Assert.Contains("broken.ipynb: not valid JSON", error);
    }

    [Fact]
    public async Task A_directory_runs_every_notebook_one_line_each_and_a_failing_cell_exits_1()
    {
        string directory = TestNotebooks.TemporaryDirectory();
        string good = Write(directory, "a-good.ipynb", "Console.WriteLine(1);", "Console.WriteLine(2);");
        string bad = Write(directory, "b-bad.ipynb", "throw new Exception(\"no\");");
        string badBefore = await File.ReadAllTextAsync(bad);

        var (exit, output, error) = await RunAsync("run", directory, "--in-place");

        Assert.Equal(NotebookCommand.CellFailed, exit);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"a-good\.ipynb: 2 code cells, 0 figures, \d+\.\d s, ok, updated in place$", lines[0]);
        Assert.Matches(@"b-bad\.ipynb: 1 code cells, 0 figures, \d+\.\d s, failed at cell 0 \(execution 1\): Exception: no, not written \(it failed\)$", lines[1]);
        Assert.Equal(2, Notebook.Load(good).Cells.Count(c => c.Outputs.Count == 1));
        Assert.Equal(badBefore, await File.ReadAllTextAsync(bad));
    }

    [Fact]
    public async Task Out_writes_the_executed_notebook_and_exits_0()
    {
        string directory = TestNotebooks.TemporaryDirectory();
        string path = Write(directory, "n.ipynb", "Console.WriteLine(\"hi\");");
        string outDirectory = Path.Combine(directory, "executed");

        var (exit, output, _) = await RunAsync("run", path, "--out", outDirectory);

        Assert.Equal(0, exit);
        Assert.Contains("n.ipynb: 1 code cells, 0 figures,", output);
        Assert.Contains("written to", output);
        Assert.Equal("hi\n", Assert.IsType<StreamOutput>(Notebook.Load(Path.Combine(outDirectory, "n.ipynb")).Cells[0].Outputs.Single()).Text);
        Assert.Empty(Notebook.Load(path).Cells[0].Outputs); // the source is untouched
    }
}
