using SignalProp.Theory;
using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;

namespace SignalProp.Empirical.Verification;

/// <summary>
/// The sweep profiles. <see cref="Paper"/> reproduces the authors' grids of THEORY.md §5.2 (same Cartesian products,
/// same runs per configuration, shuffled with the seed) for linear, relu, gelu, layernorm, dropout, softmax and sha,
/// and, for the derived components mha, ffn and residual (no authors' script), the full product of their grids at
/// paper-like sizes. <see cref="Quick"/> is a seeded subset of smaller grids that covers every component.
/// </summary>
/// <remarks>
/// <para>Conventions as the authors: σ_x and σ_g are standard deviations (the variance is their square); weight stds
/// are <c>c/√d_in</c>; <c>logspace(a, b, n)</c> values are evaluated in double precision and widths are truncated to
/// integers. The runs of a configuration are split into <see cref="VerificationProfile.Replicas"/> independent replicas (fresh
/// weights each) so that every measured value has a standard error; the total number of sampled sequences equals the
/// authors' runs per configuration.</para>
/// <para>Softmax: the authors draw 10 000 rows of length L; here rows are the (run, feature) columns of a
/// <c>[runs, L, d]</c> tensor with softmax over the token axis, 100 runs × 100 features = 10 000 rows (paper).</para>
/// </remarks>
public static class VerificationProfiles
{
    /// <summary>Every component the harness verifies, in sweep order.</summary>
    public static IReadOnlyList<string> Components { get; } =
        ["linear", "relu", "gelu", "layernorm", "dropout", "softmax", "sha", "mha", "ffn", "residual"];

    /// <summary>The profile names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["quick", "paper"];

    /// <summary>The quick profile.</summary>
    public static VerificationProfile Quick { get; } = new("quick", Replicas: 8, Paper: false);

    /// <summary>The paper profile.</summary>
    public static VerificationProfile Paper { get; } = new("paper", Replicas: 4, Paper: true, WeightReplicas: 20);

    /// <summary>The profile with the given name (case-insensitive).</summary>
    /// <param name="name">quick or paper.</param>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static VerificationProfile Get(string name) => name.ToLowerInvariant() switch
    {
        "quick" => Quick,
        "paper" => Paper,
        _ => throw new ArgumentException($"--profile = {name} is out of range: must be one of quick, paper."),
    };

    /// <summary>The configurations of <paramref name="component"/> in <paramref name="profile"/>, shuffled with
    /// <paramref name="seed"/> (quick: then truncated to the quick subset size).</summary>
    /// <param name="component">A name from <see cref="Components"/>.</param>
    /// <param name="profile">The profile.</param>
    /// <param name="seed">The shuffle seed (the authors used 42).</param>
    /// <returns>The configurations in sweep order.</returns>
    /// <exception cref="ArgumentException">Unknown component.</exception>
    public static IReadOnlyList<VerificationCase> Cases(string component, VerificationProfile profile, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        (Axis[] axes, Func<Point, VerificationCase> make, int quickCount) = Definition(component.ToLowerInvariant(), profile);
        var points = Product(axes);
        Shuffle(points, new Random(seed));
        if (!profile.Paper) points = points.Take(quickCount).ToList();
        return [.. points.Select(make)];
    }

    private static double[] Logspace(double a, double b, int n)
        => [.. Enumerable.Range(0, n).Select(i => Math.Pow(10, n == 1 ? a : a + (b - a) * i / (n - 1)))];

    private static readonly double[] Thirds = [0, 1.0 / 3, 2.0 / 3];
    private static readonly double[] Fifths = [0, 0.2, 0.4, 0.6, 0.8];
    private static readonly double[] Stds = Logspace(-0.5, 0.5, 3);

    private static (Axis[] Axes, Func<Point, VerificationCase> Make, int QuickCount) Definition(string component, VerificationProfile profile)
    {
        bool paper = profile.Paper;
        int replicas = profile.Replicas;
        int PerReplica(int totalRuns) => Math.Max(1, totalRuns / replicas);
        // Components with random weights scatter with the weight draw (a χ² over the d_out features; docs/verification.md),
        // which only more draws reduce. The paper profile therefore splits the same runs over up to WeightReplicas draws,
        // the largest count that divides the runs (100 runs: 20 × 5; 64 runs: 16 × 4), so the total stays the authors'.
        int WeightReplicasFor(int totalRuns) => paper ? LargestDivisorAtMost(totalRuns, profile.EffectiveWeightReplicas) : replicas;
        int PerWeightReplica(int totalRuns) => Math.Max(1, totalRuns / WeightReplicasFor(totalRuns));
        switch (component)
        {
            case "linear":
                return ([
                    new("mu", [0.1, 1, 10]), new("sigma_x", Stds), new("r", Thirds), new("c", [0.1, 1, 10]),
                    new("sigma_g", Stds), new("r_g", Thirds),
                    new("d_in", paper ? [100, 316, 1000] : [64, 128]), new("d_out", paper ? [100, 316, 1000] : [64, 128]),
                    new("L", paper ? [100, 1000] : [32, 100]),
                ], p =>
                {
                    int dIn = p.Int("d_in"), dOut = p.Int("d_out");
                    double sw = p["c"] / Math.Sqrt(dIn);
                    return Case("linear", new Linear(dIn, dOut, sw), p, PerWeightReplica(100), p.Int("L"), dIn, WeightReplicasFor(100), ("sigma_w", sw));
                }, 60);
            case "relu":
            case "gelu":
                return ([
                    new("mu", [0]), new("sigma_x", Stds), new("r", Fifths), new("sigma_g", Stds), new("r_g", Fifths),
                    new("d", [1]), new("L", paper ? [100, 1000] : [32, 100]),
                ], p => Case(component, component == "relu" ? Activation.Relu : Activation.Gelu, p,
                    PerReplica(paper ? (component == "relu" ? 10_000 : 100_000) : 8_000), p.Int("L"), 1, replicas), 40);
            case "layernorm":
                return ([
                    new("mu", [-10, -3.333, 3.333]), new("sigma_x", Stds), new("r", Fifths), new("sigma_g", Stds), new("r_g", Fifths),
                    new("d", paper ? [100, 316, 1000] : [64, 128]), new("L", paper ? [100, 1000] : [32, 100]),
                ], p => Case("layernorm", new LayerNorm(p.Int("d")), p, PerReplica(100), p.Int("L"), p.Int("d"), replicas), 40);
            case "dropout":
                return ([
                    new("mu", [-10, 0, 10]), new("sigma_x", Stds), new("r", Thirds), new("sigma_g", Stds), new("r_g", Thirds),
                    new("p", Thirds), new("d", paper ? [100, 316, 1000] : [64, 128]), new("L", paper ? [100, 1000] : [32, 100]),
                ], p => Case("dropout", new Dropout(p["p"]), p, PerReplica(100), p.Int("L"), p.Int("d"), replicas), 40);
            case "softmax":
                return ([
                    new("mu", [0]), new("sigma_x", Logspace(-2, 0, 5)), new("r", Fifths), new("sigma_g", Logspace(-0.5, 0.5, 5)),
                    new("r_g", [0]), new("L", paper ? Logspace(Math.Log10(300), 4, 5) : [300, 720]),
                ], p => Case("softmax", new Softmax(p.Int("L")), p, PerReplica(paper ? 100 : 40), p.Int("L"), paper ? 100 : 50, replicas), 30);
            case "sha":
                return ([
                    new("mu", [0]), new("sigma_x", [1]), new("r", Thirds), new("c_v", Stds), new("c_qk", [0.1, 0.245, 0.6]),
                    new("p_attn", Thirds), new("sigma_g", Stds), new("r_g", Thirds),
                    new("d_in", paper ? [100, 316, 1000] : [64, 128]), new("d_out", paper ? [32, 64, 128, 256] : [32, 64]),
                    new("L", paper ? [300, 547, 1000] : [300, 547]),
                ], p =>
                {
                    int dIn = p.Int("d_in");
                    double sv = p["c_v"] / Math.Sqrt(dIn), sqk = p["c_qk"] / Math.Sqrt(dIn);
                    var spec = new SelfAttention(dIn, p.Int("d_out"), 1, p.Int("L"), sqk, sqk, sv, p["p_attn"]);
                    int runs = paper ? 64 : 32;
                    return Case("sha", spec, p, PerWeightReplica(runs), p.Int("L"), dIn, WeightReplicasFor(runs), ("sigma_v", sv), ("sigma_qk", sqk));
                }, 40);
            case "mha":
                return ([
                    new("mu", [0]), new("sigma_x", [1]), new("r", Thirds), new("heads", [2, 4]), new("c_v", Stds),
                    new("c_o", Stds), new("c_qk", [0.1, 0.245, 0.6]), new("p_attn", [0, 0.1, 1.0 / 3]), new("p", [0, 0.1, 1.0 / 3]),
                    new("sigma_g", Stds), new("r_g", Thirds), new("d", paper ? [256, 512] : [64, 128]), new("L", paper ? [300, 1000] : [300]),
                ], p =>
                {
                    int d = p.Int("d");
                    double sv = p["c_v"] / Math.Sqrt(d), so = p["c_o"] / Math.Sqrt(d), sqk = p["c_qk"] / Math.Sqrt(d);
                    var spec = new MultiHeadAttention(d, p.Int("heads"), p.Int("L"), sqk, sqk, sv, so, p["p_attn"], p["p"]);
                    int runs = paper ? 64 : 32;
                    return Case("mha", spec, p, PerWeightReplica(runs), p.Int("L"), d, WeightReplicasFor(runs), ("sigma_v", sv), ("sigma_o", so), ("sigma_qk", sqk));
                }, 30);
            case "ffn":
                return ([
                    new("mu", [0]), new("sigma_x", Stds), new("r", Thirds), new("gelu", [0, 1]), new("c_1", Stds), new("c_2", Stds),
                    new("p", [0, 0.1, 1.0 / 3]), new("sigma_g", Stds), new("r_g", Thirds),
                    new("d", paper ? [256, 512] : [64, 128]), new("L", paper ? [100, 1000] : [32, 100]),
                ], p =>
                {
                    int d = p.Int("d"), dff = 4 * d;
                    double s1 = p["c_1"] / Math.Sqrt(d), s2 = p["c_2"] / Math.Sqrt(dff);
                    var spec = new FeedForward(d, dff, p["gelu"] == 1 ? Activation.Gelu : Activation.Relu, s1, s2, p["p"]);
                    return Case("ffn", spec, p, PerWeightReplica(100), p.Int("L"), d, WeightReplicasFor(100), ("sigma_1", s1), ("sigma_2", s2));
                }, 30);
            case "residual":
                return ([
                    new("mu", [0, 1]), new("sigma_x", Stds), new("r", Thirds), new("lambda_sq", [1, 0.5, 0.8]), new("ffn_branch", [0, 1]),
                    new("c", Stds), new("p", [0, 0.1]), new("sigma_g", Stds), new("r_g", Thirds),
                    new("d", paper ? [256, 512] : [64, 128]), new("L", paper ? [100, 1000] : [32, 100]),
                ], p =>
                {
                    int d = p.Int("d");
                    double lambda = Math.Sqrt(p["lambda_sq"]), beta = p["lambda_sq"] == 1 ? 1 : Math.Sqrt(1 - p["lambda_sq"]);
                    IComponent branch = p["ffn_branch"] == 1
                        ? new FeedForward(d, 4 * d, Activation.Relu, p["c"] / Math.Sqrt(d), p["c"] / Math.Sqrt(4 * d), p["p"])
                        : new Sequential(("w", new Linear(d, d, p["c"] / Math.Sqrt(d))), ("dropout", new Dropout(p["p"])));
                    return Case("residual", new Residual(branch, lambda, beta), p, PerWeightReplica(100), p.Int("L"), d, WeightReplicasFor(100),
                        ("lambda", lambda), ("beta", beta));
                }, 30);
            default:
                throw new ArgumentException(
                    $"component = {component} is out of range: must be one of {string.Join(", ", Components)} or all.");
        }
    }

    private static VerificationCase Case(string component, IComponent spec, Point p, int runs, int length, int width, int replicas,
        params (string Name, double Value)[] derived)
    {
        double sigmaX = p["sigma_x"], sigmaG = p["sigma_g"];
        var input = new ForwardMoments(p["mu"], sigmaX * sigmaX, p["r"]);
        var gradient = new GradientMoments(sigmaG * sigmaG, p["r_g"]);
        var parameters = p.Values.Concat(derived.Select(d => new KeyValuePair<string, double>(d.Name, d.Value))).ToList();
        return new VerificationCase(component, spec, input, gradient, runs, length, width, replicas, parameters);
    }

    private static int LargestDivisorAtMost(int total, int limit)
    {
        for (int r = Math.Min(total, limit); r > 1; r--)
            if (total % r == 0) return r;
        return 1;
    }

    private static List<Point> Product(Axis[] axes)
    {
        var points = new List<Point> { new([]) };
        foreach (var axis in axes)
            points = [.. points.SelectMany(point => axis.Values.Select(v => new Point([.. point.Values, new(axis.Name, v)])))];
        return points;
    }

    private static void Shuffle<T>(IList<T> items, Random random)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private sealed record Axis(string Name, double[] Values);

    private sealed record Point(List<KeyValuePair<string, double>> Values)
    {
        public double this[string name] => Values.First(v => v.Key == name).Value;

        public int Int(string name) => (int)(this[name] * (1 + 1e-12)); // int32 truncation as numpy, robust to 9999.999…
    }
}

/// <summary>A sweep profile.</summary>
/// <param name="Name">quick or paper.</param>
/// <param name="Replicas">Independent replicas per configuration (the runs are split among them).</param>
/// <param name="Paper">True for the authors' grids.</param>
/// <param name="WeightReplicas">For components with random weights (linear, sha, mha, ffn, residual): the most replicas, i.e.
/// weight draws, to split the runs over (the paper profile uses the largest divisor of the runs up to it); 0 = <paramref name="Replicas"/>.</param>
public sealed record VerificationProfile(string Name, int Replicas, bool Paper, int WeightReplicas = 0)
{
    /// <summary><see cref="WeightReplicas"/>, or <see cref="Replicas"/> when it is 0.</summary>
    public int EffectiveWeightReplicas => WeightReplicas > 0 ? WeightReplicas : Replicas;
}
