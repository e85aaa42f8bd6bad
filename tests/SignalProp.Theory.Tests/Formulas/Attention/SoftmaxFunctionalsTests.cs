using SignalProp.Theory.Formulas.Attention;
using SignalProp.Theory.Tests.Support;
using Xunit.Abstractions;

namespace SignalProp.Theory.Tests.Formulas.Attention;

/// <summary>Softmax row and pair functionals (ATTENTION.md §6.2, §6.3) against the reference, Monte Carlo and identities.</summary>
public class SoftmaxFunctionalsTests(ITestOutputHelper output)
{
    // source: softmax_stats.py::row_stats (attention_reference.py), ATTENTION.md §6.2.
    // v, L, m1, m2, m3, m4, m22, F, H1, H2, G, Tt, tJt
    private static readonly double[][] Rows =
    [
        new[] { 0.0001, 32.0, 0.9999634770956936, 0.03125302744599948, 0.0009768463516168125, 3.053532137388008e-05, 0.0009767517264285227, 0.030276086469194382, 3.0275897198079827e-06, 5.771342909803629e-06, 0.03027854624745661, 0.030286363454443244, 0.9687043908180346 },
        new[] { 0.01, 2.0, 0.9999836717035133, 0.5024753477816362, 0.25371302177291855, 0.12872209379712463, 0.2524934918970279, 0.24754279613282698, 0.0024510373631406643, 0.0012255186809005348, 0.24271212255557612, 0.24512745934286553, 0.49260608591530347 },
        new[] { 0.5, 32.0, 0.9999999116150287, 0.04943616821155034, 0.003707645578586098, 0.00040036602754123815, 0.002527053957328341, 0.04454793101170649, 0.021093373884595416, 0.04076760330639696, 0.05575235703605193, 0.10559397526561587, 0.9083769514418045 },
        new[] { 1.0, 128.0, 0.9999999918691752, 0.02019171573308334, 0.0009501702784728871, 8.862310513054185e-05, 0.0004518388243314142, 0.01874321400046898, 0.017746551092186178, 0.03589844938919388, 0.030904061491134508, 0.07898466331956121, 0.9443151658208949 },
        new[] { 2.5, 1000.0, 0.9999999999079894, 0.0105708297606107, 0.0006685322575114953, 0.00011630869026693035, 0.00020767877187542245, 0.009441444017463132, 0.021299342615477432, 0.04536981076116178, 0.022930024366533262, 0.0832381698697567, 0.9468304846860438 },
        new[] { 4.0, 32.0, 0.9999999999955063, 0.22837429772266515, 0.10098135364952565, 0.05801055485852792, 0.07367232065510049, 0.10008391107871434, 0.18186338035946426, 0.5034939670931504, 0.05351556351007991, 0.36591743104233254, 0.40789894153592754 },
        new[] { 8.0, 512.0, 1.0000000000000375, 0.14703788016699712, 0.06172385298660232, 0.03564568755312291, 0.041738661695007034, 0.06532883588879951, 0.202867626444873, 0.7391484644828105, 0.04331942030910718, 0.577588058315251, 0.4472268669431534 },
        new[] { 20.0, 128.0, 1.000000000000015, 0.4567238428539804, 0.3154989217629014, 0.24743775833972528, 0.2722518305973447, 0.09797782992552229, 0.22967295135062304, 1.5653270379830824, 0.010141289139875198, 0.5658262979061306, 0.08393025443412369 },
        new[] { 0.13, 1000.0, 0.9999983381843427, 0.0011386264985250917, 1.476098522280052e-06, 2.1785545285066245e-09, 1.2965343832284326e-06, 0.00113697083586376, 0.00014775952198591905, 0.0002950842752133079, 0.001283488864767769, 0.0017243704238768137, 0.9985639766059778 },
        new[] { 3.0, 2.0, 0.9999999999695843, 0.7341441052653077, 0.6012161578979647, 0.517646908397358, 0.567005606264154, 0.09871739573353233, 0.09088887739822826, 0.045444438699106526, 0.016788587332963473, 0.05775299153325634, 0.08407813981654383 },
    ];

    // source: predict.py::_pair_stats with refined CondTable (nv = 80, ds = 0.01, 40×40 Gauss–Hermite), attention_reference.py, ATTENTION.md §6.3.
    // V̄, r, D, L, O, O_K, cO, cO_K
    private static readonly double[][] Pairs =
    [
        new[] { 4.0, 0.0, 10.18272218769422, 512.0, 0.0032155181873831395, 0.002643507323033413, 0.004044409646931259, 0.002954995799462154 },
        new[] { 0.5, 0.5, 10.18272218769422, 32.0, 0.03935824648722872, 0.036025955295363246, 0.010905550799202583, 0.009802139922929323 },
        new[] { 2.0, 0.3333333333333333, 20.680340801514674, 32.0, 0.05190502049839257, 0.03797404715933804, 0.04171513947406293, 0.029148943556767642 },
        new[] { 1.3, 0.6666666666666666, 14.020645023265764, 128.0, 0.018212787278453213, 0.016317478756284816, 0.018602588308745206, 0.016227414427515772 },
    ];

    // The reference row_stats has no ΣPt², ΣP²t² (added for the forward pass): they are checked by Monte Carlo below.
    private static double[] Values(SoftmaxRowStatistics s) => [s.M1, s.M2, s.M3, s.M4, s.M22, s.F, s.H1, s.H2, s.G, s.Tt, s.TJt];

    private static double[] AllValues(SoftmaxRowStatistics s) => [.. Values(s), s.Pt2, s.P2t2];

    private static readonly string[] Names = ["m1", "m2", "m3", "m4", "m22", "F", "H1", "H2", "G", "Tt", "tJt", "ΣPt²", "ΣP²t²"];

    [Fact] // ≤ 1e-6 relative against softmax_stats.row_stats (same grids: agreement to rounding is expected)
    public void Compute_matches_row_stats()
    {
        foreach (var row in Rows)
        {
            var actual = Values(SoftmaxRowFunctionals.Compute(row[0], (int)row[1]));
            for (int k = 0; k < actual.Length; k++)
                Approx.Relative(row[2 + k], actual[k], 1e-6, what: $"{Names[k]} v={row[0]} L={row[1]}");
        }
    }

    [Fact] // ATTENTION.md §6.2: E Σ P = 1 reproduced to 2e-5 (the reference grid's lower truncation)
    public void Normalisation_sum_rule()
    {
        foreach (int L in new[] { 2, 32, 1000 })
            foreach (double v in new[] { 1e-6, 0.01, 1, 4, 16, 64 })
                Approx.Absolute(1.0, SoftmaxRowFunctionals.Compute(v, L).M1, 1e-4, $"m1 v={v} L={L}");
    }

    [Fact] // The v → 0 limit is the uniform row: continuity of Compute into SoftmaxRowStatistics.Uniform
    public void Small_variance_tends_to_uniform()
    {
        foreach (int L in new[] { 2, 32, 1000 })
        {
            var u = Values(SoftmaxRowStatistics.Uniform(L));
            var c = Values(SoftmaxRowFunctionals.Compute(1e-9, L));
            for (int k = 1; k < u.Length - 1; k++) Approx.Absolute(u[k], c[k], 1e-8 * Math.Max(1, u[k]) + 1e-9 * u[k], Names[k]);
            Approx.Absolute(u[^1], c[^1], 1e-4, "tJt"); // carries the reference grid's ~4e-5 offset
        }
    }

    [Fact] // Table interpolation: ≤ 1e-6 relative on m2, ≤ 1e-5 on the others (1e-4 on m1 and τ_J: the grid offset)
    public void Table_reproduces_Compute()
    {
        var rng = new Random(7);
        foreach (int L in new[] { 2, 32, 1000 })
        {
            var table = SoftmaxRowTable.For(L);
            output.WriteLine($"row table L = {L}: built in {table.BuildTime.TotalMilliseconds:F0} ms (or earlier by another test)");
            for (int i = 0; i < 40; i++)
            {
                double v = Math.Exp(Math.Log(1e-7) + rng.NextDouble() * (Math.Log(256) - Math.Log(1e-7)));
                var expected = AllValues(SoftmaxRowFunctionals.Compute(v, L));
                var actual = AllValues(table.Evaluate(v));
                for (int k = 0; k < expected.Length; k++)
                {
                    double tol = k == 1 ? 1e-6 : k is 0 or 10 or 11 ? 1e-4 : 1e-5; // m1, τ_J and ΣPt² carry the u grid's ~4e-5 offset
                    Approx.Relative(expected[k], actual[k], tol, what: $"{Names[k]} v={v:R} L={L}");
                }
            }
            Assert.Equal(table.Evaluate(SoftmaxRowFunctionals.MaximumVariance), table.Evaluate(1000)); // above the grid: clamped, as Compute is
            Assert.Equal(SoftmaxRowFunctionals.Compute(1000, L), SoftmaxRowFunctionals.Compute(SoftmaxRowFunctionals.MaximumVariance, L));
            Assert.Equal(SoftmaxRowStatistics.Uniform(L), table.Evaluate(0));
        }
    }

    [Theory] // Direct Monte Carlo of softmax rows (System.Random, Box–Muller): 20000 rows at L = 32, 5000 at L = 256 (same number
             // of logits, keeps the test fast); tolerance 4 standard errors computed from the sample
    [InlineData(32, 0.01)] [InlineData(32, 1.0)] [InlineData(32, 4.0)]
    [InlineData(256, 0.01)] [InlineData(256, 1.0)] [InlineData(256, 4.0)]
    public void Row_functionals_match_Monte_Carlo(int L, double v)
    {
        int rows = L <= 32 ? 20000 : 5000;
        var rng = new Random(1234 + L + (int)(v * 100));
        var s = new double[L];
        var p = new double[L];
        // per-row samples of m2, m3, m22, F, H1, H2, G, Tt, tJt, ΣPt², ΣP²t²
        var sum = new double[11];
        var sum2 = new double[11];
        double sd = Math.Sqrt(v);
        for (int n = 0; n < rows; n++)
        {
            for (int l = 0; l < L; l += 2)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                double radius = Math.Sqrt(-2 * Math.Log(u1));
                s[l] = sd * radius * Math.Cos(2 * Math.PI * u2);
                if (l + 1 < L) s[l + 1] = sd * radius * Math.Sin(2 * Math.PI * u2);
            }
            double max = s.Max(), z = 0;
            for (int l = 0; l < L; l++) { p[l] = Math.Exp(s[l] - max); z += p[l]; }
            double p2 = 0, p3 = 0, sbar = 0, pt2 = 0;
            for (int l = 0; l < L; l++) { p[l] /= z; p2 += p[l] * p[l]; p3 += p[l] * p[l] * p[l]; sbar += p[l] * s[l]; pt2 += p[l] * s[l] * s[l]; }
            double h1 = 0, h2 = 0, g = 0, t = 0, p2t2 = 0;
            for (int l = 0; l < L; l++)
            {
                double q = p[l] * p[l];
                h1 += q * (s[l] - sbar);
                h2 += q * (1 - p[l]) * s[l];
                g += q * (s[l] - sbar) * (s[l] - sbar);
                t += q * (1 - 2 * p[l] + p2) * s[l] * s[l];
                p2t2 += q * s[l] * s[l];
            }
            double[] x = [p2, p3, p2 * p2, p2 - 2 * p3 + p2 * p2, h1, h2, g / v, t / v, (pt2 - sbar * sbar) / v, pt2 / v, p2t2 / v];
            for (int k = 0; k < 11; k++) { sum[k] += x[k]; sum2[k] += x[k] * x[k]; }
        }
        var st = SoftmaxRowFunctionals.Compute(v, L);
        double[] expected = [st.M2, st.M3, st.M22, st.F, st.H1, st.H2, st.G, st.Tt, st.TJt, st.Pt2, st.P2t2];
        string[] names = ["m2", "m3", "m22", "F", "H1", "H2", "G", "Tt", "tJt", "ΣPt²", "ΣP²t²"];
        for (int k = 0; k < 11; k++)
        {
            double mean = sum[k] / rows;
            double se = Math.Sqrt(Math.Max(sum2[k] / rows - mean * mean, 0) / rows);
            Assert.True(Math.Abs(mean - expected[k]) <= 4 * se + 1e-12,
                $"{names[k]} L={L} v={v}: MC {mean:R} ± {se:R}, theory {expected[k]:R}");
        }
    }

    [Fact] // Sanity: M2 ≥ 1/L (Cauchy–Schwarz), increasing in v; F ≤ m2
    public void M2_is_at_least_uniform_and_increasing()
    {
        foreach (int L in new[] { 2, 32, 512 })
        {
            var table = SoftmaxRowTable.For(L);
            double previous = 1.0 / L;
            foreach (double v in new[] { 0.0, 1e-8, 1e-3, 0.1, 1, 4, 16, 60 })
            {
                var st = table.Evaluate(v);
                Assert.True(st.M2 >= previous * (1 - 1e-12), $"M2 not increasing at v={v}, L={L}");
                Assert.True(st.F <= st.M2 + 1e-15);
                previous = st.M2;
            }
        }
    }

    [Fact] // source: predict.py::_pair_stats refined (see Pairs); the fast scheme's documented accuracy ~1e-4, asserted 2e-3
    public void Pair_statistics_match_reference()
    {
        foreach (var row in Pairs)
        {
            var o = SoftmaxPairFunctionals.Compute(row[0], row[1], row[2], (int)row[3]);
            Approx.Relative(row[4], o.Overlap, 2e-3, what: $"O {row[0]} {row[1]} {row[3]}");
            Approx.Relative(row[5], o.TraceOverlap, 2e-3, what: "O_K");
            Approx.Relative(row[6], o.CovarianceOverlap, 2e-3, what: "cO");
            Approx.Relative(row[7], o.CovarianceTraceOverlap, 2e-3, what: "cO_K");
        }
    }

    [Fact] // ATTENTION.md §6.3: the fast Mehler scheme against the faithful Gauss–Hermite double sum
    public void Pair_fast_scheme_matches_faithful_scheme()
    {
        var row = Pairs[1];
        var fast = SoftmaxPairFunctionals.Compute(row[0], row[1], row[2], (int)row[3]);
        var slow = SoftmaxPairFunctionals.ComputeReference(row[0], row[1], row[2], (int)row[3]);
        Approx.Relative(slow.Overlap, fast.Overlap, 5e-4, what: "O");
        Approx.Relative(slow.TraceOverlap, fast.TraceOverlap, 5e-4, what: "O_K");
        Approx.Relative(slow.CovarianceOverlap, fast.CovarianceOverlap, 5e-4, what: "cO");
        Approx.Relative(slow.CovarianceTraceOverlap, fast.CovarianceTraceOverlap, 5e-4, what: "cO_K");
    }

    [Fact] // Pair sanity: at V̄ → 0 the overlap is 1/L; O ≤ M2 (Cauchy–Schwarz) and O ≥ 1/L for r ≥ 0
    public void Pair_overlap_limits()
    {
        Assert.Equal(SoftmaxPairStatistics.Uniform(128), SoftmaxPairFunctionals.Compute(0, 0.3, 10, 128));
        var tiny = SoftmaxPairFunctionals.Compute(1e-9, 0.3, 10, 128);
        Approx.Relative(1.0 / 128, tiny.Overlap, 1e-6);
        var pattern = AttentionGradientFormulas.Pattern(2.0, 0.3, 12, 128, includePairs: true);
        Assert.True(pattern.PairOverlap <= pattern.M2 && pattern.PairOverlap >= 1.0 / 128);
        Approx.Relative(pattern.M2 + 127 * pattern.PairOverlap, pattern.Ec2, 1e-14);
    }
}
