using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Per-length table, on the grid of <see cref="LogVarianceGrid"/>, of the normalised Hermite coefficients
/// a_k(v) = E[f(√v Z) He_k(Z)]/√k!, k &lt; <see cref="Terms"/>, of the two conditional softmax weights of ATTENTION.md §6.3
/// (the reference's <c>CondTable</c>): f = π_v(s) = E[P₁ | s₁ = s] = e^s ∫ e^{−te^s} φ_v^{L−1} dt and
/// f = κ_v = π_v − π⁽²⁾_v, π⁽²⁾_v(s) = E[P₁² | s₁ = s] = e^{2s} ∫ t e^{−te^s} φ_v^{L−1} dt.
/// By Mehler's formula, for (s, s′) bivariate normal with variances v, v′ and correlation ρ,
/// E[f(s) g(s′)] = Σ_k ρ^k a_k(v) b_k(v′), which turns the reference's 20×20 Gauss–Hermite double sum over two
/// interpolated tables into a 16-term dot product (16 terms reproduce the converged double integral to ≤ 1e-4 relative
/// for ρ ≤ 0.95 and v ≤ 8, checked against the reference before choosing).
/// </summary>
internal sealed class PairCoefficientTable
{
    /// <summary>Number of Hermite terms kept.</summary>
    public const int Terms = 16;

    /// <summary>Gauss–Hermite nodes used to project π and κ on the Hermite polynomials.</summary>
    private const int ProjectionNodes = 64;

    private static readonly ConcurrentDictionary<int, Lazy<PairCoefficientTable>> Tables = new();

    // coefficients[i * 2K + k] = a_k(π) at node i; [i * 2K + K + k] = a_k(κ).
    private readonly double[] coefficients;
    private readonly double[] uniformCoefficients = new double[2 * Terms];

    private PairCoefficientTable(int length)
    {
        var watch = Stopwatch.StartNew();
        Length = length;
        int n = LogVarianceGrid.Count;
        coefficients = new double[n * 2 * Terms];
        for (int i = 0; i < n; i++) Project(LogVarianceGrid.Variance(i), length, coefficients.AsSpan(i * 2 * Terms, 2 * Terms));
        uniformCoefficients[0] = 1.0 / length;
        uniformCoefficients[Terms] = 1.0 / length - 1.0 / ((double)length * length);
        BuildTime = watch.Elapsed;
    }

    public int Length { get; }

    public TimeSpan BuildTime { get; }

    public static PairCoefficientTable For(int length)
        => Tables.GetOrAdd(length, l => new Lazy<PairCoefficientTable>(() => new PairCoefficientTable(l), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Writes the 2K coefficients (π then κ) at variance v; v above the grid is clamped to its top (saturated rows).</summary>
    public void Evaluate(double v, Span<double> destination)
    {
        int m = 2 * Terms;
        if (v <= 0)
        {
            uniformCoefficients.CopyTo(destination);
            return;
        }
        if (v < LogVarianceGrid.MinimumVariance)
        {
            double blend = v / LogVarianceGrid.MinimumVariance;
            for (int k = 0; k < m; k++) destination[k] = uniformCoefficients[k] + (coefficients[k] - uniformCoefficients[k]) * blend;
            return;
        }
        v = Math.Min(v, LogVarianceGrid.MaximumVariance);
        Span<double> weights = stackalloc double[LogVarianceGrid.Points];
        int start = LogVarianceGrid.Stencil(v, weights);
        // SIMD over the 2K = 32 coefficients (this lookup is the inner loop of the pair quadrature: 180 per evaluation).
        var result = MemoryMarshal.Cast<double, Vector<double>>(destination[..m]);
        var row = MemoryMarshal.Cast<double, Vector<double>>(coefficients.AsSpan(start * m, m));
        var w = new Vector<double>(weights[0]);
        for (int i = 0; i < result.Length; i++) result[i] = row[i] * w;
        for (int q = 1; q < LogVarianceGrid.Points; q++)
        {
            row = MemoryMarshal.Cast<double, Vector<double>>(coefficients.AsSpan((start + q) * m, m));
            w = new Vector<double>(weights[q]);
            for (int i = 0; i < result.Length; i++) result[i] += row[i] * w;
        }
    }

    /// <summary>Hermite coefficients of π_v and κ_v by Gauss–Hermite projection (64 nodes), π from the Laplace integral.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // table builds: skip tier-0 code
    internal static void Project(double v, int length, Span<double> destination)
    {
        var rule = GaussQuadrature.Hermite(ProjectionNodes);
        Span<double> pi1 = stackalloc double[ProjectionNodes];
        Span<double> pi2 = stackalloc double[ProjectionNodes];
        Conditional(v, length, rule.Nodes, pi1, pi2);
        destination.Clear();
        Span<double> h = stackalloc double[Terms];
        for (int j = 0; j < ProjectionNodes; j++)
        {
            double z = rule.Nodes[j], w = rule.Weights[j];
            h[0] = 1.0;
            if (Terms > 1) h[1] = z;
            for (int k = 1; k + 1 < Terms; k++) h[k + 1] = (z * h[k] - Math.Sqrt(k) * h[k - 1]) / Math.Sqrt(k + 1);
            double p = pi1[j], kappa = pi1[j] - pi2[j];
            for (int k = 0; k < Terms; k++)
            {
                destination[k] += w * p * h[k];
                destination[Terms + k] += w * kappa * h[k];
            }
        }
    }

    /// <summary>
    /// π_v(s) and π⁽²⁾_v(s) at s = √v·z for the given z (the reference's <c>CondTable</c> integrals, evaluated directly).
    /// </summary>
    internal static void Conditional(double v, int length, ReadOnlySpan<double> z, Span<double> pi1, Span<double> pi2)
        => Conditional(LaplaceWeights(v, length), v, z, pi1, pi2);

    /// <summary>
    /// The t-integration weights du·t·φ_v(t)^{L−1} on the u = ln t grid (row grid extended by 10 at the bottom so the
    /// truncation of the t-integral, ~e^{u_min}, is ~1e-9), paired with t; zero entries are dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // table builds: skip tier-0 code
    internal static (double T, double Weight)[] LaplaceWeights(double v, int length)
    {
        (double umin, int count) = SoftmaxRowFunctionals.UGrid(v, length);
        umin -= 10.0;
        count += 40;
        double du = SoftmaxRowFunctionals.UStep;
        var x = SoftmaxRowFunctionals.XGrid;
        var wx = SoftmaxRowFunctionals.XWeights;
        double sv = Math.Sqrt(v);
        Span<double> es = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++) es[i] = Math.Exp(sv * x[i]);
        var result = new List<(double, double)>(count);
        for (int iu = 0; iu < count; iu++)
        {
            double t = Math.Exp(umin + iu * du);
            double phi = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double te = t * es[i];
                if (te > 50) break; // e^{−50}: negligible, and es increases with x
                phi += wx[i] * Math.Exp(-te);
            }
            double pw = Math.Exp((length - 1) * Math.Log(Math.Max(phi, 1e-300)));
            // φ^{L−1} < 1e-250 contributes nothing measurable, and denormal weights would make every product in
            // Conditional take the slow floating-point path (the pair-table build was 10× slower at L = 1000).
            if (pw > 1e-250) result.Add((t, du * t * pw));
        }
        return result.ToArray();
    }

    /// <summary>π_v(√v z) and π⁽²⁾_v(√v z) from precomputed <see cref="LaplaceWeights"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // table builds: skip tier-0 code
    internal static void Conditional((double T, double Weight)[] laplace, double v, ReadOnlySpan<double> z, Span<double> pi1, Span<double> pi2)
    {
        double sv = Math.Sqrt(v);
        for (int j = 0; j < z.Length; j++)
        {
            double a = Math.Exp(sv * z[j]);
            double s1 = 0, s2 = 0;
            foreach (var (t, w) in laplace)
            {
                double ta = t * a;
                if (ta > 50) break; // t increases along the grid; e^{−50} is negligible against the peak near ta ≈ 1
                double kern = w * Math.Exp(-ta);
                s1 += kern;
                s2 += kern * t;
            }
            pi1[j] = s1 * a;
            pi2[j] = s2 * a * a;
        }
    }
}
