using System.Text;

namespace SignalProp.Cli.Modeling;

/// <summary>
/// <c>predict model --csv</c>: a header line with the JSON row field names, then one line per point k = 0…2N of the
/// stream. Invariant culture, round-trip numbers, <c>Infinity</c> for +∞, an empty field for a value that does not exist
/// (e.g. <c>blockGradientGain</c>, <c>lambda</c>, <c>beta</c> at k = 0), <c>true</c>/<c>false</c> for flags.
/// </summary>
public static class ModelCsv
{
    /// <summary>Writes the header and every row (one write to <paramref name="output"/>).</summary>
    public static void Write(TextWriter output, StreamRows rows)
    {
        var text = new StringBuilder(rows.Count * 320);
        text.AppendJoin(',', rows.FieldNames()).Append(output.NewLine);
        var sink = new CsvRowSink(text);
        for (int k = 0; k < rows.Count; k++)
        {
            sink.StartRow();
            rows.Write(sink, k);
            text.Append(output.NewLine);
        }
        output.Write(text.ToString());
    }
}
