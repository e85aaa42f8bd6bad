using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignalProp.Cli;

/// <summary>
/// The JSON conventions of every <c>--json</c> output: camelCase names, compact, null properties omitted, and
/// non-finite numbers written as the named literals <c>"Infinity"</c>, <c>"-Infinity"</c> and <c>"NaN"</c> (an overflowed
/// prediction is +∞; plain System.Text.Json would throw). Numbers are written in round-trip form, culture-independent.
/// </summary>
public static class CliJson
{
    /// <summary>The shared serializer options (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same conventions, indented (for files meant to be read by people).</summary>
    public static JsonSerializerOptions IndentedOptions { get; } = Create(indented: true);

    /// <summary>Serializes <paramref name="value"/> with <see cref="Options"/> (or <see cref="IndentedOptions"/>).</summary>
    public static string Serialize<T>(T value, bool indented = false)
        => JsonSerializer.Serialize(value, indented ? IndentedOptions : Options);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
