using System.Text.Json;

namespace SignalProp.Cli.Tests.Support;

/// <summary>Assertions on JSON numbers.</summary>
public static class Approx
{
    /// <summary>Asserts |actual − expected| ≤ tolerance·max(1, |expected|) for the number at <paramref name="path"/> (dot-separated).</summary>
    public static void Equal(double expected, JsonElement root, string path, double tolerance = 1e-5)
    {
        double actual = Number(root, path);
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(1.0, Math.Abs(expected)),
            $"{path}: expected {expected}, got {actual}");
    }

    /// <summary>The number at a dot-separated path (named literals such as "Infinity" are accepted).</summary>
    public static double Number(JsonElement root, string path)
    {
        var element = At(root, path);
        return element.ValueKind == JsonValueKind.String
            ? double.Parse(element.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : element.GetDouble();
    }

    /// <summary>The element at a dot-separated path.</summary>
    public static JsonElement At(JsonElement root, string path)
    {
        foreach (string part in path.Split('.')) root = root.GetProperty(part);
        return root;
    }
}
