using SignalProp.Notebooks.Tests.Support;

namespace SignalProp.Notebooks.Tests;

public class NotebookRunnerTests
{
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Cells_share_state_in_order()
    {
        var result = await TestNotebooks.RunAsync(
            "int a = 20;",
            "using System.Globalization;\nint Twice(int x) => 2 * x;",
            "record Point(int X, int Y);",
            "Console.WriteLine(Twice(a) + 2);\nConsole.WriteLine(new Point(1, 2));\nConsole.WriteLine(CultureInfo.InvariantCulture.Name.Length);");

        Assert.True(result.Succeeded, result.Summary);
        var cells = result.CodeCells();
        Assert.Equal([1, 2, 3, 4], cells.Select(c => c.ExecutionCount));
        Assert.Equal("42\nPoint { X = 1, Y = 2 }\n0\n", cells[3].Stdout());
        Assert.All(cells, c => Assert.Equal(CellStatus.Succeeded, c.Status));
    }

    [Fact]
    public async Task Stdout_and_stderr_are_captured_per_cell_in_order_with_displays()
    {
        var result = await TestNotebooks.RunAsync(
            "Console.Write(\"a\");\nConsole.WriteLine(\"b\");\nConsole.Error.WriteLine(\"warn\");\nConsole.WriteLine(\"c\");",
            "Console.WriteLine(\"before\");\ndisplay(\"shown\");\nConsole.WriteLine(\"after\");",
            "int quiet = 1;");

        Assert.True(result.Succeeded, result.Summary);
        var first = result.CodeCells()[0].Outputs;
        Assert.Equal([new StreamOutput("stdout", "ab\n"), new StreamOutput("stderr", "warn\n"), new StreamOutput("stdout", "c\n")], first.Cast<StreamOutput>());
        var second = result.CodeCells()[1].Outputs;
        Assert.Equal(3, second.Count);
        Assert.Equal("before\n", Assert.IsType<StreamOutput>(second[0]).Text);
        Assert.Equal("shown", Assert.IsType<DisplayDataOutput>(second[1]).Data[MimeTypes.PlainText]);
        Assert.Equal("after\n", Assert.IsType<StreamOutput>(second[2]).Text);
        Assert.Empty(result.CodeCells()[2].Outputs);
    }

    [Fact]
    public async Task Console_is_restored_after_a_run()
    {
        var before = Console.Out;
        await TestNotebooks.RunAsync("Console.WriteLine(1);", "throw new Exception(\"x\");");
        Assert.Same(before, Console.Out);
    }

    [Fact]
    public async Task A_throwing_cell_records_an_error_and_stops_the_run()
    {
        var notebook = new Notebook(
        [
            NotebookCell.CSharp("Console.WriteLine(\"one\");"),
            NotebookCell.Text("# between"),
            NotebookCell.CSharp("Console.WriteLine(\"two\");\nthrow new InvalidOperationException(\"boom\");"),
            NotebookCell.CSharp("Console.WriteLine(\"three\");") with
            {
                ExecutionCount = 7,
                Outputs = [new StreamOutput("stdout", "stale\n")],
            },
        ]);
        var result = await NotebookRunner.RunAsync(notebook, TestNotebooks.TemporaryDirectory());

        Assert.False(result.Succeeded);
        Assert.Equal([CellStatus.Succeeded, CellStatus.NotCode, CellStatus.Failed, CellStatus.NotRun], result.Cells.Select(c => c.Status));
        var failed = result.FailedCell!;
        Assert.Equal(2, failed.Index);
        Assert.Equal(2, failed.ExecutionCount);
        Assert.Equal("two\n", failed.Stdout());
        var error = failed.Error!;
        Assert.Equal("InvalidOperationException", error.Name);
        Assert.Equal("boom", error.Value);
        Assert.StartsWith("System.InvalidOperationException: boom", error.Traceback[0]);
        Assert.DoesNotContain(error.Traceback, l => l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal));

        var skipped = result.Executed.Cells[3];
        Assert.Null(skipped.ExecutionCount);
        Assert.Empty(skipped.Outputs);
        Assert.Equal("# between", result.Executed.Cells[1].Source);
    }

    [Fact]
    public async Task A_compile_error_names_the_cell_line()
    {
        var result = await TestNotebooks.RunAsync("int fine = 1;", "int x = 1;\n\nundefinedName + x", "Console.WriteLine(fine);");

        var failed = result.FailedCell!;
        Assert.Equal(1, failed.Index);
        var error = failed.Error!;
        Assert.Equal(ErrorOutput.CompilationError, error.Name);
        Assert.Contains("(3,1): error CS0103", error.Value);
        Assert.Contains("undefinedName", error.Value);
        Assert.Equal(CellStatus.NotRun, result.Cells[2].Status);
    }

    [Fact]
    public async Task A_trailing_expression_is_an_execute_result()
    {
        var result = await TestNotebooks.RunAsync("var xs = new[] { 1.5, 2.5 };", "xs.Sum()", "xs");

        var sum = Assert.IsType<ExecuteResultOutput>(Assert.Single(result.CodeCells()[1].Outputs));
        Assert.Equal(2, sum.ExecutionCount);
        Assert.Equal("4", sum.Data[MimeTypes.PlainText]);
        Assert.Equal("[1.5, 2.5]", result.CodeCells()[2].Outputs.Single().Data[MimeTypes.PlainText]);
    }

    [Fact]
    public async Task Display_of_png_bytes_is_an_image()
    {
        var directory = TestNotebooks.TemporaryDirectory();
        await File.WriteAllBytesAsync(Path.Combine(directory, "tiny.png"), TinyPng);
        var result = await TestNotebooks.RunInAsync(directory, "display(System.IO.File.ReadAllBytes(\"" + Path.Combine(directory, "tiny.png") + "\"));");

        Assert.True(result.Succeeded, result.Summary);
        var output = Assert.IsType<DisplayDataOutput>(Assert.Single(result.CodeCells()[0].Outputs));
        Assert.True(output.HasImage);
        Assert.Equal(TinyPng, output.GetPng());
        Assert.Equal(1, result.ImageCount);
    }

    [Fact]
    public async Task Display_of_a_scottplot_figure_is_a_png_of_the_requested_size()
    {
        var notebook = TestNotebooks.Of(
            "#r \"nuget: ScottPlot, 5.1.59\"",
            "var plot = new ScottPlot.Plot();\nplot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 1, 4, 9 });\ndisplay(plot);");
        var result = await NotebookRunner.RunAsync(notebook, TestNotebooks.TemporaryDirectory(),
            new NotebookRunOptions { FigureWidth = 320, FigureHeight = 200 });

        Assert.True(result.Succeeded, result.Summary);
        byte[] png = result.CodeCells()[1].Outputs.Single().GetPng()!;
        Assert.True(DisplayFormatter.IsPng(png));
        Assert.Equal(320, ReadBigEndian(png, 16)); // IHDR width
        Assert.Equal(200, ReadBigEndian(png, 20)); // IHDR height
    }

    [Fact]
    public async Task Relative_reference_to_a_shipped_assembly_resolves_to_the_runner_copy()
    {
        // The path does not exist relative to the temporary directory: the runner maps it to the SignalProp.Theory.dll it ships.
        var result = await TestNotebooks.RunAsync(
            "#r \"nuget: MathNet.Numerics, 5.0.0\"\n#r \"../src/Theory/bin/Release/net10.0/SignalProp.Theory.dll\"",
            "using SignalProp.Theory;\nusing SignalProp.Theory.Components;\nConsole.WriteLine(Activation.Relu.Forward(ForwardMoments.StandardNormal).Mean.ToString(\"F6\"));",
            "Console.WriteLine(MathNet.Numerics.SpecialFunctions.Erf(0).ToString());");

        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal("0.398942\n", result.CodeCells()[1].Stdout());
        Assert.Equal("0\n", result.CodeCells()[2].Stdout());
    }

    [Fact]
    public async Task Relative_reference_to_an_assembly_next_to_the_notebook_resolves_against_its_directory()
    {
        var directory = TestNotebooks.TemporaryDirectory();
        TestNotebooks.CompileLibrary(Path.Combine(directory, "lib", "NotebookGreeter.dll"), "NotebookGreeter",
            "public static class Greeter { public static string Hello(string name) => \"hello \" + name; }");

        var result = await TestNotebooks.RunInAsync(directory, "#r \"lib/NotebookGreeter.dll\"", "Console.WriteLine(Greeter.Hello(\"notebook\"));");

        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal("hello notebook\n", result.CodeCells()[1].Stdout());
    }

    [Fact]
    public async Task Nuget_reference_resolves_from_the_packages_folder_when_not_shipped()
    {
        var packages = TestNotebooks.TemporaryDirectory();
        TestNotebooks.CompileLibrary(Path.Combine(packages, "fake.notebook.package", "1.2.3", "lib", "netstandard2.0", "Fake.Notebook.Package.dll"),
            "Fake.Notebook.Package", "namespace Fake { public static class Answer { public static int Value => 42; } }");

        var result = await NotebookRunner.RunAsync(TestNotebooks.Of("#r \"nuget: Fake.Notebook.Package, 1.2.3\"", "Console.WriteLine(Fake.Answer.Value);"),
            TestNotebooks.TemporaryDirectory(), new NotebookRunOptions { PackagesFolder = packages });

        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal("42\n", result.CodeCells()[1].Stdout());
    }

    [Fact]
    public async Task Unresolvable_references_fail_with_a_clear_message()
    {
        var missingPackage = await NotebookRunner.RunAsync(TestNotebooks.Of("#r \"nuget: Surely.Not.A.Package, 9.9.9\""),
            TestNotebooks.TemporaryDirectory(), new NotebookRunOptions { PackagesFolder = TestNotebooks.TemporaryDirectory() });
        var error = missingPackage.FailedCell!.Error!;
        Assert.Equal(ErrorOutput.CompilationError, error.Name);
        Assert.Contains("Surely.Not.A.Package 9.9.9 is neither shipped with the notebook runner nor in the NuGet packages folder", error.Value);

        var missingFile = await TestNotebooks.RunAsync("#r \"no/such/Library.dll\"");
        Assert.Contains("no such file relative to the notebook's directory", missingFile.FailedCell!.Error!.Value);
    }

    [Fact]
    public async Task Another_version_of_a_shipped_package_uses_the_shipped_one_with_a_note()
    {
        var result = await TestNotebooks.RunAsync("#r \"nuget: ScottPlot, 5.0.0\"", "Console.WriteLine(typeof(ScottPlot.Plot).Name);");

        Assert.True(result.Succeeded, result.Summary);
        var note = Assert.IsType<StreamOutput>(Assert.Single(result.CodeCells()[0].Outputs));
        Assert.Equal("stderr", note.Name);
        Assert.Contains("uses ScottPlot 5.1.59", note.Text);
        Assert.Equal("Plot\n", result.CodeCells()[1].Stdout());
    }

    [Fact]
    public async Task The_runner_symbol_is_defined_and_the_csharp_marker_is_accepted()
    {
        var result = await TestNotebooks.RunAsync(
            "#!csharp\n#if SIGNALPROP_RUNNER\nConsole.WriteLine(\"runner\");\n#else\nThisWouldNotCompile();\n#endif");

        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal("runner\n", result.CodeCells()[0].Stdout());
    }

    [Fact]
    public async Task Magic_commands_and_other_languages_are_refused()
    {
        var magic = await TestNotebooks.RunAsync("#!time\nConsole.WriteLine(1);");
        Assert.Equal(ErrorOutput.UnsupportedCell, magic.FailedCell!.Error!.Name);
        Assert.Contains("'#!time' is a .NET Interactive magic command", magic.FailedCell.Error.Value);

        var fsharp = NotebookCell.CSharp("printfn \"hi\"") with
        {
            Metadata = new System.Text.Json.Nodes.JsonObject { ["polyglot_notebook"] = new System.Text.Json.Nodes.JsonObject { ["kernelName"] = "fsharp" } },
        };
        var other = await NotebookRunner.RunAsync(new Notebook([fsharp]), TestNotebooks.TemporaryDirectory());
        Assert.Contains("language is 'fsharp'", other.FailedCell!.Error!.Value);
    }

    [Fact]
    public async Task Blank_cells_are_not_run_and_cells_run_in_the_invariant_culture()
    {
        var result = await TestNotebooks.RunAsync("  \n", "Console.WriteLine(1.5);");

        Assert.Equal(CellStatus.Empty, result.CodeCells()[0].Status);
        Assert.Null(result.Executed.Cells[0].ExecutionCount);
        Assert.Equal(1, result.CodeCells()[1].ExecutionCount);
        Assert.Equal("1.5\n", result.CodeCells()[1].Stdout());
    }

    [Fact]
    public async Task Cell_callbacks_report_every_cell_in_order()
    {
        var seen = new List<int>();
        await NotebookRunner.RunAsync(new Notebook([NotebookCell.Text("x"), NotebookCell.CSharp("1"), NotebookCell.CSharp("2")]),
            TestNotebooks.TemporaryDirectory(), new NotebookRunOptions { CellCompleted = c => seen.Add(c.Index) });
        Assert.Equal([0, 1, 2], seen);
    }

    [Fact]
    public async Task Run_from_a_file_records_the_path_and_leaves_the_file_unchanged()
    {
        var directory = TestNotebooks.TemporaryDirectory();
        string path = Path.Combine(directory, "n.ipynb");
        TestNotebooks.Of("Console.WriteLine(\"x\");").Save(path);
        string before = await File.ReadAllTextAsync(path);

        var result = await NotebookRunner.RunAsync(path);

        Assert.Equal(path, result.Path);
        Assert.True(result.Succeeded);
        Assert.Equal(before, await File.ReadAllTextAsync(path));
        await Assert.ThrowsAsync<FileNotFoundException>(() => NotebookRunner.RunAsync(Path.Combine(directory, "missing.ipynb")));
    }

    private static int ReadBigEndian(byte[] bytes, int offset)
        => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}
