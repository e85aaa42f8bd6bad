using System.Numerics;
using System.Runtime.InteropServices;

namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Pair statistics of two distinct attention rows (ATTENTION.md §6.3, <c>predict.py::_pair_stats</c>). The two rows'
/// logits over the keys are i.i.d. bivariate normal with (v, c, v′) = (V̄/D)·W, W ~ Wishart₂(D, [[1, r], [r, 1]]),
/// averaged by the Bartlett decomposition W₁₁ = a, W₁₂ = ra + √(1−r²)√a z, W₂₂ = r²a + 2r√(1−r²)√a z + (1−r²)(z² + e),
/// a ~ χ²_D, z ~ N(0, 1), e ~ χ²_{max(D−1, ½)} with Gauss nodes (reference: 6 × 6 × 5). At each node the "independent normaliser"
/// approximation (A5) gives E⟨P, P′⟩ ≈ L·E[π_v(s) π_{v′}(s′)] and
/// E tr(JJ′) ≈ L·E[κ_v(s) κ_{v′}(s′)] + (1 − 1/L)·E⟨P, P′⟩², κ = π − π⁽²⁾ (the reference's four-term sum, factorised).
/// </summary>
public static class SoftmaxPairFunctionals
{
    // Fast scheme: 5 × 5 × 4 Wishart nodes (100 instead of the reference's 180): changes the pair statistics by ≤ 0.14 %
    // (worst case V̄ = 4, D = 10, L = 512; ≤ 1e-4 elsewhere, measured with the reference before choosing), i.e. ≤ 0.1 %
    // of σ²_{g,in}.
    private const int ChiNodes = 5;
    private const int HermiteNodes = 5;
    private const int ResidualNodes = 4;

    // Faithful scheme: the reference's 6 × 6 × 5 Wishart nodes and 20 × 20 Gauss–Hermite rule.
    private const int ReferenceChiNodes = 6;
    private const int ReferenceHermiteNodes = 6;
    private const int ReferenceResidualNodes = 5;
    private const int ReferenceNormalNodes = 20;
    private const int K = PairCoefficientTable.Terms;

    /// <summary>
    /// The pair statistics, fast: the bivariate-normal expectation at each Wishart node is Mehler's series over the
    /// tabulated Hermite coefficients of π and κ (16 terms; the table per L is built once) on 5 × 5 × 4 Wishart nodes,
    /// instead of the reference's 20×20 Gauss–Hermite rule over linearly interpolated π tables on 6 × 6 × 5 nodes. Against the faithful double integral
    /// (<see cref="ComputeReference"/>) it agrees to ≤ 0.15 % (≤ 1e-4 away from strong saturation); the reference's own 20-node, linear-in-ln v table
    /// carries up to 0.6 % error in O at (V̄ = 4, D = 10, L = 512), which this scheme does not have.
    /// V̄ ≤ 1e-12 returns <see cref="SoftmaxPairStatistics.Uniform"/>, as the reference does. Row variances above the
    /// table (v′ &gt; 64) are clamped to it: the rows are then saturated and the pair terms only enter with r_g.
    /// </summary>
    /// <param name="scoreVarianceVbar">V̄ = (1 − r)S² ≥ 0, the mean row variance of the logits.</param>
    /// <param name="r">Token correlation of the input, the mean correlation of the two rows' logits, in [−1, 1].</param>
    /// <param name="effectiveDimension">D, the Wishart degrees of freedom (ATTENTION.md §6.1, <see cref="AttentionGradientFormulas.EffectiveDimension"/>).</param>
    /// <param name="length">L ≥ 2.</param>
    public static SoftmaxPairStatistics Compute(double scoreVarianceVbar, double r, double effectiveDimension, int length)
    {
        Require.AtLeast(length, 2, "seq-len");
        if (!(scoreVarianceVbar > 1e-12)) return SoftmaxPairStatistics.Uniform(length);
        // A model asks for the same pair statistics (same V̄, r, D, L) in the forward and the backward pass of every attention
        // sub-layer, and in Pre-LN the whole forward sweep runs between the two. A bounded per-thread memo of this pure function
        // (cleared when full) turns the backward sweep's requests into lookups: 1000-layer Pre-LN `full` went from ~55 to ~30 ms.
        var key = (scoreVarianceVbar, r, effectiveDimension, length);
        var memo = Memo ??= new Dictionary<(double, double, double, int), SoftmaxPairStatistics>(MemoCapacity);
        if (memo.TryGetValue(key, out var known)) return known;
        var value = ComputeUncached(scoreVarianceVbar, r, effectiveDimension, length);
        if (memo.Count >= MemoCapacity) memo.Clear();
        memo[key] = value;
        return value;
    }

    /// <summary>
    /// Forgets this thread's memoised pair statistics (the per-L coefficient tables stay). Benchmarks call it to time a
    /// model's first prediction rather than a repeat, which the memo answers from memory.
    /// </summary>
    public static void ClearMemo() => Memo?.Clear();

    // 4096 entries of 64 bytes: enough for the forward sweep of a 4000-layer model; beyond that the memo restarts.
    private const int MemoCapacity = 4096;
    [ThreadStatic] private static Dictionary<(double, double, double, int), SoftmaxPairStatistics>? Memo;

    private static SoftmaxPairStatistics ComputeUncached(double scoreVarianceVbar, double r, double effectiveDimension, int length)
    {
        var table = PairCoefficientTable.For(length);
        var chi = GaussQuadrature.ChiSquared(effectiveDimension, ChiNodes);
        var normal = GaussQuadrature.Hermite(HermiteNodes);
        var residual = GaussQuadrature.ChiSquared(Math.Max(effectiveDimension - 1, 0.5), ResidualNodes);
        double scale = scoreVarianceVbar / effectiveDimension;
        double sr = Math.Sqrt(Math.Max(1 - r * r, 0));
        Span<double> first = stackalloc double[2 * K];
        Span<double> second = stackalloc double[2 * K];
        Span<double> powers = stackalloc double[2 * K];
        double o = 0, ok = 0, co = 0, cok = 0, invL = 1.0 / length;
        for (int ia = 0; ia < ChiNodes; ia++)
        {
            double a = chi.Nodes[ia], sa = Math.Sqrt(a);
            double v = scale * a;
            table.Evaluate(v, first); // the first row's variance depends on a only: one lookup per chi node
            for (int iz = 0; iz < HermiteNodes; iz++)
            {
                double z = normal.Nodes[iz];
                double w12 = r * a + sr * sa * z;
                double c = scale * w12;
                for (int ie = 0; ie < ResidualNodes; ie++)
                {
                    double w22 = r * r * a + 2 * r * sr * sa * z + (1 - r * r) * (z * z + residual.Nodes[ie]);
                    double vp = scale * w22;
                    double weight = chi.Weights[ia] * normal.Weights[iz] * residual.Weights[ie];
                    table.Evaluate(vp, second);
                    double rho = v > 0 && vp > 0 ? Math.Clamp(c / Math.Sqrt(v * vp), -1.0, 1.0) : 0.0;
                    double power = 1;
                    for (int k = 0; k < K; k++)
                    {
                        powers[k] = power;
                        powers[K + k] = power;
                        power *= rho;
                    }
                    // Mehler: Σ_k ρ^k a_k b_k for π (first half) and κ (second half), as one SIMD pass over 2K terms.
                    var pv = MemoryMarshal.Cast<double, Vector<double>>(powers);
                    var fv = MemoryMarshal.Cast<double, Vector<double>>(first);
                    var sv2 = MemoryMarshal.Cast<double, Vector<double>>(second);
                    int half = pv.Length / 2;
                    Vector<double> accP = Vector<double>.Zero, accK = Vector<double>.Zero;
                    for (int i = 0; i < half; i++) accP += pv[i] * fv[i] * sv2[i];
                    for (int i = half; i < pv.Length; i++) accK += pv[i] * fv[i] * sv2[i];
                    double sumP = Vector.Sum(accP), sumK = Vector.Sum(accK);
                    double overlap = length * sumP;
                    double trace = length * sumK + (1 - invL) * overlap * overlap;
                    o += weight * overlap;
                    ok += weight * trace;
                    co += weight * c * overlap;
                    cok += weight * c * trace;
                }
            }
        }
        return new SoftmaxPairStatistics(o, ok, co, cok);
    }

    /// <summary>
    /// The faithful scheme of <c>predict.py::_pair_stats</c>: the same Wishart nodes and, at each node, the 20 × 20
    /// Gauss–Hermite double sum over (s, s′) — but with π and π⁽²⁾ evaluated directly by their Laplace integrals instead
    /// of bilinear interpolation in the reference's (20 values of v, Δs = 0.05) table. Slow (~0.1–1 s); it is the oracle
    /// for the fast <see cref="Compute"/>.
    /// </summary>
    /// <param name="scoreVarianceVbar">V̄ ≥ 0.</param>
    /// <param name="r">Input token correlation.</param>
    /// <param name="effectiveDimension">D.</param>
    /// <param name="length">L ≥ 2.</param>
    public static SoftmaxPairStatistics ComputeReference(double scoreVarianceVbar, double r, double effectiveDimension, int length)
    {
        Require.AtLeast(length, 2, "seq-len");
        if (!(scoreVarianceVbar > 1e-12)) return SoftmaxPairStatistics.Uniform(length);
        var chi = GaussQuadrature.ChiSquared(effectiveDimension, ReferenceChiNodes);
        var normal = GaussQuadrature.Hermite(ReferenceHermiteNodes);
        var residual = GaussQuadrature.ChiSquared(Math.Max(effectiveDimension - 1, 0.5), ReferenceResidualNodes);
        var gh = GaussQuadrature.Hermite(ReferenceNormalNodes);
        int h = ReferenceNormalNodes;
        double scale = scoreVarianceVbar / effectiveDimension;
        double sr = Math.Sqrt(Math.Max(1 - r * r, 0));
        var p1 = new double[h];
        var p2 = new double[h];
        var q1 = new double[h];
        var q2 = new double[h];
        var zs = new double[h];
        double o = 0, ok = 0, co = 0, cok = 0;
        for (int ia = 0; ia < ReferenceChiNodes; ia++)
        {
            double a = chi.Nodes[ia], sa = Math.Sqrt(a), v = scale * a;
            PairCoefficientTable.Conditional(v, length, gh.Nodes, p1, p2);
            for (int iz = 0; iz < ReferenceHermiteNodes; iz++)
            {
                double z = normal.Nodes[iz];
                double c = scale * (r * a + sr * sa * z);
                for (int ie = 0; ie < ReferenceResidualNodes; ie++)
                {
                    double vp = scale * (r * r * a + 2 * r * sr * sa * z + (1 - r * r) * (z * z + residual.Nodes[ie]));
                    double weight = chi.Weights[ia] * normal.Weights[iz] * residual.Weights[ie];
                    double slope = c / v, csd = Math.Sqrt(Math.Max(vp - c * c / v, 0));
                    var laplace = PairCoefficientTable.LaplaceWeights(vp, length);
                    double sumO = 0, sumK = 0;
                    for (int i = 0; i < h; i++)
                    {
                        double s = Math.Sqrt(v) * gh.Nodes[i];
                        // s′ = (c/v)s + √(v′ − c²/v)·z′, expressed as a standardised node for the v′ conditional tables.
                        for (int j = 0; j < h; j++) zs[j] = (slope * s + csd * gh.Nodes[j]) / Math.Sqrt(vp);
                        PairCoefficientTable.Conditional(laplace, vp, zs, q1, q2);
                        double innerO = 0, innerK = 0;
                        for (int j = 0; j < h; j++)
                        {
                            innerO += gh.Weights[j] * q1[j];
                            innerK += gh.Weights[j] * (q1[j] - q2[j]);
                        }
                        sumO += gh.Weights[i] * p1[i] * innerO;
                        sumK += gh.Weights[i] * (p1[i] - p2[i]) * innerK;
                    }
                    double overlap = length * sumO;
                    double trace = length * sumK + (1 - 1.0 / length) * overlap * overlap;
                    o += weight * overlap;
                    ok += weight * trace;
                    co += weight * c * overlap;
                    cok += weight * c * trace;
                }
            }
        }
        return new SoftmaxPairStatistics(o, ok, co, cok);
    }
}
