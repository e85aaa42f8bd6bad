using System.Collections;
using System.Globalization;
using System.Reflection;

namespace SignalProp.Notebooks;

/// <summary>
/// Turns a displayed value into a MIME bundle: figures (ScottPlot <c>Plot</c>/<c>Multiplot</c>, ScottPlot <c>Image</c>, or
/// PNG bytes) into <c>image/png</c>, everything else into <c>text/plain</c> (invariant culture). Figures are recognised by
/// shape, not by type identity — any object with ScottPlot's <c>byte[] GetImageBytes(int width, int height, ImageFormat
/// format)</c> or <c>byte[] GetImageBytes(ImageFormat format, int quality)</c> — so a ScottPlot loaded by a notebook's
/// <c>#r</c> works whatever load context it lives in.
/// </summary>
public static class DisplayFormatter
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The MIME bundle for <paramref name="value"/>; figures are rendered at <paramref name="width"/>×<paramref name="height"/> pixels.</summary>
    public static IReadOnlyDictionary<string, string> Format(object? value, int width, int height)
    {
        byte[]? png = value switch
        {
            byte[] bytes when IsPng(bytes) => bytes,
            null or string or byte[] => null,
            _ => RenderFigure(value, width, height),
        };
        return png is not null
            ? new Dictionary<string, string> { [MimeTypes.Png] = Convert.ToBase64String(png) }
            : new Dictionary<string, string> { [MimeTypes.PlainText] = ToText(value) };
    }

    /// <summary>True when the bytes start with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(PngSignature);

    /// <summary>Plain-text form of a value: strings as they are, numbers in the invariant culture, sequences as <c>[a, b, …]</c>.</summary>
    public static string ToText(object? value, int depth = 0) => value switch
    {
        null => "<null>",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable sequence when depth < 2 => SequenceText(sequence, depth),
        _ => value.ToString() ?? "",
    };

    private static string SequenceText(IEnumerable sequence, int depth)
    {
        const int limit = 100;
        var items = new List<string>();
        int count = 0;
        foreach (var item in sequence)
        {
            if (count++ < limit) items.Add(ToText(item, depth + 1));
        }
        string more = count > limit ? $", … ({count - limit} more)" : "";
        return "[" + string.Join(", ", items) + more + "]";
    }

    private static byte[]? RenderFigure(object value, int width, int height)
    {
        foreach (var method in value.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.Name != "GetImageBytes" || method.ReturnType != typeof(byte[])) continue;
            var p = method.GetParameters();
            if (p.Length == 3 && p[0].ParameterType == typeof(int) && p[1].ParameterType == typeof(int) && IsImageFormat(p[2].ParameterType))
                return Invoke(method, value, [width, height, Enum.Parse(p[2].ParameterType, "Png")]);
            if (p.Length == 2 && IsImageFormat(p[0].ParameterType) && p[1].ParameterType == typeof(int))
                return Invoke(method, value, [Enum.Parse(p[0].ParameterType, "Png"), 100]);
        }
        return null;
    }

    private static bool IsImageFormat(Type type) => type.IsEnum && type.Name == "ImageFormat" && Enum.GetNames(type).Contains("Png");

    private static byte[]? Invoke(MethodInfo method, object target, object[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments) as byte[];
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
