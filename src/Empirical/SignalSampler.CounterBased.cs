using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace SignalProp.Empirical;

// The SamplerAlgorithm.CounterBased path of SignalSampler.
public sealed partial class SignalSampler
{
    // About 2^16 elements per chunk of runs: large enough that the per-chunk set-up is negligible, small enough that
    // the runs spread over the cores. The chunk layout depends only on the shape.
    private const long ChunkElements = 1 << 16;
    private const int ScratchElements = 4096;
    private const ulong CounterDomain = 0xC0FFEE_5A3F_1E5DUL;

    // Returns tensor->data_ptr() (TorchSharp's own binding, exported by LibTorchSharp).
    [DllImport("LibTorchSharp")]
    private static extern IntPtr THSTensor_data(IntPtr tensor);

    private Tensor SampleCounterBased(SampleShape shape, double mean, double variance, double correlation)
    {
        ulong callKey = CounterNormal.Derive(Seed ^ CounterDomain, counterCalls++);
        Tensor result = empty(shape.ToArray(), DataType, CPU);
        IntPtr data = THSTensor_data(result.Handle);
        long runSize = shape.Length * shape.Width;
        long runsPerChunk = Math.Max(1, ChunkElements / runSize);
        long chunks = (shape.Runs + runsPerChunk - 1) / runsPerChunk;
        var plan = new RunPlan(shape.Length, shape.Width, mean, variance, correlation);
        bool single = DataType == ScalarType.Float32;
        bool singleDraws = single || DrawInSinglePrecision;
        void Chunk(long chunk)
        {
            long first = chunk * runsPerChunk, count = Math.Min(runsPerChunk, shape.Runs - first);
            ulong key = CounterNormal.Derive(callKey, (ulong)chunk);
            if (single)
            {
                FillChunk<float, float>(data, first, count, plan, key);
            }
            else if (singleDraws)
            {
                FillChunk<double, float>(data, first, count, plan, key);
            }
            else
            {
                FillChunk<double, double>(data, first, count, plan, key);
            }
        }
        if (shape.ElementCount >= ParallelThreshold && chunks > 1 && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, chunks, Chunk);
        }
        else
        {
            for (long chunk = 0; chunk < chunks; chunk++)
            {
                Chunk(chunk);
            }
        }
        return Device.type == DeviceType.CPU ? result : result.to(Device);
    }

    private readonly record struct RunPlan(long Length, long Width, double Mean, double Variance, double Correlation);

    // Fills runs [first, first + count) of the tensor at data (element type TOut) from the chunk stream key. Per run:
    // for r > 0 the shared part s (d normals) first, then the L·d token normals z, in stream order; see the class
    // remarks of SignalSampler for the constructions.
    private static unsafe void FillChunk<TOut, TDraw>(IntPtr data, long first, long count, RunPlan plan, ulong key)
        where TOut : unmanaged, IFloatingPointIeee754<TOut>
        where TDraw : unmanaged, IFloatingPointIeee754<TDraw>
    {
        long length = plan.Length, width = plan.Width, runSize = length * width;
        double scale = Math.Sqrt(plan.Variance);
        double r = plan.Correlation;
        TDraw[] scratch = ArrayPool<TDraw>.Shared.Rent(ScratchElements);
        TOut[] baseline = ArrayPool<TOut>.Shared.Rent((int)width);
        double[]? tokenMeans = r < 0 ? ArrayPool<double>.Shared.Rent((int)width) : null;
        try
        {
            ulong block = 0;
            for (long run = first; run < first + count; run++)
            {
                Span<TOut> target = new((TOut*)data + run * runSize, checked((int)runSize));
                Span<TOut> offsets = baseline.AsSpan(0, (int)width);
                double amplitude;
                bool uniform;
                if (r > 0)
                {
                    // x = μ + σ√r·s + σ√(1−r)·z, s shared by the tokens of a (run, feature).
                    Span<TDraw> shared = scratch.AsSpan(0, Math.Min(ScratchElements, (int)width));
                    double sharedScale = scale * Math.Sqrt(r);
                    for (int k0 = 0; k0 < width; k0 += shared.Length)
                    {
                        Span<TDraw> part = shared[..Math.Min(shared.Length, (int)width - k0)];
                        block = Draw(part, key, block);
                        for (int k = 0; k < part.Length; k++)
                        {
                            offsets[k0 + k] = TOut.CreateTruncating(plan.Mean + sharedScale * double.CreateTruncating(part[k]));
                        }
                    }
                    amplitude = scale * Math.Sqrt(1.0 - r);
                    uniform = width == 1;
                }
                else
                {
                    offsets.Fill(TOut.CreateTruncating(r < 0 ? 0.0 : plan.Mean));
                    // r < 0: z first, the fraction c of the token mean removed afterwards (amplitude applied then).
                    amplitude = r < 0 ? 1.0 : scale;
                    uniform = true;
                }

                TOut a = TOut.CreateTruncating(amplitude);
                long rowsPerPiece = width >= ScratchElements ? 0 : ScratchElements / width;
                long pieceSize = rowsPerPiece > 0 ? rowsPerPiece * width : ScratchElements;
                for (long start = 0; start < runSize; start += pieceSize)
                {
                    int size = (int)Math.Min(pieceSize, runSize - start);
                    Span<TDraw> z = scratch.AsSpan(0, size);
                    block = Draw(z, key, block);
                    Span<TOut> destination = target.Slice((int)start, size);
                    if (uniform)
                    {
                        Affine(destination, offsets[0], a, z);
                    }
                    else
                    {
                        // Pieces of rows: element j of the piece is feature (start + j) mod d.
                        int j = 0;
                        while (j < size)
                        {
                            int feature = (int)((start + j) % width);
                            int run2 = Math.Min(size - j, (int)width - feature);
                            Affine(destination.Slice(j, run2), offsets.Slice(feature, run2), a, z.Slice(j, run2));
                            j += run2;
                        }
                    }
                }

                if (r < 0)
                {
                    RemoveTokenMean(target, tokenMeans!.AsSpan(0, (int)width), length, width, plan);
                }
            }
        }
        finally
        {
            ArrayPool<TDraw>.Shared.Return(scratch);
            ArrayPool<TOut>.Shared.Return(baseline);
            if (tokenMeans is not null)
            {
                ArrayPool<double>.Shared.Return(tokenMeans);
            }
        }
    }

    private static ulong Draw<TDraw>(Span<TDraw> destination, ulong key, ulong block)
        where TDraw : unmanaged
    {
        if (typeof(TDraw) == typeof(float))
        {
            return CounterNormal.Fill(MemoryMarshal.Cast<TDraw, float>(destination), key, block);
        }
        return CounterNormal.Fill(MemoryMarshal.Cast<TDraw, double>(destination), key, block);
    }

    // destination = offset + a·z, with z widened to TOut when needed.
    private static void Affine<TOut, TDraw>(Span<TOut> destination, TOut offset, TOut a, ReadOnlySpan<TDraw> z)
        where TOut : unmanaged, IFloatingPointIeee754<TOut>
        where TDraw : unmanaged, IFloatingPointIeee754<TDraw>
    {
        if (typeof(TOut) == typeof(TDraw))
        {
            ReadOnlySpan<TOut> source = MemoryMarshal.Cast<TDraw, TOut>(z);
            var vo = Vector256.Create(offset);
            var va = Vector256.Create(a);
            int i = 0;
            for (; i + Vector256<TOut>.Count <= destination.Length; i += Vector256<TOut>.Count)
            {
                (vo + va * Vector256.Create(source.Slice(i, Vector256<TOut>.Count))).CopyTo(destination[i..]);
            }
            for (; i < destination.Length; i++)
            {
                destination[i] = offset + a * source[i];
            }
            return;
        }
        // float draws into a double tensor.
        Span<double> wide = MemoryMarshal.Cast<TOut, double>(destination);
        ReadOnlySpan<float> narrow = MemoryMarshal.Cast<TDraw, float>(z);
        double o = double.CreateTruncating(offset), s = double.CreateTruncating(a);
        for (int i = 0; i < wide.Length; i++)
        {
            wide[i] = o + s * narrow[i];
        }
    }

    // destination = offsets + a·z, elementwise offsets.
    private static void Affine<TOut, TDraw>(Span<TOut> destination, ReadOnlySpan<TOut> offsets, TOut a, ReadOnlySpan<TDraw> z)
        where TOut : unmanaged, IFloatingPointIeee754<TOut>
        where TDraw : unmanaged, IFloatingPointIeee754<TDraw>
    {
        if (typeof(TOut) == typeof(TDraw))
        {
            ReadOnlySpan<TOut> source = MemoryMarshal.Cast<TDraw, TOut>(z);
            var va = Vector256.Create(a);
            int i = 0;
            for (; i + Vector256<TOut>.Count <= destination.Length; i += Vector256<TOut>.Count)
            {
                (Vector256.Create(offsets.Slice(i, Vector256<TOut>.Count)) + va * Vector256.Create(source.Slice(i, Vector256<TOut>.Count)))
                    .CopyTo(destination[i..]);
            }
            for (; i < destination.Length; i++)
            {
                destination[i] = offsets[i] + a * source[i];
            }
            return;
        }
        Span<double> wide = MemoryMarshal.Cast<TOut, double>(destination);
        ReadOnlySpan<double> wideOffsets = MemoryMarshal.Cast<TOut, double>(offsets);
        ReadOnlySpan<float> narrow = MemoryMarshal.Cast<TDraw, float>(z);
        double s = double.CreateTruncating(a);
        for (int i = 0; i < wide.Length; i++)
        {
            wide[i] = wideOffsets[i] + s * narrow[i];
        }
    }

    // r < 0 on one run z [L, d]: x = μ + σ·amp·(z − c·z̄) with z̄ the token mean per feature (class remarks).
    private static void RemoveTokenMean<TOut>(Span<TOut> run, Span<double> means, long length, long width, RunPlan plan)
        where TOut : unmanaged, IFloatingPointIeee754<TOut>
    {
        double l = length;
        double t = Math.Max(-1.0, plan.Correlation * l / (1.0 - plan.Correlation));
        double fraction = 1.0 - Math.Sqrt(1.0 + t);
        double amplitude = Math.Sqrt(plan.Variance) * Math.Sqrt(l / (l + t));
        means.Clear();
        for (long i = 0; i < length; i++)
        {
            for (int k = 0; k < width; k++)
            {
                means[k] += double.CreateTruncating(run[(int)(i * width + k)]);
            }
        }
        for (int k = 0; k < width; k++)
        {
            means[k] *= fraction / l;
        }
        for (long i = 0; i < length; i++)
        {
            for (int k = 0; k < width; k++)
            {
                int index = (int)(i * width + k);
                run[index] = TOut.CreateTruncating(plan.Mean + amplitude * (double.CreateTruncating(run[index]) - means[k]));
            }
        }
    }
}
