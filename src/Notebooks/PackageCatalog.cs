using System.Text.Json;

namespace SignalProp.Notebooks;

/// <summary>
/// Where <c>#r "nuget: Id, Version"</c> finds a package's assemblies, in order:
/// <list type="number">
/// <item>the packages the host application ships (its <c>.deps.json</c>, assemblies next to the runner) — the runner
/// ships MathNet.Numerics and ScottPlot, so notebooks need no network; the shipped version wins when another is asked
/// for (one process can load one version), with a note on the cell's stderr;</item>
/// <item>the NuGet global packages folder (<c>$NUGET_PACKAGES</c> or <c>~/.nuget/packages</c>), best matching
/// <c>lib/&lt;tfm&gt;</c> folder; its dependencies must be shipped with the runner or sit in that folder.</item>
/// </list>
/// Nothing is downloaded.
/// </summary>
public sealed class PackageCatalog
{
    private static readonly string[] FrameworkPreference =
    [
        "net10.0", "net9.0", "net8.0", "net7.0", "net6.0", "net5.0", "netcoreapp3.1", "netcoreapp3.0", "netstandard2.1", "netstandard2.0",
        "netstandard1.6", "netstandard1.3", "netstandard1.0",
    ];

    private readonly Dictionary<string, (string Version, string[] Files)> shipped = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the catalog.</summary>
    /// <param name="assemblyDirectory">Where the shipped assemblies are (the runner's directory).</param>
    /// <param name="depsFile">The host's <c>.deps.json</c>; null uses the running application's.</param>
    /// <param name="packagesFolder">The NuGet global packages folder; null uses <c>$NUGET_PACKAGES</c> or <c>~/.nuget/packages</c>.</param>
    public PackageCatalog(string assemblyDirectory, string? depsFile = null, string? packagesFolder = null)
    {
        AssemblyDirectory = assemblyDirectory;
        PackagesFolder = packagesFolder ?? Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        depsFile ??= (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (depsFile is not null && File.Exists(depsFile)) ReadDeps(depsFile);
    }

    /// <summary>The directory of the shipped assemblies.</summary>
    public string AssemblyDirectory { get; }

    /// <summary>The NuGet global packages folder searched second.</summary>
    public string PackagesFolder { get; }

    /// <summary>
    /// Meta-packages whose only managed assembly comes from another package: <c>TorchSharp-cpu</c> (what a .NET kernel user
    /// writes: TorchSharp plus the libtorch natives of every platform) and the CUDA bundles all resolve to the shipped
    /// <c>TorchSharp</c> (the runner ships TorchSharp with the linux-x64 natives, patched for Debian 12; see
    /// build/TorchSharp.props). Same version numbers as TorchSharp.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["TorchSharp-cpu"] = "TorchSharp",
        ["TorchSharp-cuda-linux"] = "TorchSharp",
        ["TorchSharp-cuda-windows"] = "TorchSharp",
    };

    /// <summary>The version of a package the host ships (through <see cref="Aliases"/>), or null.</summary>
    public string? ShippedVersion(string id) => shipped.TryGetValue(Canonical(id), out var entry) ? entry.Version : null;

    private string Canonical(string id) => Aliases.TryGetValue(id, out var target) && shipped.ContainsKey(target) ? target : id;

    /// <summary>Resolves a package to assembly paths.</summary>
    /// <param name="id">The package id.</param>
    /// <param name="version">The requested version (null, or with a <c>*</c> wildcard, for any).</param>
    /// <param name="note">A remark for the user (another version was used), or null.</param>
    /// <returns>The assemblies, or an empty list with <paramref name="note"/> saying why.</returns>
    public IReadOnlyList<string> Resolve(string id, string? version, out string? note)
    {
        note = null;
        string requested = id;
        id = Canonical(id);
        if (shipped.TryGetValue(id, out var entry))
        {
            var files = entry.Files.Select(f => Path.Combine(AssemblyDirectory, f)).Where(File.Exists).ToList();
            if (files.Count > 0)
            {
                if (version is not null && !Matches(entry.Version, version))
                    note = $"note: #r \"nuget: {requested}, {version}\" uses {id} {entry.Version}, the version the notebook runner ships.";
                return files;
            }
        }
        string sameName = Path.Combine(AssemblyDirectory, id + ".dll");
        if (File.Exists(sameName)) return [sameName];

        string packageDirectory = Path.Combine(PackagesFolder, id.ToLowerInvariant());
        if (Directory.Exists(packageDirectory))
        {
            var versions = Directory.GetDirectories(packageDirectory).Select(Path.GetFileName).OfType<string>()
                .Where(v => version is null || Matches(v, version))
                .OrderByDescending(v => Version.TryParse(v.Split('-')[0], out var parsed) ? parsed : new Version(0, 0))
                .ToList();
            foreach (var candidate in versions)
            {
                string lib = Path.Combine(packageDirectory, candidate, "lib");
                foreach (var framework in FrameworkPreference)
                {
                    string folder = Path.Combine(lib, framework);
                    if (!Directory.Exists(folder)) continue;
                    var dlls = Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal).ToList();
                    if (dlls.Count > 0) return dlls;
                }
            }
        }
        note = $"package {id}{(version is null ? "" : " " + version)} is neither shipped with the notebook runner nor in the NuGet packages folder " +
               $"{PackagesFolder} (the runner downloads nothing: add a PackageReference to src/Notebooks or restore the package first)";
        return [];
    }

    private static bool Matches(string actual, string requested)
    {
        requested = requested.Trim();
        if (requested.Length == 0 || requested == "*") return true;
        if (requested.EndsWith('*')) return actual.StartsWith(requested[..^1], StringComparison.OrdinalIgnoreCase);
        return string.Equals(actual, requested, StringComparison.OrdinalIgnoreCase);
    }

    private void ReadDeps(string depsFile)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(depsFile));
            var root = document.RootElement;
            if (!root.TryGetProperty("targets", out var targets) || !root.TryGetProperty("libraries", out var libraries)) return;
            foreach (var target in targets.EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    if (!libraries.TryGetProperty(library.Name, out var info) || !info.TryGetProperty("type", out var type) || type.GetString() != "package")
                        continue;
                    if (!library.Value.TryGetProperty("runtime", out var runtime)) continue;
                    int slash = library.Name.IndexOf('/');
                    if (slash <= 0) continue;
                    string[] files = [.. runtime.EnumerateObject().Select(f => Path.GetFileName(f.Name))];
                    shipped.TryAdd(library.Name[..slash], (library.Name[(slash + 1)..], files));
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
        {
            // An unreadable deps file leaves only the same-name and packages-folder lookups.
        }
    }
}
