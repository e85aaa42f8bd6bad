using System.Net;
using System.Text;

namespace SignalProp.Cli.Reporting;

/// <summary>A figure written by the report (PNG and SVG file names) or skipped (with the reason).</summary>
/// <param name="Info">The figure.</param>
/// <param name="Png">PNG file name, or null when skipped.</param>
/// <param name="Svg">SVG file name, or null when skipped.</param>
/// <param name="PngBytes">The PNG, for embedding in index.html.</param>
/// <param name="SkipReason">Why the figure is missing, or null.</param>
public sealed record ReportFigure(FigureInfo Info, string? Png, string? Svg, byte[]? PngBytes, string? SkipReason);

/// <summary>Everything the report's documents show.</summary>
/// <param name="Title">Document title.</param>
/// <param name="Configuration">Configuration lines (architecture, schemes, sweep depths).</param>
/// <param name="Figures">The figures in order.</param>
/// <param name="Numbers">Key numbers.</param>
/// <param name="Generated">When it was made (UTC).</param>
/// <param name="Seconds">Computation time.</param>
public sealed record ReportContent(string Title, IReadOnlyList<string> Configuration, IReadOnlyList<ReportFigure> Figures,
    IReadOnlyList<KeyNumber> Numbers, DateTime Generated, double Seconds);

/// <summary>Writes summary.md (Markdown, figures linked as files) and index.html (self-contained, base64 images).</summary>
public static class ReportDocuments
{
    /// <summary>summary.md.</summary>
    public static string Markdown(ReportContent c)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# {c.Title}").AppendLine();
        sb.AppendLine($"Generated {c.Generated:yyyy-MM-dd HH:mm} UTC by `signalprop report` in {c.Seconds:0.0} s. Theory: closed-form moments at initialisation (THEORY.md §3); figures 1m–3m and 4 are measured with TorchSharp.").AppendLine();
        sb.AppendLine("## Configuration").AppendLine();
        foreach (string line in c.Configuration) sb.AppendLine($"- {line}");
        sb.AppendLine().AppendLine("## Headline numbers").AppendLine();
        foreach (var n in c.Numbers.Where(n => n.Headline)) sb.AppendLine($"- {n.Label}: **{n.Value}**");
        sb.AppendLine().AppendLine("## Key numbers").AppendLine();
        sb.AppendLine("| figure | quantity | value |").AppendLine("|---|---|---|");
        foreach (var n in c.Numbers) sb.AppendLine($"| {n.Figure} | {n.Label.Replace("|", "\\|")} | {n.Value} |");
        sb.AppendLine().AppendLine("## Figures").AppendLine();
        foreach (var f in c.Figures)
        {
            sb.AppendLine($"### ({f.Info.Number}) {f.Info.Title}").AppendLine();
            if (f.SkipReason is not null)
            {
                sb.AppendLine($"**Not drawn:** {f.SkipReason}").AppendLine();
                continue;
            }
            sb.AppendLine($"![{f.Info.Title}]({f.Png})").AppendLine();
            sb.AppendLine($"{f.Info.Caption} Files: [`{f.Png}`]({f.Png}), [`{f.Svg}`]({f.Svg}).").AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>index.html: one self-contained page.</summary>
    public static string Html(ReportContent c)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.AppendLine($"<title>{E(c.Title)}</title>");
        sb.AppendLine("<style>body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}" +
                      "h1{font-size:1.7em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}table{border-collapse:collapse;width:100%;font-size:.92em}" +
                      "td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left}th{background:#f4f4f4}td.v{font-family:ui-monospace,monospace;white-space:nowrap}" +
                      "figure{margin:1.2em 0 2em}figure img{max-width:100%;height:auto;border:1px solid #eee}figcaption{color:#444;margin-top:.4em}" +
                      ".skip{background:#fff6e0;border-left:4px solid #e8a317;padding:.6em 1em}nav a{margin-right:.8em}ul.head{background:#f0f6ff;border-left:4px solid #1f77b4;padding:.6em 2em}</style></head><body>");
        sb.AppendLine($"<h1>{E(c.Title)}</h1>");
        sb.AppendLine($"<p>Generated {c.Generated:yyyy-MM-dd HH:mm} UTC by <code>signalprop report</code> in {c.Seconds:0.0} s. " +
                      "Theory lines are the closed-form moments at initialisation (THEORY.md §3); figures 1m–3m and 4 are measured with TorchSharp.</p>");
        sb.Append("<nav>");
        foreach (var f in c.Figures) sb.Append($"<a href=\"#{f.Info.Name}\">({E(f.Info.Number)}) {E(f.Info.Title)}</a> ");
        sb.AppendLine("</nav>");
        sb.AppendLine("<h2>Configuration</h2><ul>");
        foreach (string line in c.Configuration) sb.AppendLine($"<li>{E(line)}</li>");
        sb.AppendLine("</ul><h2>Headline numbers</h2><ul class=\"head\">");
        foreach (var n in c.Numbers.Where(n => n.Headline)) sb.AppendLine($"<li>{E(n.Label)}: <strong>{E(n.Value)}</strong></li>");
        sb.AppendLine("</ul><h2>Key numbers</h2><table><tr><th>figure</th><th>quantity</th><th>value</th></tr>");
        foreach (var n in c.Numbers) sb.AppendLine($"<tr><td>{E(n.Figure)}</td><td>{E(n.Label)}</td><td class=\"v\">{E(n.Value)}</td></tr>");
        sb.AppendLine("</table><h2>Figures</h2>");
        foreach (var f in c.Figures)
        {
            sb.AppendLine($"<section id=\"{f.Info.Name}\"><h3>({E(f.Info.Number)}) {E(f.Info.Title)}</h3>");
            if (f.SkipReason is not null)
            {
                sb.AppendLine($"<p class=\"skip\"><strong>Not drawn:</strong> {E(f.SkipReason)}</p></section>");
                continue;
            }
            sb.AppendLine($"<figure><img alt=\"{E(f.Info.Title)}\" data-file=\"{E(f.Png!)}\" src=\"data:image/png;base64,{Convert.ToBase64String(f.PngBytes!)}\">");
            sb.AppendLine($"<figcaption>{E(f.Info.Caption)} Files: <code>{E(f.Png!)}</code>, <code>{E(f.Svg!)}</code>.</figcaption></figure></section>");
        }
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }
}
