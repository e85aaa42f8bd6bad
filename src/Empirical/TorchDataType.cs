using TorchSharp;

namespace SignalProp.Empirical;

/// <summary>
/// Chooses the floating-point precision of sampled tensors: <c>float32</c> (what the authors used, on CUDA;
/// THEORY.md §5.1) or <c>float64</c> (for tests and precise checks).
/// </summary>
public static class TorchDataType
{
    /// <summary>The accepted precision names.</summary>
    public static IReadOnlyList<string> ValidNames { get; } = ["float32", "float64"];

    /// <summary>
    /// Resolves a precision name, case-insensitively: <c>float32</c> → <see cref="torch.ScalarType.Float32"/>,
    /// <c>float64</c> → <see cref="torch.ScalarType.Float64"/>.
    /// </summary>
    /// <param name="name">One of <see cref="ValidNames"/>.</param>
    /// <returns>The TorchSharp scalar type.</returns>
    /// <exception cref="ArgumentException">Any other name; the message names the value and the valid set.</exception>
    public static torch.ScalarType Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "float32" => torch.ScalarType.Float32,
            "float64" => torch.ScalarType.Float64,
            _ => throw new ArgumentException(
                $"Unknown data type '{name}'. Valid data types: {string.Join(", ", ValidNames)}.", nameof(name)),
        };
    }

    /// <summary>The name of a supported scalar type (<c>float32</c> or <c>float64</c>), the inverse of
    /// <see cref="Resolve"/>.</summary>
    /// <param name="dataType">Float32 or Float64.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentException">Any other scalar type.</exception>
    public static string NameOf(torch.ScalarType dataType) => dataType switch
    {
        torch.ScalarType.Float32 => "float32",
        torch.ScalarType.Float64 => "float64",
        _ => throw new ArgumentException(
            $"Unsupported data type '{dataType}'. Valid data types: {string.Join(", ", ValidNames)}.", nameof(dataType)),
    };
}
