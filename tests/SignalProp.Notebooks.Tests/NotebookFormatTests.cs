using System.Text.Json.Nodes;
using SignalProp.Notebooks.Tests.Support;

namespace SignalProp.Notebooks.Tests;

public class NotebookFormatTests
{
    [Fact]
    public void Writes_jupyters_layout()
    {
        var notebook = new Notebook(
        [
            NotebookCell.Text("# Title\nText", "md"),
            NotebookCell.CSharp("var x = 1;\nx", "code") with
            {
                ExecutionCount = 1,
                Outputs =
                [
                    new StreamOutput("stdout", "a\nb\n"),
                    new ExecuteResultOutput(1, new Dictionary<string, string> { [MimeTypes.PlainText] = "1" }),
                ],
            },
        ]);

        string json = notebook.ToJson();

        Assert.StartsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n   \"id\": \"md\",\n   \"metadata\": {},\n   \"source\": [\n    \"# Title\\n\",\n    \"Text\"\n   ]\n  },", json);
        Assert.Contains("\"text\": [\n      \"a\\n\",\n      \"b\\n\"\n     ]", json);
        Assert.Contains("\"kernelspec\": {\n   \"display_name\": \".NET (C#)\",\n   \"language\": \"C#\",\n   \"name\": \".net-csharp\"\n  }", json);
        Assert.EndsWith("\"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n", json);
        Assert.DoesNotContain("\\u", json); // non-ASCII and quotes are written as Jupyter writes them
    }

    [Fact]
    public void Round_trip_is_stable_and_keeps_unknown_properties()
    {
        const string original = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": ".net-csharp"}, "custom": [1, 2.5, true, null]},
             "cells": [
               {"cell_type": "markdown", "id": "a", "metadata": {"tags": ["x"]}, "source": "σ² ≥ 0 \"quoted\"", "attachments": {"f.png": {"image/png": "AAAA"}}},
               {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": 3, "source": ["1\n", "+ 1"],
                "outputs": [{"output_type": "display_data", "data": {"application/json": {"k": [1, 2]}, "text/plain": ["x\n", "y"]}, "metadata": {}},
                            {"output_type": "weird", "payload": 5}]},
               {"cell_type": "raw", "id": "c", "metadata": {}, "source": []}
             ]}
            """;
        var notebook = Notebook.Parse(original);
        string once = notebook.ToJson();
        string twice = Notebook.Parse(once).ToJson();

        Assert.Equal(once, twice);
        Assert.Equal("σ² ≥ 0 \"quoted\"", notebook.Cells[0].Source);
        Assert.Equal("1\n+ 1", notebook.Cells[1].Source);
        Assert.Equal(3, notebook.Cells[1].ExecutionCount);
        Assert.Equal("x\ny", notebook.Cells[1].Outputs[0].Data[MimeTypes.PlainText]);
        Assert.IsType<UnknownOutput>(notebook.Cells[1].Outputs[1]);
        Assert.Equal(".net-csharp", notebook.KernelName);
        var reparsed = JsonNode.Parse(once)!;
        Assert.Equal("AAAA", reparsed["cells"]![0]!["attachments"]!["f.png"]!["image/png"]!.GetValue<string>());
        Assert.Equal(2, reparsed["cells"]![1]!["outputs"]![0]!["data"]!["application/json"]!["k"]![1]!.GetValue<int>());
        Assert.Equal(5, reparsed["cells"]![1]!["outputs"]![1]!["payload"]!.GetValue<int>());
        Assert.Equal("[1,2.5,true,null]", reparsed["metadata"]!["custom"]!.ToJsonString());
        Assert.Contains("\"σ² ≥ 0 \\\"quoted\\\"\"", once);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"nbformat\": 3, \"cells\": []}", "only nbformat 4")]
    [InlineData("{\"nbformat\": 4}", "no \"cells\" array")]
    [InlineData("{\"nbformat\": 4, \"cells\": [{\"source\": \"x\"}]}", "cell 0: a cell has no \"cell_type\"")]
    public void Rejects_what_is_not_a_notebook(string json, string message)
        => Assert.Contains(message, Assert.Throws<NotebookFormatException>(() => Notebook.Parse(json)).Message);

    [Fact]
    public async Task An_executed_notebook_saves_and_reads_back_with_its_outputs()
    {
        var result = await TestNotebooks.RunAsync("Console.WriteLine(\"σ = 0.5\");", "display(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0 });");
        string path = Path.Combine(TestNotebooks.TemporaryDirectory(), "out", "executed.ipynb");
        result.Executed.Save(path);

        var read = Notebook.Load(path);
        Assert.Equal("σ = 0.5\n", Assert.IsType<StreamOutput>(read.Cells[0].Outputs.Single()).Text);
        Assert.True(read.Cells[1].Outputs.Single().HasImage);
        Assert.Equal([1, 2], read.Cells.Select(c => c.ExecutionCount));
        Assert.Equal(result.Executed.ToJson(), await File.ReadAllTextAsync(path));
    }
}
