using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignalProp.Notebooks;

/// <summary>
/// Writes JSON exactly as Jupyter's nbformat does (Python's <c>json.dumps(nb, sort_keys=True, indent=1,
/// ensure_ascii=False)</c> plus a final newline): keys sorted by code point, one space of indentation per level,
/// <c>"key": value</c>, empty containers as <c>{}</c> and <c>[]</c>, non-ASCII characters written as they are. A notebook
/// saved by Jupyter and by this runner therefore differs only where its content differs.
/// </summary>
public static class NotebookJsonWriter
{
    /// <summary>Serialises <paramref name="node"/> in nbformat's layout.</summary>
    public static string Write(JsonNode? node)
    {
        var builder = new StringBuilder();
        WriteNode(builder, node, 0);
        builder.Append('\n');
        return builder.ToString();
    }

    private static void WriteNode(StringBuilder b, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                b.Append("null");
                break;
            case JsonObject obj:
                if (obj.Count == 0)
                {
                    b.Append("{}");
                    break;
                }
                b.Append("{\n");
                bool first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) b.Append(",\n");
                    first = false;
                    b.Append(' ', depth + 1);
                    WriteString(b, key);
                    b.Append(": ");
                    WriteNode(b, value, depth + 1);
                }
                b.Append('\n').Append(' ', depth).Append('}');
                break;
            case JsonArray array:
                if (array.Count == 0)
                {
                    b.Append("[]");
                    break;
                }
                b.Append("[\n");
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0) b.Append(",\n");
                    b.Append(' ', depth + 1);
                    WriteNode(b, array[i], depth + 1);
                }
                b.Append('\n').Append(' ', depth).Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(b, value.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                        b.Append("true");
                        break;
                    case JsonValueKind.False:
                        b.Append("false");
                        break;
                    case JsonValueKind.Null:
                        b.Append("null");
                        break;
                    default:
                        b.Append(value.ToJsonString());
                        break;
                }
                break;
        }
    }

    /// <summary>A JSON string literal with Python's escapes: <c>\" \\ \n \r \t \b \f</c> and <c>\u00XX</c> for other control characters.</summary>
    private static void WriteString(StringBuilder b, string text)
    {
        b.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                default:
                    if (c < 0x20) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        b.Append('"');
    }
}
