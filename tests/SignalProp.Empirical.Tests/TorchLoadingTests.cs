using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests;

public class TorchLoadingTests
{
    private const string RequiredVersion = "GLIBCXX_3.4.32";
    private const string UnusedSymbol = "_ZSt21ios_base_library_initv";
    private const ushort VersionFlagWeak = 0x2;
    private const int BindingWeak = 2;

    [Fact]
    public void TorchSharpLoadsAndBackpropagatesInFloat64()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new[] { 1.0, -2.0, 3.5 }, ScalarType.Float64).requires_grad_(true);
        Tensor y = (x * x).sum();
        y.backward();
        Assert.Equal(ScalarType.Float64, x.grad!.dtype);
        Assert.Equal(new[] { 2.0, -4.0, 7.0 }, x.grad!.data<double>().ToArray());
    }

    [Fact]
    public void NativeFixPatchedTheBuildCopyOnly()
    {
        string library = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.True(File.Exists(library), $"{library} is missing: the natives were not copied to the test output.");
        byte[] file = File.ReadAllBytes(library);
        ushort? flags = ElfVersionNeeds.VersionFlags(file, RequiredVersion);
        if (flags is not null && !SystemLibraryProvides(RequiredVersion))
        {
            Assert.True((flags.Value & VersionFlagWeak) != 0, $"{RequiredVersion} is not marked weak in {library}.");
            Assert.Equal(BindingWeak, ElfVersionNeeds.UndefinedSymbolBinding(file, UnusedSymbol));
        }

        // The NuGet cache copy must be untouched (the fix writes a new file, never through a link).
        string? cached = CachedLibrary();
        if (cached is not null)
        {
            byte[] original = File.ReadAllBytes(cached);
            Assert.Equal(0, ElfVersionNeeds.VersionFlags(original, RequiredVersion)!.Value & VersionFlagWeak);
            Assert.NotEqual(BindingWeak, ElfVersionNeeds.UndefinedSymbolBinding(original, UnusedSymbol));
        }
    }

    private static string? CachedLibrary()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string version = typeof(torch).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "";
        string path = Path.Combine(root, "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.Exists(path) ? path : null;
    }

    private static bool SystemLibraryProvides(string version)
    {
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (string directory in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64" })
        {
            string candidate = Path.Combine(directory, "libstdc++.so.6");
            if (File.Exists(candidate) && File.ReadAllBytes(candidate).AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }
        return false;
    }
}
