using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace SignalProp.Notebooks;

/// <summary>
/// Resolves a notebook's <c>#r</c> directives the way the .NET kernel would, but to the runner's own assemblies:
/// <list type="bullet">
/// <item><c>#r "nuget: Id, Version"</c> → <see cref="PackageCatalog"/> (shipped assemblies first, then the NuGet packages folder);</item>
/// <item><c>#r "some/path/Name.dll"</c> → the runner's copy of <c>Name.dll</c> when it ships one (e.g.
/// <c>../src/Theory/bin/Release/net10.0/SignalProp.Theory.dll</c> resolves to the SignalProp.Theory.dll built with the runner,
/// so notebooks run without a Release build and never load two copies of one assembly); otherwise the path relative to the
/// notebook's directory;</item>
/// <item>anything else (framework assembly names) → Roslyn's default script resolver.</item>
/// </list>
/// Dependencies a referenced assembly needs at compile time are looked up next to the runner, then next to that assembly.
/// </summary>
internal sealed class NotebookReferenceResolver : MetadataReferenceResolver
{
    private readonly ScriptMetadataResolver inner;
    private readonly string assemblyDirectory;
    private readonly PackageCatalog packages;
    private readonly ConcurrentDictionary<string, PortableExecutableReference> cache = new(StringComparer.Ordinal);
    private readonly List<string> problems = [];
    private readonly List<string> notes = [];

    public NotebookReferenceResolver(string notebookDirectory, string assemblyDirectory, PackageCatalog packages)
    {
        inner = ScriptMetadataResolver.Default.WithBaseDirectory(notebookDirectory);
        this.assemblyDirectory = assemblyDirectory;
        this.packages = packages;
    }

    /// <summary>Why references failed to resolve since the last <see cref="TakeMessages"/> (for the cell's error output).</summary>
    public (IReadOnlyList<string> Problems, IReadOnlyList<string> Notes) TakeMessages()
    {
        lock (problems)
        {
            var result = ((IReadOnlyList<string>)[.. problems], (IReadOnlyList<string>)[.. notes]);
            problems.Clear();
            notes.Clear();
            return result;
        }
    }

    public override bool ResolveMissingAssemblies => true;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        string trimmed = reference.Trim();
        if (trimmed.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)) return ResolvePackage(trimmed["nuget:".Length..], properties);
        if (trimmed.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || trimmed.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
        {
            string shipped = Path.Combine(assemblyDirectory, Path.GetFileName(trimmed.Replace('\\', '/')));
            if (File.Exists(shipped)) return [Create(shipped, properties)];
        }
        var resolved = inner.ResolveReference(reference, baseFilePath, properties);
        if (resolved.IsDefaultOrEmpty) Problem($"#r \"{reference}\": no such file relative to the notebook's directory, and the runner ships no assembly of that name");
        return resolved;
    }

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity)
    {
        string shipped = Path.Combine(assemblyDirectory, referenceIdentity.Name + ".dll");
        if (File.Exists(shipped)) return Create(shipped, MetadataReferenceProperties.Assembly);
        if (definition is PortableExecutableReference { FilePath: { } path } && Path.GetDirectoryName(path) is { } directory)
        {
            string sibling = Path.Combine(directory, referenceIdentity.Name + ".dll");
            if (File.Exists(sibling)) return Create(sibling, MetadataReferenceProperties.Assembly);
        }
        return inner.ResolveMissingAssembly(definition, referenceIdentity);
    }

    public override bool Equals(object? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    private ImmutableArray<PortableExecutableReference> ResolvePackage(string specification, MetadataReferenceProperties properties)
    {
        var parts = specification.Split(',', 2, StringSplitOptions.TrimEntries);
        string id = parts[0];
        string? version = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
        if (id.Length == 0)
        {
            Problem("#r \"nuget: …\" needs a package id, e.g. #r \"nuget: ScottPlot, 5.1.59\"");
            return [];
        }
        var files = packages.Resolve(id, version, out string? note);
        if (files.Count == 0) Problem(note ?? $"package {id} not found");
        else if (note is not null) lock (problems) notes.Add(note);
        return [.. files.Select(f => Create(f, properties))];
    }

    private PortableExecutableReference Create(string path, MetadataReferenceProperties properties)
        => cache.GetOrAdd(Path.GetFullPath(path) + "|" + properties.Kind + "|" + string.Join(",", properties.Aliases),
            _ => MetadataReference.CreateFromFile(path, properties));

    private void Problem(string message)
    {
        lock (problems)
            if (!problems.Contains(message)) problems.Add(message);
    }
}
