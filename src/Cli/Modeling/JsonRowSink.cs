using System.Text.Json;

namespace SignalProp.Cli.Modeling;

/// <summary>
/// Writes one row's fields as JSON properties (numbers through <see cref="ModelJson.Number"/>, so ±∞ print as named
/// literals). Shared by <c>predict model --json</c> and <c>simulate --json</c>.
/// </summary>
public sealed class JsonRowSink(Utf8JsonWriter writer) : IRowSink
{
    /// <inheritdoc />
    public void Integer(string name, int value) => writer.WriteNumber(name, value);

    /// <inheritdoc />
    public void Text(string name, string value) => writer.WriteString(name, value);

    /// <inheritdoc />
    public void Number(string name, double value) => ModelJson.Number(writer, name, value);

    /// <inheritdoc />
    public void Null(string name) => writer.WriteNull(name);

    /// <inheritdoc />
    public void Boolean(string name, bool value) => writer.WriteBoolean(name, value);
}
