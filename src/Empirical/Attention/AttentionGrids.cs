namespace SignalProp.Empirical.Attention;

/// <summary>
/// The attention verification grids of ATTENTION.md §10.1, with exactly its value sets, plus a small <c>quick</c>
/// grid for CI. Weight scales are given as c with σ = c/√d_in (σ_v = c_v/√n, σ_q = σ_k = c_qk/√n, so n σ_q² = c_qk² and
/// S² = c_qk⁴ at σ_x = 1).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>(a) DSLM SHA grid subset: σ_x = 1; r ∈ {0, ⅓, ⅔}; c_v ∈ {0.316, 1, 3.162}; c_qk ∈ {0.1, 0.245, 0.6};
/// p ∈ {0, ⅓, ⅔}; σ_g ∈ {0.316, 1, 3.162}; r_g ∈ {0, ⅓, ⅔}; d_in ∈ {100, 316, 1000}; d_out ∈ {32, 64, 128, 256};
/// L ∈ {300, 547, 1000}.</item>
/// <item>(b) Xavier-sized Q/K: as (a) but c_qk ∈ {0.6, 1.0, 1.2, 1.41}, d_in ∈ {64, 256}, d_out ∈ {16, 64},
/// L ∈ {32, 128, 512}.</item>
/// <item>wide (not in ATTENTION.md; issue 8's extended range): as (b) but d_in ∈ {64, 256, 1000}, d_out ∈ {16, 64, 256},
/// L ∈ {32, 128, 512, 1000}: (b) stops at d_in = 256 and L = 512.</item>
/// <item>mha: d_m ∈ {128, 256}, h ∈ {1, 2, 4, 8}, L ∈ {32, 128, 256}, r ∈ {0, .2, .5, .8}, p = p_h ∈ {0, .1, .3},
/// r_g ∈ {0, .3, .7}, d_m σ_q² = d_m σ_k² = c_qk² with c_qk ∈ {0.6, 1.0, 1.41} or Xavier per head 2/(d_m + d_h)
/// (axis value −1); σ_v² = 2/(d_m + d_h), σ_o² = 1/d_m, σ_x = σ_g = 1.</item>
/// <item>quick (not in ATTENTION.md; CI sizes): single head (mha = 0) or multi-head (mha = 1) at n ∈ {32, 64},
/// L ∈ {16, 32, 64}, c_qk ∈ {0.6, 1.0, 1.41}, d ∈ {8, 16} (single head) or h ∈ {2, 4} (multi-head, σ_o² = 1/n,
/// p_h = p), other axes as (b) with p ∈ {0, ⅓}.</item>
/// </list>
/// </remarks>
public static class AttentionGrids
{
    private const double Third = 1.0 / 3, TwoThirds = 2.0 / 3;

    /// <summary>The value of the mha grid's c_qk axis that means Xavier per head, σ_q² = σ_k² = 2/(d_m + d_h).</summary>
    public const double XavierPerHead = -1;

    /// <summary>Grid (a), ATTENTION.md §10.1/§10.2.</summary>
    public static AttentionGrid A { get; } = new("a", "DSLM SHA grid subset (ATTENTION.md §10.2)",
    [
        new("r", [0, Third, TwoThirds]),
        new("cv", [0.316, 1, 3.162]),
        new("cqk", [0.1, 0.245, 0.6]),
        new("p", [0, Third, TwoThirds]),
        new("sg", [0.316, 1, 3.162]),
        new("rg", [0, Third, TwoThirds]),
        new("n", [100, 316, 1000]),
        new("d", [32, 64, 128, 256]),
        new("L", [300, 547, 1000]),
    ], SingleHead);

    // Grid (b)'s correlations, weight scales (c_qk up to √2: d_in σ_q² ≤ 2), dropout and gradient moments, shared with wide.
    // Declared before the grids that spread them: static initialisers run in text order.
    private static readonly AttentionGridAxis[] XavierSizedScales =
    [
        new("r", [0, Third, TwoThirds]),
        new("cv", [0.316, 1, 3.162]),
        new("cqk", [0.6, 1.0, 1.2, 1.41]),
        new("p", [0, Third, TwoThirds]),
        new("sg", [0.316, 1, 3.162]),
        new("rg", [0, Third, TwoThirds]),
    ];

    /// <summary>Grid (b), ATTENTION.md §10.1/§10.3.</summary>
    public static AttentionGrid B { get; } = new("b", "Xavier-sized Q/K, d_in σ_q² ≤ 2, S² ≤ 4 (ATTENTION.md §10.3)",
    [
        .. XavierSizedScales,
        new("n", [64, 256]),
        new("d", [16, 64]),
        new("L", [32, 128, 512]),
    ], SingleHead);

    /// <summary>
    /// Grid (b)'s Xavier-sized Q/K over the sizes issue 8 asks for (d_in 64–1000, head width 16–256, L 32–1000), which
    /// ATTENTION.md's grid (b) only covers up to d_in = 256 and L = 512.
    /// </summary>
    public static AttentionGrid Wide { get; } = new("wide", "Xavier-sized Q/K at large sizes: d_in ≤ 1000, d_out ≤ 256, L ≤ 1000",
    [
        .. XavierSizedScales,
        new("n", [64, 256, 1000]),
        new("d", [16, 64, 256]),
        new("L", [32, 128, 512, 1000]),
    ], SingleHead);

    /// <summary>The multi-head grid, ATTENTION.md §10.1/§10.6.</summary>
    public static AttentionGrid MultiHead { get; } = new("mha", "multi-head + W_O + hidden dropout (ATTENTION.md §10.6)",
    [
        new("r", [0, 0.2, 0.5, 0.8]),
        new("cqk", [0.6, 1.0, XavierPerHead, 1.41]),
        new("p", [0, 0.1, 0.3]),
        new("rg", [0, 0.3, 0.7]),
        new("dm", [128, 256]),
        new("h", [1, 2, 4, 8]),
        new("L", [32, 128, 256]),
    ], MultiHeadBlock);

    /// <summary>The CI grid: small sizes, single- and multi-head.</summary>
    public static AttentionGrid Quick { get; } = new("quick", "CI sizes: n ≤ 64, L ≤ 64, single- and multi-head",
    [
        new("mha", [0, 1]),
        new("r", [0, Third, TwoThirds]),
        new("cv", [0.316, 1, 3.162]),
        new("cqk", [0.6, 1.0, 1.41]),
        new("p", [0, Third]),
        new("sg", [0.316, 1, 3.162]),
        new("rg", [0, Third, TwoThirds]),
        new("n", [32, 64]),
        new("d", [8, 16]),
        new("h", [2, 4]),
        new("L", [16, 32, 64]),
    ], QuickCase);

    /// <summary>Every grid, by name.</summary>
    public static IReadOnlyList<AttentionGrid> All { get; } = [Quick, A, B, Wide, MultiHead];

    /// <summary>The grid names, for option validation.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(g => g.Name)];

    /// <summary>The grid named <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">quick, a, b, wide or mha.</param>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static AttentionGrid Get(string name)
        => All.FirstOrDefault(g => g.Name.Equals(name?.Trim(), StringComparison.OrdinalIgnoreCase))
           ?? throw new ArgumentException($"grid = {name} is out of range: must be one of {string.Join(", ", Names)}.", nameof(name));

    /// <summary>
    /// <paramref name="count"/> random points of <paramref name="grid"/> (with replacement, each axis uniform and
    /// independent, in axis order), from <see cref="Random"/> seeded with <paramref name="seed"/>: reproducible.
    /// </summary>
    /// <param name="grid">The grid.</param>
    /// <param name="count">Number of configurations, ≥ 0.</param>
    /// <param name="seed">The sampling seed (the reference used 12345).</param>
    public static IReadOnlyList<AttentionCase> Sample(AttentionGrid grid, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var cases = new List<AttentionCase>(count);
        for (int i = 0; i < count; i++)
        {
            var point = new Dictionary<string, double>();
            foreach (var axis in grid.Axes) point[axis.Name] = axis.Values[random.Next(axis.Values.Count)];
            cases.Add(grid.Build(point).EnsureValid());
        }
        return cases;
    }

    private static AttentionCase SingleHead(IReadOnlyDictionary<string, double> v)
    {
        int n = (int)v["n"];
        double qk = v["cqk"] * v["cqk"] / n;
        return AttentionCase.SingleHead(1.0, v["r"], qk, qk, v["cv"] * v["cv"] / n, v["p"], v["sg"] * v["sg"], v["rg"],
            n, (int)v["d"], (int)v["L"]);
    }

    private static AttentionCase MultiHeadBlock(IReadOnlyDictionary<string, double> v)
    {
        int dm = (int)v["dm"], h = (int)v["h"], dh = dm / h;
        double xavier = 2.0 / (dm + dh);
        double qk = v["cqk"] == XavierPerHead ? xavier : v["cqk"] * v["cqk"] / dm;
        return AttentionCase.MultiHeadBlock(1.0, v["r"], qk, qk, xavier, 1.0 / dm, v["p"], v["p"], 1.0, v["rg"], dm, h, (int)v["L"]);
    }

    private static AttentionCase QuickCase(IReadOnlyDictionary<string, double> v)
    {
        if (v["mha"] == 0) return SingleHead(v);
        int n = (int)v["n"];
        double qk = v["cqk"] * v["cqk"] / n;
        return AttentionCase.MultiHeadBlock(1.0, v["r"], qk, qk, v["cv"] * v["cv"] / n, 1.0 / n, v["p"], v["p"],
            v["sg"] * v["sg"], v["rg"], n, (int)v["h"], (int)v["L"]);
    }
}
