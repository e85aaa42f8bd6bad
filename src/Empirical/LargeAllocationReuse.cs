using System.Runtime.InteropServices;

namespace SignalProp.Empirical;

/// <summary>
/// Keeps libtorch's large CPU buffers in the process heap between replicas (glibc only). By default glibc serves every
/// allocation above its mmap threshold (at most 32 MB) with a fresh <c>mmap</c> and returns it with <c>munmap</c> on
/// free, so each replica of a large configuration (four tensors of 100 MB for LayerNorm d = L = 1000) pays about
/// 10⁵ page faults and the kernel's zeroing of every page again: a quarter to a third of the verifier's CPU time
/// there. With <c>M_MMAP_MAX = 0</c> and a high <c>M_TRIM_THRESHOLD</c> the freed buffers stay mapped and are reused by
/// the next replica. Process-wide and idempotent; a no-op on other C libraries and operating systems.
/// </summary>
internal static class LargeAllocationReuse
{
    private const int TrimThreshold = -1;   // M_TRIM_THRESHOLD
    private const int MmapMax = -4;         // M_MMAP_MAX
    private static int configured;

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    /// <summary>Applies the settings once per process.</summary>
    public static void EnsureConfigured()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref configured, 1) == 1)
        {
            return;
        }
        try
        {
            _ = MallOpt(TrimThreshold, int.MaxValue);
            _ = MallOpt(MmapMax, 0);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): keep its defaults.
        }
    }
}
