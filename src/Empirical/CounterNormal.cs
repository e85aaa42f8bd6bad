using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SignalProp.Empirical;

/// <summary>
/// A counter-based, vectorised standard normal generator (the <see cref="SamplerAlgorithm.CounterBased"/> streams of
/// <see cref="SignalSampler"/>). Uniform bits: the SplitMix64 output function applied to <c>key + n·γ</c>
/// (γ = 0x9E3779B97F4A7C15, n = 1, 2, …), i.e. exactly the SplitMix64 sequence started from state <c>key</c>, so a
/// stream can be entered at any counter without generating what comes before it. Normals: the Box–Muller transform of
/// pairs of uniforms, 8 or 4 lanes at a time (AVX2 / AVX-512 through <see cref="Vector256"/>).
/// </summary>
/// <remarks>
/// <para>Float32: each SplitMix64 output gives two 32-bit words; counters 8b+1…8b+4 give the radii words and
/// 8b+5…8b+8 the angle words of the 16 normals of block b (eight pairs r·cos θ, r·sin θ). The uniforms are the top
/// 24 bits: u₁ = (k + ½)·2⁻²⁴ ∈ (0, 1), θ = 2π·k'·2⁻²⁴, so every value is an exact float32 and the Box–Muller output
/// is exactly Gaussian up to float32 resolution; the largest |z| is √(2·25·ln 2) ≈ 5.89 (the mass beyond is 4·10⁻⁹,
/// changing the variance by about 10⁻⁷ relative and the fourth moment by about 10⁻⁵ relative). The sine and cosine of
/// 2πt use an exact quarter-turn reduction and Taylor polynomials to x⁹/x¹⁰ on |x| ≤ π/4 (error below 2·10⁻⁹); the
/// logarithm is ln 2·e + 2·atanh((m − 1)/(m + 1)) to t⁹ on m ∈ [√½, √2) (truncation below 3·10⁻¹⁰), the square root
/// IEEE. 512-bit and 256-bit vectors give bit-identical numbers.</para>
/// <para>Float64: counters 8b+1…8b+4 give four 53-bit radius uniforms, 8b+5…8b+8 four angle uniforms, so block b holds
/// 8 normals (tail beyond √(2·54·ln 2) ≈ 8.65).</para>
/// </remarks>
internal static class CounterNormal
{
    /// <summary>Normals per counter block (8 SplitMix64 outputs) in float32.</summary>
    public const int SingleBlock = 16;

    /// <summary>Normals per counter block (8 SplitMix64 outputs) in float64.</summary>
    public const int DoubleBlock = 8;

    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 output function (Stafford's variant 13).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A key derived from a parent key and an index (two rounds of <see cref="Mix(ulong)"/>), for unrelated
    /// streams per call and per chunk.</summary>
    public static ulong Derive(ulong parent, ulong index)
        => unchecked(Mix(Mix(parent + (index + 1) * Gamma) ^ 0xD1B54A32D192ED03UL));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z = (z ^ Vector256.ShiftRightLogical(z, 30)) * Vector256.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ Vector256.ShiftRightLogical(z, 27)) * Vector256.Create(0x94D049BB133111EBUL);
        return z ^ Vector256.ShiftRightLogical(z, 31);
    }

    /// <summary>Fills <paramref name="destination"/> with the standard normals of stream <paramref name="key"/>
    /// starting at block <paramref name="firstBlock"/>; returns the next unused block. Uses 512-bit vectors (two
    /// blocks at a time) where the hardware has them; the numbers are bit-identical either way (the same IEEE
    /// operations per lane: no library log, sine or cosine).</summary>
    public static ulong Fill(Span<float> destination, ulong key, ulong firstBlock)
    {
        if (!Vector512.IsHardwareAccelerated || destination.Length < 2 * SingleBlock)
        {
            return FillPortable(destination, key, firstBlock);
        }
        int done = FillWide(destination, key, firstBlock);
        return FillPortable(destination[done..], key, firstBlock + (ulong)(done / SingleBlock));
    }

    /// <summary>The 256-bit form of <see cref="Fill(Span{float}, ulong, ulong)"/> (also its tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong FillPortable(Span<float> destination, ulong key, ulong firstBlock)
    {
        ref float target = ref MemoryMarshal.GetReference(destination);
        int count = destination.Length;
        var (c0, c1, step) = Counters256(key, firstBlock);
        int i = 0;
        for (; i + SingleBlock <= count; i += SingleBlock)
        {
            Block(c0, c1, out Vector256<float> first, out Vector256<float> second);
            first.StoreUnsafe(ref target, (nuint)i);
            second.StoreUnsafe(ref target, (nuint)(i + 8));
            c0 += step;
            c1 += step;
        }
        ulong blocks = (ulong)(i / SingleBlock);
        if (i < count)
        {
            Block(c0, c1, out Vector256<float> first, out Vector256<float> second);
            Span<float> tail = stackalloc float[SingleBlock];
            first.CopyTo(tail);
            second.CopyTo(tail[8..]);
            tail[..(count - i)].CopyTo(destination[i..]);
            blocks++;
        }
        return firstBlock + blocks;
    }

    /// <summary>Fills <paramref name="destination"/> with the float64 standard normals of stream
    /// <paramref name="key"/> starting at block <paramref name="firstBlock"/>; returns the next unused block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Fill(Span<double> destination, ulong key, ulong firstBlock)
    {
        ref double target = ref MemoryMarshal.GetReference(destination);
        int count = destination.Length;
        var (c0, c1, step) = Counters256(key, firstBlock);
        int i = 0;
        for (; i + DoubleBlock <= count; i += DoubleBlock)
        {
            Block(c0, c1, out Vector256<double> first, out Vector256<double> second);
            first.StoreUnsafe(ref target, (nuint)i);
            second.StoreUnsafe(ref target, (nuint)(i + 4));
            c0 += step;
            c1 += step;
        }
        ulong blocks = (ulong)(i / DoubleBlock);
        if (i < count)
        {
            Block(c0, c1, out Vector256<double> first, out Vector256<double> second);
            Span<double> tail = stackalloc double[DoubleBlock];
            first.CopyTo(tail);
            second.CopyTo(tail[4..]);
            tail[..(count - i)].CopyTo(destination[i..]);
            blocks++;
        }
        return firstBlock + blocks;
    }

    // The 256-bit counters of block firstBlock of stream key (eight per block: c0 the first four, c1 the next four) and the
    // step to the next block; shared by the float and the float64 fill so that both read the same stream.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<ulong> C0, Vector256<ulong> C1, Vector256<ulong> Step) Counters256(ulong key, ulong firstBlock)
    {
        Vector256<ulong> c0 = unchecked(Vector256.Create(key + firstBlock * 8 * Gamma)
            + Vector256.Create(1UL, 2, 3, 4) * Vector256.Create(Gamma));
        return (c0, c0 + Vector256.Create(unchecked(4 * Gamma)), Vector256.Create(unchecked(8 * Gamma)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(Vector256<ulong> c0, Vector256<ulong> c1, out Vector256<float> first, out Vector256<float> second)
    {
        Vector256<int> a = Vector256.ShiftRightLogical(Mix(c0).AsUInt32(), 8).AsInt32();
        Vector256<int> b = Vector256.ShiftRightLogical(Mix(c1).AsUInt32(), 8).AsInt32();
        Vector256<float> unit = Vector256.Create(1.0f / 16777216.0f);
        Vector256<float> u = (Vector256.ConvertToSingle(a) + Vector256.Create(0.5f)) * unit;   // (0, 1)
        Vector256<float> turns = Vector256.ConvertToSingle(b) * unit;                            // [0, 1)
        Vector256<float> radius = Vector256.Sqrt(Vector256.Create(-2.0f) * LogUnit(u));
        SinCosTurns(turns, out Vector256<float> sin, out Vector256<float> cos);
        first = radius * cos;
        second = radius * sin;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(Vector256<ulong> c0, Vector256<ulong> c1, out Vector256<double> first, out Vector256<double> second)
    {
        Vector256<double> unit = Vector256.Create(1.0 / 9007199254740992.0);
        Vector256<double> u = (Vector256.ConvertToDouble(Vector256.ShiftRightLogical(Mix(c0), 11).AsInt64())
            + Vector256.Create(0.5)) * unit;
        Vector256<double> angle = Vector256.ConvertToDouble(Vector256.ShiftRightLogical(Mix(c1), 11).AsInt64())
            * Vector256.Create(2.0 * Math.PI / 9007199254740992.0);
        Vector256<double> radius = Vector256.Sqrt(Vector256.Create(-2.0) * Vector256.Log(u));
        (Vector256<double> sin, Vector256<double> cos) = Vector256.SinCos(angle);
        first = radius * cos;
        second = radius * sin;
    }

    // sin and cos of 2π·t for t in [0, 1): q = round(4t) quarter turns, f = t − q/4 ∈ [−1/8, 1/8] exactly (t and q/4 are
    // multiples of 2⁻²⁴), x = 2πf ∈ [−π/4, π/4], Taylor polynomials, then the quadrant's swap and signs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SinCosTurns(Vector256<float> turns, out Vector256<float> sin, out Vector256<float> cos)
    {
        Vector256<float> quarters = Vector256.Round(turns * Vector256.Create(4.0f));
        Vector256<float> x = (turns - quarters * Vector256.Create(0.25f)) * Vector256.Create(2.0f * MathF.PI);
        Vector256<float> x2 = x * x;
        Vector256<float> s = Vector256.Create(1.0f / 362880.0f);
        s = s * x2 - Vector256.Create(1.0f / 5040.0f);
        s = s * x2 + Vector256.Create(1.0f / 120.0f);
        s = s * x2 - Vector256.Create(1.0f / 6.0f);
        s = (s * x2 + Vector256<float>.One) * x;
        Vector256<float> c = Vector256.Create(-1.0f / 3628800.0f);
        c = c * x2 + Vector256.Create(1.0f / 40320.0f);
        c = c * x2 - Vector256.Create(1.0f / 720.0f);
        c = c * x2 + Vector256.Create(1.0f / 24.0f);
        c = c * x2 - Vector256.Create(0.5f);
        c = c * x2 + Vector256<float>.One;
        Vector256<int> q = Vector256.ConvertToInt32(quarters);
        Vector256<float> swap = Vector256.Equals(q & Vector256<int>.One, Vector256<int>.One).AsSingle();
        Vector256<float> sinValue = Vector256.ConditionalSelect(swap, c, s);
        Vector256<float> cosValue = Vector256.ConditionalSelect(swap, s, c);
        // Quadrant q: sin is negated for q = 2, 3 (bit 1 of q), cos for q = 1, 2 (bit 1 of q + 1).
        Vector256<int> sinSign = Vector256.ShiftLeft(q & Vector256.Create(2), 30);
        Vector256<int> cosSign = Vector256.ShiftLeft((q + Vector256<int>.One) & Vector256.Create(2), 30);
        sin = (sinValue.AsInt32() ^ sinSign).AsSingle();
        cos = (cosValue.AsInt32() ^ cosSign).AsSingle();
    }

    // ln u for positive normal floats: u = m·2^e with m in [√½, √2), ln m = 2·atanh(t), t = (m − 1)/(m + 1),
    // |t| ≤ 0.1716, series to t⁹ (truncation below 3·10⁻¹⁰ relative).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> LogUnit(Vector256<float> u)
    {
        Vector256<int> bits = u.AsInt32();
        Vector256<int> exponent = Vector256.ShiftRightArithmetic(bits, 23) - Vector256.Create(127);
        Vector256<float> m = ((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F800000)).AsSingle();
        Vector256<float> high = Vector256.GreaterThan(m, Vector256.Create(1.41421356f));
        m = Vector256.ConditionalSelect(high, m * Vector256.Create(0.5f), m);
        exponent -= high.AsInt32();   // true lanes are −1
        Vector256<float> t = (m - Vector256<float>.One) / (m + Vector256<float>.One);
        Vector256<float> t2 = t * t;
        Vector256<float> p = Vector256.Create(1.0f / 9.0f);
        p = p * t2 + Vector256.Create(1.0f / 7.0f);
        p = p * t2 + Vector256.Create(1.0f / 5.0f);
        p = p * t2 + Vector256.Create(1.0f / 3.0f);
        p = p * t2 + Vector256<float>.One;
        return Vector256.ConvertToSingle(exponent) * Vector256.Create(0.693147180559945f) + Vector256.Create(2.0f) * t * p;
    }

    // The same as LogUnit, 16 lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> LogUnit(Vector512<float> u)
    {
        Vector512<int> bits = u.AsInt32();
        Vector512<int> exponent = Vector512.ShiftRightArithmetic(bits, 23) - Vector512.Create(127);
        Vector512<float> m = ((bits & Vector512.Create(0x007FFFFF)) | Vector512.Create(0x3F800000)).AsSingle();
        Vector512<float> high = Vector512.GreaterThan(m, Vector512.Create(1.41421356f));
        m = Vector512.ConditionalSelect(high, m * Vector512.Create(0.5f), m);
        exponent -= high.AsInt32();
        Vector512<float> t = (m - Vector512<float>.One) / (m + Vector512<float>.One);
        Vector512<float> t2 = t * t;
        Vector512<float> p = Vector512.Create(1.0f / 9.0f);
        p = p * t2 + Vector512.Create(1.0f / 7.0f);
        p = p * t2 + Vector512.Create(1.0f / 5.0f);
        p = p * t2 + Vector512.Create(1.0f / 3.0f);
        p = p * t2 + Vector512<float>.One;
        return Vector512.ConvertToSingle(exponent) * Vector512.Create(0.693147180559945f) + Vector512.Create(2.0f) * t * p;
    }

    // Two blocks per iteration: lanes 0–3 / 4–7 of c0 are the radius counters of block b / b + 1, c1 their angle
    // counters; the halves are stored in block order, so the output equals FillPortable's. Returns the count filled
    // (a multiple of 2 blocks).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FillWide(Span<float> destination, ulong key, ulong firstBlock)
    {
        ref float target = ref MemoryMarshal.GetReference(destination);
        int count = destination.Length;
        Vector512<ulong> c0 = unchecked(Vector512.Create(key + firstBlock * 8 * Gamma)
            + Vector512.Create(1UL, 2, 3, 4, 9, 10, 11, 12) * Vector512.Create(Gamma));
        Vector512<ulong> c1 = c0 + Vector512.Create(unchecked(4 * Gamma));
        Vector512<ulong> step = Vector512.Create(unchecked(16 * Gamma));
        Vector512<float> unit = Vector512.Create(1.0f / 16777216.0f);
        int i = 0;
        for (; i + 2 * SingleBlock <= count; i += 2 * SingleBlock)
        {
            Vector512<int> a = Vector512.ShiftRightLogical(Mix(c0).AsUInt32(), 8).AsInt32();
            Vector512<int> b = Vector512.ShiftRightLogical(Mix(c1).AsUInt32(), 8).AsInt32();
            Vector512<float> u = (Vector512.ConvertToSingle(a) + Vector512.Create(0.5f)) * unit;
            Vector512<float> turns = Vector512.ConvertToSingle(b) * unit;
            Vector512<float> radius = Vector512.Sqrt(Vector512.Create(-2.0f) * LogUnit(u));
            Vector512<float> quarters = Vector512.Round(turns * Vector512.Create(4.0f));
            Vector512<float> x = (turns - quarters * Vector512.Create(0.25f)) * Vector512.Create(2.0f * MathF.PI);
            Vector512<float> x2 = x * x;
            Vector512<float> s = Vector512.Create(1.0f / 362880.0f);
            s = s * x2 - Vector512.Create(1.0f / 5040.0f);
            s = s * x2 + Vector512.Create(1.0f / 120.0f);
            s = s * x2 - Vector512.Create(1.0f / 6.0f);
            s = (s * x2 + Vector512<float>.One) * x;
            Vector512<float> c = Vector512.Create(-1.0f / 3628800.0f);
            c = c * x2 + Vector512.Create(1.0f / 40320.0f);
            c = c * x2 - Vector512.Create(1.0f / 720.0f);
            c = c * x2 + Vector512.Create(1.0f / 24.0f);
            c = c * x2 - Vector512.Create(0.5f);
            c = c * x2 + Vector512<float>.One;
            Vector512<int> q = Vector512.ConvertToInt32(quarters);
            Vector512<float> swap = Vector512.Equals(q & Vector512<int>.One, Vector512<int>.One).AsSingle();
            Vector512<float> sinValue = Vector512.ConditionalSelect(swap, c, s);
            Vector512<float> cosValue = Vector512.ConditionalSelect(swap, s, c);
            Vector512<float> sin = (sinValue.AsInt32() ^ Vector512.ShiftLeft(q & Vector512.Create(2), 30)).AsSingle();
            Vector512<float> cos = (cosValue.AsInt32() ^ Vector512.ShiftLeft((q + Vector512<int>.One) & Vector512.Create(2), 30)).AsSingle();
            Vector512<float> first = radius * cos, second = radius * sin;
            first.GetLower().StoreUnsafe(ref target, (nuint)i);
            second.GetLower().StoreUnsafe(ref target, (nuint)(i + 8));
            first.GetUpper().StoreUnsafe(ref target, (nuint)(i + 16));
            second.GetUpper().StoreUnsafe(ref target, (nuint)(i + 24));
            c0 += step;
            c1 += step;
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ Vector512.ShiftRightLogical(z, 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ Vector512.ShiftRightLogical(z, 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ Vector512.ShiftRightLogical(z, 31);
    }
}
