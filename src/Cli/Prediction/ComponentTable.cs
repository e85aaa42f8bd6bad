using Spectre.Console;
using Spectre.Console.Rendering;

namespace SignalProp.Cli.Prediction;

/// <summary>Renders a <see cref="ComponentReport"/> as readable tables (forward moments, gradient moments, parameters).</summary>
public static class ComponentTable
{
    /// <summary>Writes the report to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, ComponentReport report)
    {
        console.Write(new Markup($"[bold]{Markup.Escape(report.Component)}[/]: {Markup.Escape(report.Summary)}"));
        console.WriteLine();

        var forward = NewTable("forward", report.Input is null ? "input (ignored)" : "input", "output");
        var input = report.Input;
        AddRow(forward, "mean", input?.Mean, report.Forward.Mean);
        AddRow(forward, "variance", input?.Variance, report.Forward.Variance);
        if (report.Forward.VarianceApprox is double fa) AddRow(forward, "variance (large-L approx.)", null, fa);
        AddRow(forward, "correlation", input?.Correlation, report.Forward.Correlation);
        AddRow(forward, "covariance", input?.Covariance, report.Forward.Covariance);
        console.Write(forward);

        var backward = NewTable("gradient", "at output (given)", "at input");
        AddRow(backward, "variance", report.OutputGradient.Variance, report.Backward.Variance);
        if (report.Backward.VarianceApprox is double ba) AddRow(backward, "variance (large-L approx.)", null, ba);
        AddRow(backward, "correlation", report.OutputGradient.Correlation, report.Backward.Correlation);
        AddRow(backward, "covariance", report.OutputGradient.Covariance, report.Backward.Covariance);
        console.Write(backward);

        var details = new List<(string, string)>();
        if (report.ScoreVariance is double s2) details.Add(("score variance S²", CliFormat.Number(s2)));
        if (report.TokenCollision is double q) details.Add(("token collision q_tok", CliFormat.Number(q)));
        details.AddRange(report.Parameters.Select(p => (p.Key, CliFormat.Value(p.Value))));
        if (details.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("parameter").AddColumn(new TableColumn("value").RightAligned());
            foreach (var (key, value) in details) table.AddRow(new Text(key), new Text(value));
            console.Write(table);
        }
    }

    private static Table NewTable(string title, string before, string after)
        => new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn(new Text(title)))
            .AddColumn(new TableColumn(new Text(before)).RightAligned())
            .AddColumn(new TableColumn(new Text(after)).RightAligned());

    private static void AddRow(Table table, string name, double? before, double after)
        => table.AddRow(new IRenderable[] { new Text(name), new Text(before is double b ? CliFormat.Number(b) : "—"), new Text(CliFormat.Number(after)) });
}
