namespace SignalProp.Theory.Formulas;

/// <summary>The Gauss hypergeometric function ₂F₁ by its power series (MathNet.Numerics has none).</summary>
public static class Hypergeometric
{
    /// <summary>
    /// ₂F₁(a, b; c; z) = Σ_n (a)_n (b)_n / ((c)_n n!) zⁿ for 0 ≤ z &lt; 1, summed until the term is below 10⁻¹⁶ of the
    /// sum (at most 200 000 terms; for the LayerNorm map c ≥ 1.5 and the series converges for every z &lt; 1).
    /// </summary>
    public static double TwoF1(double a, double b, double c, double z)
    {
        if (z < 0 || z >= 1) throw Require.Fail(nameof(z), z, "in [0, 1)");
        double term = 1.0, sum = 1.0;
        for (int n = 0; n < 200_000; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.Abs(term) < 1e-16 * Math.Abs(sum)) break;
        }
        return sum;
    }
}
