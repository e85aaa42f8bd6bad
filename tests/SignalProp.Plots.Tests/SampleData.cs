using SignalProp.Plots;

namespace SignalProp.Plots.Tests;

/// <summary>Small deterministic inputs shaped like the real figures' data (no randomness, no models).</summary>
public static class SampleData
{
    public static double[] Range(int from, int to, int step = 1)
        => Enumerable.Range(0, (to - from) / step + 1).Select(i => (double)(from + i * step)).ToArray();

    /// <summary>Figure 1: Xavier Pre-LN forward variance grows linearly to ≈ 400 at layer 192; DSLM stays at 1.</summary>
    public static IReadOnlyList<Series> ForwardVariance()
    {
        var layers = Range(0, 192);
        var sampled = Range(0, 192, 8);
        return
        [
            Series.Theory("Xavier Pre-LN (theory)", layers, layers.Select(n => 1 + 2.1 * n).ToArray(), "xavier"),
            Series.Measured("Xavier Pre-LN (measured)", sampled, sampled.Select(n => (1 + 2.1 * n) * (1 + 0.03 * Math.Sin(n))).ToArray(),
                sampled.Select(n => 0.02 * (1 + 2.1 * n)).ToArray(), "xavier"),
            Series.Theory("DSLM (theory)", layers, layers.Select(_ => 1.0).ToArray(), "dslm"),
            Series.Measured("DSLM (measured)", sampled, sampled.Select(n => 0.97 + 0.01 * Math.Cos(n)).ToArray(),
                sampled.Select(_ => 0.015).ToArray(), "dslm"),
        ];
    }

    /// <summary>Figure 2: hyperbolic (Pre-LN), exponential over 5 decades (Post-LN) and flat (DSLM) gradient variance.</summary>
    public static IReadOnlyList<Series> GradientVariance()
    {
        var layers = Range(0, 192);
        var sampled = Range(0, 192, 12);
        Func<double, double> exp = n => Math.Pow(10, 5 * (1 - n / 192.0)) * 1e-3;
        return
        [
            Series.Theory("Xavier Pre-LN: hyperbolic", layers, layers.Select(n => 192 / (n + 1)).ToArray(), "xavier"),
            Series.Theory("Xavier Post-LN: exponential", layers, layers.Select(exp).ToArray(), "post-ln"),
            Series.Measured("Xavier Post-LN (measured)", sampled, sampled.Select(n => exp(n) * (1 + 0.1 * Math.Sin(n))).ToArray(),
                sampled.Select(n => 0.2 * exp(n)).ToArray(), "post-ln"),
            Series.Theory("DSLM", layers, layers.Select(_ => 1.0).ToArray(), "dslm"),
        ];
    }

    /// <summary>Figure 3: token correlation vs layer for two schemes and three dropout rates.</summary>
    public static IReadOnlyList<Series> Correlation()
    {
        var layers = Range(0, 192, 2);
        Series Curve(string scheme, double p, double limit, double rate)
            => Series.Theory($"{scheme} p = {p:0.0}", layers,
                layers.Select(n => limit - (limit - 0.2) * Math.Exp(-n / rate)).ToArray(), $"{scheme} p={p}");
        return
        [
            Curve("xavier", 0.0, 1.0, 8), Curve("xavier", 0.1, 0.884, 5), Curve("xavier", 0.2, 0.78, 4),
            Curve("dslm", 0.0, 0.82, 120), Curve("dslm", 0.1, 0.66, 110), Curve("dslm", 0.2, 0.55, 100),
        ];
    }

    /// <summary>Figure 6: attention-score variance growing with depth (the instability begins at layer 37).</summary>
    public static IReadOnlyList<Series> ScoreVariance()
    {
        var layers = Range(0, 96);
        var sampled = Range(0, 96, 6);
        return
        [
            Series.Theory("score variance S² (theory)", layers, layers.Select(n => 0.05 * Math.Exp(n / 12.0)).ToArray(), "xavier"),
            Series.Measured("score variance S² (measured)", sampled, sampled.Select(n => 0.05 * Math.Exp(n / 12.0) * 1.1).ToArray(),
                sampled.Select(n => 0.01 * Math.Exp(n / 12.0)).ToArray(), "xavier"),
        ];
    }

    /// <summary>Figure 4a: THEORY.md §5.4 values as the authors', ours slightly different.</summary>
    public static IReadOnlyList<PercentileErrorRow> ErrorRows()
    {
        PercentileErrorRow Row(string c, string q, double a, double b, double d, double f = 1.1)
            => new(c, q, new Percentiles(a * f, b * f, d * f), new Percentiles(a, b, d));
        return
        [
            Row("Linear", "xMean", 0.0, 0.4, 1.3), Row("Linear", "xVar", 0.4, 1.4, 2.8), Row("Linear", "gVar", 0.2, 1.0, 2.2),
            Row("Linear", "xCov", 0.4, 1.4, 2.8), Row("Linear", "gCov", 0.2, 1.0, 2.2),
            Row("LayerNorm", "xMean", 1.4e-5, 9.3e-5, 1.4e-4), Row("LayerNorm", "xVar", 0, 0, 0), Row("LayerNorm", "gVar", 0.4, 1.5, 3.2),
            Row("LayerNorm", "xCov", 0.1, 0.5, 1.0), Row("LayerNorm", "gCov", 0.2, 0.9, 2.2),
            Row("SHA", "xMean", 0.2, 1.0, 2.5), Row("SHA", "xVar", 1.4, 4.1, 7.8), Row("SHA", "gVar", 2.2, 13.3, 44.5),
            Row("SHA", "xCov", 1.3, 3.9, 7.4),
            new("SHA", "gCov", new Percentiles(1.5, 4.0, 9.0), null),
        ];
    }

    /// <summary>Figure 4b: predictions over six decades, measured within ±5 %.</summary>
    public static IReadOnlyList<ParitySet> ParitySets()
    {
        var a = Enumerable.Range(0, 40).Select(i => Math.Pow(10, -3 + 6.0 * i / 39)).ToArray();
        var b = Enumerable.Range(0, 25).Select(i => Math.Pow(10, -1 + 3.0 * i / 24)).ToArray();
        return
        [
            new ParitySet("xVar", a, a.Select((v, i) => v * (1 + 0.05 * Math.Sin(i))).ToArray()),
            new ParitySet("gVar", b, b.Select((v, i) => v * (1 - 0.04 * Math.Cos(i))).ToArray()),
        ];
    }

    /// <summary>Figure 5a: 13 × 13 (6 layers) lower-triangular β for Pre-LN, Post-LN and Admin (ADMIN.md §3.2 closed forms).</summary>
    public static IReadOnlyList<DependencyMatrix> Dependency(int size = 13)
        => [new("Pre-LN", PreLn(size)), new("Post-LN", PostLn(size)), new("Admin", PreLn(size, 0.97))];

    public static double[,] PreLn(int n, double tilt = 1.0)
    {
        var beta = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            double total = 0;
            for (int j = 0; j <= i; j++) total += Weight(j, tilt);
            for (int j = 0; j <= i; j++) beta[i, j] = Math.Sqrt(Weight(j, tilt) / total);
        }
        return beta;
        static double Weight(int j, double tilt) => j == 0 ? 1 : Math.Pow(tilt, j) * (j % 2 == 1 ? 0.6 : 1.0);
    }

    public static double[,] PostLn(int n)
    {
        var squares = new double[n, n];
        squares[0, 0] = 1;
        for (int i = 1; i < n; i++)
        {
            double s = i % 2 == 1 ? 0.2 : 0.4;
            for (int j = 0; j < i; j++) squares[i, j] = squares[i - 1, j] / (1 + s);
            squares[i, i] = s / (1 + s);
        }
        var beta = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) beta[i, j] = Math.Sqrt(squares[i, j]);
        return beta;
    }

    /// <summary>Figure 7: final-layer moments vs depth, with overflow (+∞) and underflow (0) at large N.</summary>
    public static IReadOnlyList<SweepSeries> Sweep()
    {
        double[] n = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
        return
        [
            new("xavier", n, n.Select(d => 1 + 2.1 * d).ToArray(), n.Select(d => d).ToArray()),
            new("default", n, n.Select(d => Math.Pow(1.3, d)).ToArray(), n.Select(d => d > 300 ? double.PositiveInfinity : Math.Exp(2.4 * d)).ToArray()),
            new("dslm", n, n.Select(_ => 1.0).ToArray(), n.Select(d => 1 + 0.1 * Math.Log(d)).ToArray()),
            new("admin", n, n.Select(d => 1 + Math.Log(d)).ToArray(), n.Select(d => 1 + 0.5 * Math.Log(d)).ToArray()),
            new("rezero", n, n.Select(d => d > 400 ? double.PositiveInfinity : Math.Exp(d / 5.0)).ToArray(),
                n.Select(d => d > 150 ? 0.0 : Math.Exp(-d / 2.0)).ToArray()),
            new("deepnorm", n, n.Select(_ => double.NaN).ToArray(), n.Select(d => 1 + 0.2 * Math.Sqrt(d)).ToArray()),
        ];
    }
}
