namespace SignalProp.Theory.Formulas;

/// <summary>
/// Token collision probabilities of unigram distributions, which set the embedding token correlation
/// (THEORY.md §2.1: q_tok = Pr(t_i = t_j) = Σ_v π_v² for i.i.d. tokens).
/// </summary>
public static class ZipfDistribution
{
    /// <summary>
    /// q_tok = H_{V,2s} / H_{V,s}² for the Zipf law π_v ∝ v^{−s} over V tokens, where H_{V,s} = Σ_{v≤V} v^{−s}.
    /// Sums the first 10 000 terms exactly and the rest by Euler–Maclaurin (relative error below 10⁻¹⁴).
    /// s = 1, V = 30522 gives 0.01384 (THEORY.md §2.1).
    /// </summary>
    /// <param name="vocabularySize">V ≥ 1.</param>
    /// <param name="exponent">s ≥ 0 (s = 0 is the uniform distribution, q = 1/V).</param>
    public static double CollisionProbability(int vocabularySize, double exponent)
    {
        Require.AtLeast(vocabularySize, 1, "vocab-size");
        Require.NonNegativeFinite(exponent, "zipf-exponent");
        // Memoised: the sums cost ~20 000 powers, and every model prediction asks for the same few (V, s).
        return Cache.GetOrAdd((vocabularySize, exponent),
            key => HarmonicNumber(key.Vocabulary, 2 * key.Exponent) / Math.Pow(HarmonicNumber(key.Vocabulary, key.Exponent), 2));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Vocabulary, double Exponent), double> Cache = new();

    /// <summary>q = Σ_v π_v² for an explicit unigram distribution (normalised here).</summary>
    public static double CollisionProbability(IReadOnlyList<double> probabilities)
    {
        double total = 0, squares = 0;
        for (int i = 0; i < probabilities.Count; i++)
        {
            double p = Require.NonNegativeFinite(probabilities[i], $"probabilities[{i}]");
            total += p;
            squares += p * p;
        }
        return total > 0 ? squares / (total * total) : throw Require.Fail("probabilities", total, "a distribution with positive total mass");
    }

    /// <summary>The generalised harmonic number H_{n,s} = Σ_{v=1..n} v^{−s}.</summary>
    public static double HarmonicNumber(int n, double s)
    {
        const int exact = 10_000;
        double sum = 0;
        int head = Math.Min(n, exact);
        for (int v = head; v >= 1; v--) sum += Math.Pow(v, -s); // smallest terms first
        if (n <= exact) return sum;
        // Σ_{v=a+1..n} f(v) with f(v) = v^{-s}: ∫_a^n f + (f(n) − f(a))/2 + (f'(n) − f'(a))/12 − (f'''(n) − f'''(a))/720.
        double a = exact;
        double integral = Math.Abs(s - 1) < 1e-12 ? Math.Log(n / a) : (Math.Pow(n, 1 - s) - Math.Pow(a, 1 - s)) / (1 - s);
        double F(double x) => Math.Pow(x, -s);
        double D1(double x) => -s * Math.Pow(x, -s - 1);
        double D3(double x) => -s * (s + 1) * (s + 2) * Math.Pow(x, -s - 3);
        return sum + integral + (F(n) - F(a)) / 2 + (D1(n) - D1(a)) / 12 - (D3(n) - D3(a)) / 720;
    }
}
