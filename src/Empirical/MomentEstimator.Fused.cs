using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace SignalProp.Empirical;

// The single-pass CPU path of MomentEstimator: for a contiguous float32/float64 CPU tensor, the eight sums of the class
// remarks are accumulated in one read of the data (vectorised over features, parallel over fixed chunks of runs),
// instead of a sum over runs followed by shifted blocks, token sums, feature sums and squares in libtorch.
public static partial class MomentEstimator
{
    private const int FusedChunks = 8;

    [DllImport("LibTorchSharp")]
    private static extern IntPtr THSTensor_data(IntPtr tensor);

    // Per-chunk accumulators (z = y − a, a the per-token shift).
    private sealed class Partial(long length, long width)
    {
        public readonly double[] TokenSums = new double[length];     // T_i = Σ_{r,k} z_rik
        public readonly double[] FeatureSums = new double[width];    // F_k = Σ_{r,i} z_rik
        public double Squares;                                       // Σ z²
        public double ColumnSquares;                                 // Σ_{r,k} (Σ_i z_rik)²
        public double RowSquares;                                    // Σ_{r,i} (Σ_k z_rik)²
    }

    private static double[]? TryFusedSums(Tensor y, SampleShape shape, bool features)
    {
        if (y.device_type != TorchSharp.DeviceType.CPU || !y.is_contiguous()
            || (y.dtype != ScalarType.Float32 && y.dtype != ScalarType.Float64)
            || shape.Length * shape.Width > int.MaxValue)
        {
            return null;
        }
        IntPtr data = THSTensor_data(y.Handle);
        return y.dtype == ScalarType.Float32
            ? FusedSums<float>(data, shape, features)
            : FusedSums<double>(data, shape, features);
    }

    private static unsafe double[] FusedSums<T>(IntPtr data, SampleShape shape, bool features)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long runs = shape.Runs, length = shape.Length, width = shape.Width, runSize = length * width;
        T* values = (T*)data;

        // Shift a_i: the token means of the first few runs, rounded to T (removes |μ| ≫ σ before any squaring).
        long shiftRuns = Math.Min(runs, 4);
        var shift = new T[length];
        var shiftDouble = new double[length];
        for (long i = 0; i < length; i++)
        {
            double sum = 0;
            for (long r = 0; r < shiftRuns; r++)
            {
                T* row = values + r * runSize + i * width;
                for (long k = 0; k < width; k++)
                {
                    sum += double.CreateTruncating(row[k]);
                }
            }
            shift[i] = T.CreateTruncating(sum / (shiftRuns * width));
            shiftDouble[i] = double.CreateTruncating(shift[i]);
        }

        // Fixed chunks of runs combined in order: the result does not depend on the number of cores.
        long chunks = Math.Min(runs, FusedChunks);
        var partials = new Partial[chunks];
        void Chunk(long chunk)
        {
            long first = runs * chunk / chunks, last = runs * (chunk + 1) / chunks;
            var partial = new Partial(length, width);
            var columns = new T[width];
            for (long r = first; r < last; r++)
            {
                AccumulateRun(new ReadOnlySpan<T>(values + r * runSize, (int)runSize), shift, columns, partial, length, width);
            }
            partials[chunk] = partial;
        }
        if (runs * runSize >= 1 << 18 && chunks > 1 && Environment.ProcessorCount > 1)
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

        var tokenSums = new double[length];
        var featureSums = new double[width];
        double squares = 0, columnSquares = 0, rowSquaresRaw = 0;
        foreach (Partial partial in partials)
        {
            for (long i = 0; i < length; i++) tokenSums[i] += partial.TokenSums[i];
            for (long k = 0; k < width; k++) featureSums[k] += partial.FeatureSums[k];
            squares += partial.Squares;
            columnSquares += partial.ColumnSquares;
            rowSquaresRaw += partial.RowSquares;
        }

        // The eight sums of the torch path (class remarks).
        double tokenSamples = (double)runs * width, featureSamples = (double)runs * length;
        var tokenMeans = new double[length];
        double residualSum = 0, residualSquares = 0, grandMean = 0;
        for (long i = 0; i < length; i++)
        {
            double residual = tokenSums[i] / tokenSamples;   // δ_i
            tokenMeans[i] = shiftDouble[i] + residual;       // m_i
            residualSum += residual;
            residualSquares += residual * residual;
            grandMean += tokenMeans[i];
        }
        grandMean /= length;
        double tokenSpread = 0;
        for (long i = 0; i < length; i++) tokenSpread += (tokenMeans[i] - grandMean) * (tokenMeans[i] - grandMean);
        double shiftTotal = shiftDouble.Sum();
        double featureMeanSum = 0, featureSpread = 0;
        for (long k = 0; k < width; k++)
        {
            double featureMean = (featureSums[k] + runs * shiftTotal) / featureSamples;   // f_k
            featureMeanSum += featureMean;
            featureSpread += (featureMean - grandMean) * (featureMean - grandMean);
        }
        // Σ_ri P_ri², P_ri = R_ri + c_i with c_i = d·a_i − Σ_k f_k: Σ R² + 2 Σ_i c_i T_i + runs·Σ_i c_i².
        double rowSquares = rowSquaresRaw;
        for (long i = 0; i < length; i++)
        {
            double c = width * shiftDouble[i] - featureMeanSum;
            rowSquares += 2 * c * tokenSums[i] + runs * c * c;
        }
        double[] sums = [grandMean, squares, columnSquares, residualSum, residualSquares, tokenSpread, rowSquares, featureSpread];
        return features ? sums : sums[..6];
    }

    // One run [L, d]: z = y − a_i per token; Σ z², per token Σ_k z (row sums, squared and summed), per feature Σ_i z
    // (column sums, squared and summed), token and feature totals.
    private static void AccumulateRun<T>(ReadOnlySpan<T> run, T[] shift, T[] columns, Partial partial, long length, long width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = (int)width;
        Span<T> column = columns;
        column.Clear();
        double squares = 0, rowSquares = 0;
        int vector = Vector256<T>.Count;
        if (d == 1)
        {
            // One feature: a run is L contiguous tokens; vectorise over the tokens.
            ReadOnlySpan<T> shifts = shift;
            Vector256<T> sum = Vector256<T>.Zero, square = Vector256<T>.Zero;
            int i = 0;
            for (; i + vector <= run.Length; i += vector)
            {
                Vector256<T> z = Vector256.Create(run.Slice(i, vector)) - Vector256.Create(shifts.Slice(i, vector));
                sum += z;
                square += z * z;
            }
            double total = double.CreateTruncating(Vector256.Sum(sum));
            squares = double.CreateTruncating(Vector256.Sum(square));
            for (; i < run.Length; i++)
            {
                double z = double.CreateTruncating(run[i] - shifts[i]);
                total += z;
                squares += z * z;
            }
            for (int t = 0; t < run.Length; t++)
            {
                partial.TokenSums[t] += double.CreateTruncating(run[t] - shifts[t]);
            }
            partial.Squares += squares;
            partial.RowSquares += squares;            // R_ri = z_ri when d = 1
            partial.ColumnSquares += total * total;
            partial.FeatureSums[0] += total;
            return;
        }
        for (long i = 0; i < length; i++)
        {
            ReadOnlySpan<T> row = run.Slice((int)(i * width), d);
            Vector256<T> a = Vector256.Create(shift[i]);
            Vector256<T> rowSum = Vector256<T>.Zero, rowSquare = Vector256<T>.Zero;
            int k = 0;
            for (; k + vector <= d; k += vector)
            {
                Vector256<T> z = Vector256.Create(row.Slice(k, vector)) - a;
                rowSum += z;
                rowSquare += z * z;
                (Vector256.Create(column.Slice(k, vector)) + z).CopyTo(column[k..]);
            }
            double r = double.CreateTruncating(Vector256.Sum(rowSum));
            double q = double.CreateTruncating(Vector256.Sum(rowSquare));
            for (; k < d; k++)
            {
                T zt = row[k] - shift[i];
                column[k] += zt;
                double z = double.CreateTruncating(zt);
                r += z;
                q += z * z;
            }
            partial.TokenSums[i] += r;
            rowSquares += r * r;
            squares += q;
        }
        double columnSquares = 0;
        for (int k = 0; k < d; k++)
        {
            double s = double.CreateTruncating(column[k]);
            columnSquares += s * s;
            partial.FeatureSums[k] += s;
        }
        partial.Squares += squares;
        partial.RowSquares += rowSquares;
        partial.ColumnSquares += columnSquares;
    }
}
