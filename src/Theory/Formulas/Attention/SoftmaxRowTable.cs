using System.Collections.Concurrent;
using System.Diagnostics;

namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// A per-length table of the softmax row functionals of <see cref="SoftmaxRowFunctionals.Compute"/> (ATTENTION.md §6.2)
/// on the grid of <see cref="LogVarianceGrid"/> (v ∈ [1e-6, 256], step 0.1 in ln v), interpolated with 6-point Lagrange
/// in ln v on ln f (the functionals are positive and close to exponential in v). Tables are built lazily once per L,
/// thread-safely (<see cref="Lazy{T}"/> in a <see cref="ConcurrentDictionary{TKey, TValue}"/>), and kept for the process.
/// Outside the grid: v &lt; 1e-6 interpolates linearly in v between the exact uniform row (v = 0) and the first node
/// (error O(v²) ≈ 1e-12); v &gt; 256 is clamped to 256 (as <see cref="SoftmaxRowFunctionals.Compute"/> does: the row is one-hot to within the quadrature's resolution). Accuracy against <c>Compute</c>: ≤ 1e-6 relative
/// on m₂, ≤ 1e-5 on the others except M1 and τ_J, which carry the reference grid's own ~4e-5 truncation offset
/// (the u grid starts at a v-dependent point) and agree to ≤ 1e-4.
/// </summary>
public sealed class SoftmaxRowTable
{
    private static readonly ConcurrentDictionary<int, Lazy<SoftmaxRowTable>> Tables = new();

    // values[i * Count + k]: ln f_k at node i when logarithmic[k], else f_k.
    private readonly double[] values;
    private readonly bool[] logarithmic = new bool[SoftmaxRowStatistics.Count];
    private readonly SoftmaxRowStatistics uniform;
    private readonly SoftmaxRowStatistics first;

    private SoftmaxRowTable(int length)
    {
        var watch = Stopwatch.StartNew();
        Length = length;
        int n = LogVarianceGrid.Count, m = SoftmaxRowStatistics.Count;
        values = new double[n * m];
        for (int i = 0; i < n; i++)
            SoftmaxRowFunctionals.Compute(LogVarianceGrid.Variance(i), length).CopyTo(values.AsSpan(i * m, m));
        for (int k = 0; k < m; k++)
        {
            bool positive = true;
            for (int i = 0; i < n && positive; i++) positive = values[i * m + k] > 0;
            logarithmic[k] = positive;
            if (positive) for (int i = 0; i < n; i++) values[i * m + k] = Math.Log(values[i * m + k]);
        }
        uniform = SoftmaxRowStatistics.Uniform(length);
        first = SoftmaxRowFunctionals.Compute(LogVarianceGrid.MinimumVariance, length);
        BuildTime = watch.Elapsed;
    }

    /// <summary>The sequence length L of this table.</summary>
    public int Length { get; }

    /// <summary>Wall-clock time spent building the table (for the build-cost report).</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>The table for length L, built on first use (thread-safe, memoised for the process).</summary>
    /// <param name="length">L ≥ 1.</param>
    public static SoftmaxRowTable For(int length)
    {
        Require.AtLeast(length, 1, "seq-len");
        return Tables.GetOrAdd(length, l => new Lazy<SoftmaxRowTable>(() => new SoftmaxRowTable(l), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>The row functionals at variance v (≥ 0), interpolated as described on the type.</summary>
    /// <param name="v">Row variance of the logits.</param>
    public SoftmaxRowStatistics Evaluate(double v)
    {
        if (double.IsNaN(v) || v < 0) throw Require.Fail(nameof(v), v, "a number ≥ 0");
        if (v == 0) return uniform;
        // Beyond the grid the row is one-hot to within the quadrature's resolution: clamp, exactly as Compute does.
        v = Math.Min(v, LogVarianceGrid.MaximumVariance);
        int m = SoftmaxRowStatistics.Count;
        Span<double> result = stackalloc double[SoftmaxRowStatistics.Count];
        if (v < LogVarianceGrid.MinimumVariance)
        {
            Span<double> u = stackalloc double[SoftmaxRowStatistics.Count];
            Span<double> f = stackalloc double[SoftmaxRowStatistics.Count];
            uniform.CopyTo(u);
            first.CopyTo(f);
            double w = v / LogVarianceGrid.MinimumVariance;
            for (int k = 0; k < m; k++) result[k] = u[k] + (f[k] - u[k]) * w;
            return SoftmaxRowStatistics.From(result);
        }
        Span<double> weights = stackalloc double[LogVarianceGrid.Points];
        int start = LogVarianceGrid.Stencil(v, weights);
        var span = values.AsSpan(start * m, LogVarianceGrid.Points * m);
        for (int k = 0; k < m; k++)
        {
            double y = 0;
            for (int q = 0; q < LogVarianceGrid.Points; q++) y += weights[q] * span[q * m + k];
            result[k] = logarithmic[k] ? Math.Exp(y) : y;
        }
        return SoftmaxRowStatistics.From(result);
    }
}
