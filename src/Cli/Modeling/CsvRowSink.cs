using System.Globalization;
using System.Text;

namespace SignalProp.Cli.Modeling;

/// <summary>
/// Writes one CSV row's fields into a <see cref="StringBuilder"/>: invariant culture, round-trip numbers (<c>Infinity</c>
/// for +∞), an empty field for null, <c>true</c>/<c>false</c> for flags. Call <see cref="StartRow"/> before each row.
/// Shared by <c>predict model --csv</c> and <c>simulate --csv</c>.
/// </summary>
public sealed class CsvRowSink(StringBuilder text) : IRowSink
{
    private int fields;

    /// <summary>Starts a new row (the next field gets no leading comma).</summary>
    public void StartRow() => fields = 0;

    /// <inheritdoc />
    public void Integer(string name, int value) => Field().Append(value.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public void Text(string name, string value) => Field().Append(value);

    /// <inheritdoc />
    public void Number(string name, double value) => Field().Append(value.ToString("R", CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public void Null(string name) => Field();

    /// <inheritdoc />
    public void Boolean(string name, bool value) => Field().Append(value ? "true" : "false");

    private StringBuilder Field() => fields++ == 0 ? text : text.Append(',');
}
