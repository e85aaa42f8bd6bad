using TorchSharp;

namespace SignalProp.Empirical;

/// <summary>
/// Chooses the TorchSharp device on which samples are drawn and components are run.
/// </summary>
/// <remarks>
/// Names: <c>auto</c> (CUDA when <c>torch.cuda.is_available()</c> is true, otherwise CPU), <c>cpu</c> and <c>cuda</c>
/// (optionally with an index, <c>cuda:1</c>). The authors' scripts ran on one CUDA device (THEORY.md §5.1); this port
/// must also run on CPU only, which is what <c>auto</c> gives on a machine without a GPU (docs/torchsharp.md).
/// </remarks>
public static class TorchDevice
{
    /// <summary>The accepted device names, in the order they are listed in error messages.</summary>
    public static IReadOnlyList<string> ValidNames { get; } = ["auto", "cpu", "cuda", "cuda:N"];

    /// <summary>True when TorchSharp reports a usable CUDA device (<c>torch.cuda.is_available()</c>).</summary>
    public static bool IsCudaAvailable => torch.cuda.is_available();

    /// <summary>
    /// Resolves a device name: <c>auto</c> → CUDA if available, else CPU; <c>cpu</c>; <c>cuda</c> or <c>cuda:N</c>
    /// (N ≥ 0). Names are case-insensitive and surrounding white space is ignored.
    /// </summary>
    /// <param name="name">One of <see cref="ValidNames"/>.</param>
    /// <returns>The TorchSharp device.</returns>
    /// <exception cref="ArgumentException">The name is not one of <see cref="ValidNames"/>; the message names the
    /// value and the valid set.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for explicitly but is not available.</exception>
    public static torch.Device Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string normalized = name.Trim().ToLowerInvariant();
        if (normalized == "auto")
        {
            return IsCudaAvailable ? new torch.Device(DeviceType.CUDA, 0) : torch.CPU;
        }
        if (normalized == "cpu")
        {
            return torch.CPU;
        }
        int index = 0;
        bool isCuda = normalized == "cuda"
            || (normalized.StartsWith("cuda:", StringComparison.Ordinal)
                && int.TryParse(normalized.AsSpan(5), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out index));
        if (!isCuda)
        {
            throw new ArgumentException(
                $"Unknown device '{name}'. Valid devices: {string.Join(", ", ValidNames)}.", nameof(name));
        }
        if (!IsCudaAvailable)
        {
            throw new InvalidOperationException(
                $"Device '{name}' was requested but CUDA is not available (torch.cuda.is_available() is false). " +
                "Use 'auto' or 'cpu', or build with -p:TorchBackend=cuda on a machine with a CUDA GPU.");
        }
        return new torch.Device(DeviceType.CUDA, index);
    }
}
