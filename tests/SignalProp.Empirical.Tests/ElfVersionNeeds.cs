using System.Buffers.Binary;
using System.Text;

namespace SignalProp.Empirical.Tests;

/// <summary>
/// Reads, from a little-endian ELF64 shared library, the vna_flags of one Elf64_Vernaux entry in .gnu.version_r and
/// the binding of one undefined symbol in .dynsym: just enough to check build/TorchSharpNativeFix.targets.
/// </summary>
internal static class ElfVersionNeeds
{
    private const uint SectionTypeDynamicSymbols = 11;      // SHT_DYNSYM
    private const uint SectionTypeVersionNeed = 0x6ffffffe; // SHT_GNU_verneed

    /// <summary>vna_flags of the version-need entry named <paramref name="version"/>, or null when absent.</summary>
    public static ushort? VersionFlags(byte[] file, string version)
    {
        foreach (Section section in Sections(file).Where(s => s.Type == SectionTypeVersionNeed))
        {
            Section strings = Sections(file)[section.Link];
            int need = (int)section.Offset;
            for (uint entry = 0; entry < section.Info; entry++)
            {
                ushort count = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(need + 2));
                int auxiliary = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(need + 8));
                for (int index = 0; index < count; index++)
                {
                    uint name = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(auxiliary + 8));
                    if (Name(file, strings, name) == version)
                    {
                        return BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(auxiliary + 4));
                    }
                    auxiliary += (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(auxiliary + 12));
                }
                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(need + 12));
            }
        }
        return null;
    }

    /// <summary>The binding (STB_GLOBAL = 1, STB_WEAK = 2) of the undefined dynamic symbol, or null when absent.</summary>
    public static int? UndefinedSymbolBinding(byte[] file, string symbol)
    {
        List<Section> sections = Sections(file);
        foreach (Section section in sections.Where(s => s.Type == SectionTypeDynamicSymbols))
        {
            Section strings = sections[section.Link];
            for (long offset = section.Offset; offset + 24 <= section.Offset + section.Size; offset += 24)
            {
                var entry = file.AsSpan((int)offset, 24);
                if (BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]) != 0)
                {
                    continue;
                }
                if (Name(file, strings, BinaryPrimitives.ReadUInt32LittleEndian(entry)) == symbol)
                {
                    return entry[4] >> 4;
                }
            }
        }
        return null;
    }

    private static List<Section> Sections(byte[] file)
    {
        if (file.Length < 64 || file[0] != 0x7f || file[1] != (byte)'E' || file[4] != 2 || file[5] != 1)
        {
            throw new InvalidDataException("Not a little-endian ELF64 file.");
        }
        long table = (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(0x28));
        int size = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(0x3A));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(0x3C));
        var sections = new List<Section>(count);
        for (int index = 0; index < count; index++)
        {
            var header = file.AsSpan((int)(table + (long)index * size), size);
            sections.Add(new Section(
                BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]),
                (int)BinaryPrimitives.ReadUInt32LittleEndian(header[40..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[44..])));
        }
        return sections;
    }

    private static string Name(byte[] file, Section strings, uint offset)
    {
        int start = (int)(strings.Offset + offset);
        int end = Array.IndexOf(file, (byte)0, start);
        return Encoding.ASCII.GetString(file, start, end - start);
    }

    private readonly record struct Section(uint Type, long Offset, long Size, int Link, uint Info);
}
