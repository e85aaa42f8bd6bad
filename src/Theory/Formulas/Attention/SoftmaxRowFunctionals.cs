using System.Runtime.CompilerServices;

namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Exact functionals of a softmax row of L i.i.d. N(0, v) logits by the Laplace transform (ATTENTION.md §6.2):
/// Z^{−k} = Γ(k)^{−1} ∫₀^∞ t^{k−1} e^{−tZ} dt factorises over the i.i.d. logits, so with φ(t) = E e^{−te^s} and
/// ψ_{k,m}(t) = E[e^{ks} s^m e^{−te^s}] every functional is a 1-D integral over u = log t of products of 1-D Gaussian
/// integrals, e.g. m₂ = L ∫ t ψ_{2,0} φ^{L−1} dt and m₂₂ = m₄ + L(L−1) ∫ t³/6 ψ_{2,0}² φ^{L−2} dt. This is a
/// line-by-line port of <c>softmax_stats.py::row_stats</c> with the same grids (u step 0.25 on
/// [−9√v − ln L − 10, 9√v + 10], s = √v x with x on 121 points of [−9, 9]), so it reproduces the reference to rounding.
/// The grids resolve the integrands up to v ≈ 64–256 (logit standard deviation 8–16); larger v are clamped to
/// <see cref="MaximumVariance"/>, where the row is already nearly one-hot.
/// </summary>
public static class SoftmaxRowFunctionals
{
    /// <summary>The largest row variance evaluated; larger v are clamped to it (the x grid no longer resolves e^{ks − te^s}).</summary>
    public const double MaximumVariance = 256.0;

    private const int XCount = 121;
    private const double USpacing = 0.25;
    private static readonly double[] X = BuildX();
    private static readonly double[] WX = BuildWx();

    /// <summary>
    /// The functionals at row variance v and length L (ATTENTION.md §6.2, <c>row_stats</c>). v = 0 gives the exact
    /// uniform row (<see cref="SoftmaxRowStatistics.Uniform"/>); v &gt; <see cref="MaximumVariance"/> is clamped. Cost:
    /// ~(18√v + ln L + 20)·4 × 121 exponentials, 0.1–2 ms; use <see cref="SoftmaxRowTable"/> for repeated evaluations.
    /// </summary>
    /// <param name="v">Row variance of the logits, v ≥ 0.</param>
    /// <param name="length">L ≥ 1.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // table builds: skip tier-0 code
    public static SoftmaxRowStatistics Compute(double v, int length)
    {
        Require.AtLeast(length, 1, "seq-len");
        if (double.IsNaN(v) || v < 0) throw Require.Fail(nameof(v), v, "a number ≥ 0");
        if (v == 0) return SoftmaxRowStatistics.Uniform(length);
        v = Math.Min(v, MaximumVariance);
        double L = length;
        double sv = Math.Sqrt(v);
        // f[j][x] = WX·e^{ks}·s^m for the 11 (k, m) pairs the functionals need.
        Span<double> s = stackalloc double[XCount];
        Span<double> es = stackalloc double[XCount];
        var f = new double[11 * XCount];
        for (int i = 0; i < XCount; i++)
        {
            s[i] = sv * X[i];
            es[i] = Math.Exp(s[i]);
            double e1 = es[i], e2 = e1 * e1, e3 = e2 * e1, e4 = e2 * e2, si = s[i], w = WX[i];
            f[0 * XCount + i] = w * e1;            // ψ10
            f[1 * XCount + i] = w * e2;            // ψ20
            f[2 * XCount + i] = w * e3;            // ψ30
            f[3 * XCount + i] = w * e4;            // ψ40
            f[4 * XCount + i] = w * e2 * si;       // ψ21
            f[5 * XCount + i] = w * e1 * si;       // ψ11
            f[6 * XCount + i] = w * e3 * si;       // ψ31
            f[7 * XCount + i] = w * e2 * si * si;  // ψ22
            f[8 * XCount + i] = w * e3 * si * si;  // ψ32
            f[9 * XCount + i] = w * e4 * si * si;  // ψ42
            f[10 * XCount + i] = w * e1 * si * si; // ψ12
        }
        (double umin, int count) = UGrid(v, length);
        // ψ_j(u) = Σ_x e^{−t e^{s_x}}·f_j(x) for all u at once: one (U × 121)·(121 × 11) product by MathNet's optimised
        // kernel (it dominates the cost; a plain loop is ~10× slower in unoptimised builds).
        // ψ_j(u) = Σ_x e^{−t e^{s_x}}·f_j(x). Entries with t·e^s > 50 are skipped: there e^{−te^s}·e^{ks} is below
        // 1e-15 of the integrand's maximum (ks − te^s peaks at (k/t)^k e^{−k}), so the sums are unchanged to rounding.
        var psiAll = new double[count * 11];
        var phiAll = new double[count];
        for (int iu = 0; iu < count; iu++)
        {
            double t = Math.Exp(umin + iu * USpacing);
            double phi = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0, q6 = 0, q7 = 0, q8 = 0, q9 = 0, q10 = 0;
            for (int i = 0; i < XCount; i++)
            {
                double te = t * es[i];
                if (te > 50) break; // es is increasing in x
                double b = Math.Exp(-te);
                phi += WX[i] * b;
                q0 += b * f[i]; q1 += b * f[XCount + i]; q2 += b * f[2 * XCount + i]; q3 += b * f[3 * XCount + i];
                q4 += b * f[4 * XCount + i]; q5 += b * f[5 * XCount + i]; q6 += b * f[6 * XCount + i]; q7 += b * f[7 * XCount + i];
                q8 += b * f[8 * XCount + i]; q9 += b * f[9 * XCount + i]; q10 += b * f[10 * XCount + i];
            }
            phiAll[iu] = phi;
            int o = iu * 11;
            psiAll[o] = q0; psiAll[o + 1] = q1; psiAll[o + 2] = q2; psiAll[o + 3] = q3; psiAll[o + 4] = q4; psiAll[o + 5] = q5;
            psiAll[o + 6] = q6; psiAll[o + 7] = q7; psiAll[o + 8] = q8; psiAll[o + 9] = q9; psiAll[o + 10] = q10;
        }
        // Accumulators: each is Σ_u du·t^power/power!·integrand·φ^{L−k}, named after the reference's I(...) calls.
        double i1p1 = 0, i2p2 = 0, i3p3 = 0, i4p4 = 0, i4p2p2 = 0, i2p21 = 0, i3p31 = 0, i3p2p11 = 0, i2p22 = 0, i3p32 = 0,
            i3p21p11 = 0, i4p42 = 0, i4p2p22 = 0, i4p31p11 = 0, i4p2p11p11 = 0, i1p12 = 0, i2p11p11 = 0;
        for (int iu = 0; iu < count; iu++)
        {
            double t = Math.Exp(umin + iu * USpacing);
            double logphi = Math.Log(Math.Max(phiAll[iu], 1e-300));
            double pw1 = Math.Exp((L - 1) * logphi), pw2 = Math.Exp((L - 2) * logphi), pw3 = Math.Exp((L - 3) * logphi);
            double t2 = t * t, t3 = t2 * t, t4 = t2 * t2;
            double a1 = t * USpacing, a2 = t2 * USpacing, a3 = t3 / 2 * USpacing, a4 = t4 / 6 * USpacing;
            int o = iu * 11;
            double p1 = psiAll[o], p2 = psiAll[o + 1], p3 = psiAll[o + 2], p4 = psiAll[o + 3], p21 = psiAll[o + 4],
                p11 = psiAll[o + 5], p31 = psiAll[o + 6], p22 = psiAll[o + 7], p32 = psiAll[o + 8], p42 = psiAll[o + 9], p12 = psiAll[o + 10];
            i1p1 += a1 * p1 * pw1;
            i2p2 += a2 * p2 * pw1;
            i3p3 += a3 * p3 * pw1;
            i4p4 += a4 * p4 * pw1;
            i4p2p2 += a4 * p2 * p2 * pw2;
            i2p21 += a2 * p21 * pw1;
            i3p31 += a3 * p31 * pw1;
            i3p2p11 += a3 * p2 * p11 * pw2;
            i2p22 += a2 * p22 * pw1;
            i3p32 += a3 * p32 * pw1;
            i3p21p11 += a3 * p21 * p11 * pw2;
            i4p42 += a4 * p42 * pw1;
            i4p2p22 += a4 * p2 * p22 * pw2;
            i4p31p11 += a4 * p31 * p11 * pw2;
            i4p2p11p11 += a4 * p2 * p11 * p11 * pw3;
            i1p12 += a1 * p12 * pw1;
            i2p11p11 += a2 * p11 * p11 * pw2;
        }
        double ll1 = L * (L - 1), ll2 = L * (L - 1) * (L - 2);
        double m1 = L * i1p1, m2 = L * i2p2, m3 = L * i3p3, m4 = L * i4p4;
        double m22 = m4 + ll1 * i4p2p2;
        double ep2s = L * i2p21, ep3s = L * i3p31;
        double ep2sbar = ep3s + ll1 * i3p2p11;
        double a1s = L * i2p22;
        double a2s = L * i3p32 + ll1 * i3p21p11;
        double a3s = L * i4p42 + ll1 * i4p2p22 + 2 * ll1 * i4p31p11 + ll2 * i4p2p11p11;
        double ep3s2 = L * i3p32;
        double ep2p2s2 = L * i4p42 + ll1 * i4p2p22;
        return new SoftmaxRowStatistics(
            M1: m1, M2: m2, M3: m3, M4: m4, M22: m22, F: m2 - 2 * m3 + m22,
            H1: ep2s - ep2sbar, H2: ep2s - ep3s,
            G: (a1s - 2 * a2s + a3s) / v,
            Tt: (a1s - 2 * ep3s2 + ep2p2s2) / v,
            TJt: (L * i1p12 - a1s - ll1 * i2p11p11) / v,
            Pt2: L * i1p12 / v,
            P2t2: a1s / v);
    }

    /// <summary>The reference's u = log t grid: start −9√v − ln L − 10, step 0.25, numpy <c>arange</c> length up to 9√v + 10.</summary>
    internal static (double Start, int Count) UGrid(double v, int length)
    {
        double sv = Math.Sqrt(v);
        double umin = -9.0 * sv - Math.Log(length) - 10.0;
        double umax = 9.0 * sv + 10.0;
        return (umin, (int)Math.Ceiling((umax + USpacing - umin) / USpacing));
    }

    /// <summary>u-grid spacing of the Laplace integral.</summary>
    internal const double UStep = USpacing;

    /// <summary>The standard-normal x grid (121 points on [−9, 9]) and its normalised trapezoid weights.</summary>
    internal static ReadOnlySpan<double> XGrid => X;

    /// <inheritdoc cref="XGrid"/>
    internal static ReadOnlySpan<double> XWeights => WX;

    private static double[] BuildX()
    {
        var x = new double[XCount];
        for (int i = 0; i < XCount; i++) x[i] = -9.0 + 18.0 * i / (XCount - 1);
        return x;
    }

    private static double[] BuildWx()
    {
        var w = new double[XCount];
        double sum = 0;
        for (int i = 0; i < XCount; i++) { w[i] = Math.Exp(-(-9.0 + 18.0 * i / (XCount - 1)) * (-9.0 + 18.0 * i / (XCount - 1)) / 2); sum += w[i]; }
        for (int i = 0; i < XCount; i++) w[i] /= sum;
        return w;
    }
}
