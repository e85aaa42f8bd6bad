using System.Runtime.InteropServices;

namespace SignalProp.Cli.Reporting;

/// <summary>
/// Silences native writes to the process's stdout and stderr (file descriptors 1 and 2) for a short call: Skia's SVG canvas prints
/// "Unsupported path effect in addPaint." with C stdio for every dashed line, which would otherwise interleave with
/// the command's output. Managed writers are unaffected. A no-op on Windows or if anything fails.
/// </summary>
internal static class NativeOutputMute
{
    /// <summary>Runs <paramref name="action"/> with native stdout and stderr sent to /dev/null.</summary>
    public static T Run<T>(Func<T> action)
    {
        if (OperatingSystem.IsWindows()) return action();
        int savedOut = -1, savedErr = -1, devNull = -1;
        try
        {
            Flush(IntPtr.Zero);
            savedOut = Dup(1);
            savedErr = Dup(2);
            devNull = Open("/dev/null", 1 /* O_WRONLY */);
            if (savedOut >= 0 && savedErr >= 0 && devNull >= 0)
            {
                Dup2(devNull, 1);
                Dup2(devNull, 2);
            }
            return action();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return action();
        }
        finally
        {
            try
            {
                Flush(IntPtr.Zero);
                if (savedOut >= 0)
                {
                    Dup2(savedOut, 1);
                    Close(savedOut);
                }
                if (savedErr >= 0)
                {
                    Dup2(savedErr, 2);
                    Close(savedErr);
                }
                if (devNull >= 0) Close(devNull);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // nothing was redirected
            }
        }
    }

    [DllImport("libc", EntryPoint = "dup")]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2")]
    private static extern int Dup2(int oldFd, int newFd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "open", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "fflush")]
    private static extern int Flush(IntPtr stream);
}
