namespace SignalProp.Theory.Analysis;

/// <summary>
/// The closed-form growth laws of THEORY.md §3.3 [DERIVED there], as functions. The tests check that the recurrence
/// (<see cref="Models.TransformerModel"/>) follows each law where the law claims to hold.
/// </summary>
public static class GrowthLaws
{
    /// <summary>
    /// Pre-LN forward, plain residual: LN makes every block's output variance independent of the stream, so
    /// σ²_n = σ²_0 + Σ_{k&lt;n} s_k ≈ σ²_0 + n·s — linear growth.
    /// </summary>
    public static double PreLnForwardVariance(double initialVariance, double meanBlockVariance, int subLayers)
        => initialVariance + subLayers * meanBlockVariance;

    /// <summary>
    /// Pre-LN backward, plain residual, per sub-layer: σ²_{g,k} = σ²_{g,k+1}(1 + t_k/σ_k²). When t_k = s_k (FFN blocks
    /// exactly, §2.11) this telescopes to σ²_{g,n}σ²_n = σ²_{g,N}σ²_N: the hyperbolic law
    /// σ²_{g,n} = σ²_{g,N}·σ²_N/σ²_n ≈ σ²_{g,N}·N/n.
    /// </summary>
    public static double PreLnGradientVariance(double topGradientVariance, double topForwardVariance, double forwardVariance)
        => topGradientVariance * topForwardVariance / forwardVariance;

    /// <summary>The repo's predicted weight-gradient-norm line for Xavier Pre-LN: b_i = a_0/√(i+1) (THEORY.md §3.3).</summary>
    public static double PreLnGradientNorm(double bottomNorm, int layer) => bottomNorm / Math.Sqrt(layer + 1);

    /// <summary>
    /// Post-LN, plain residual, per sub-layer: σ²_{g,k}/σ²_{g,k+1} = J_k·K_k·(1 + t_k)/(1 + s_k) (unit-variance input), with
    /// J_k ≥ 1 the LayerNorm backward's per-token Jensen factor (<see cref="Formulas.LayerNormFormulas.ResidualJensenFactor"/>)
    /// and K_k ≤ 1 the share of the gradient its projection keeps (<see cref="Formulas.LayerNormProjectionFormulas.Keep"/>);
    /// THEORY.md §3.3 has J = K = 1.
    /// </summary>
    /// <param name="backwardGain">t_k, the body's backward gain.</param>
    /// <param name="blockVariance">s_k, the body's output variance.</param>
    /// <param name="jensenFactor">J_k (1 reproduces the paper's law).</param>
    /// <param name="projectionKeep">K_k (1 reproduces the paper's law).</param>
    public static double PostLnGradientRatio(double backwardGain, double blockVariance, double jensenFactor = 1.0, double projectionKeep = 1.0)
        => jensenFactor * projectionKeep * (1 + backwardGain) / (1 + blockVariance);

    /// <summary>Post-LN with a constant per-layer ratio c: σ²_{g,n} = σ²_{g,N}·c^{N−n} — exponential vanishing (c &lt; 1) or explosion (c &gt; 1).</summary>
    public static double PostLnGradientVariance(double topGradientVariance, double perLayerRatio, int layers, int layer)
        => topGradientVariance * Math.Pow(perLayerRatio, layers - layer);

    /// <summary>The repo's hard-coded Post-LN weight-gradient-norm line b_i = a_0·1.024^i (THEORY.md §3.3; origin unverified).</summary>
    public static double PostLnGradientNorm(double bottomNorm, int layer) => bottomNorm * Math.Pow(1.024, layer);

    /// <summary>
    /// DSLM (λ² + β² = 1, unit-variance stream and blocks): σ²_{g,k} = σ²_{g,k+1}(1 + β²(t_k − 1)); the product over the
    /// stack, from the top down to sub-layer 0.
    /// </summary>
    public static double DslmGradientFactor(double betaSquared, IEnumerable<double> backwardGains)
        => backwardGains.Aggregate(1.0, (product, t) => product * (1 + betaSquared * (t - 1)));

    /// <summary>
    /// The DSLM bound: |ln(σ²_{g,0}/σ²_{g,2N})| ≤ β²·Σ|t_k − 1|/(1 − β²·max|t_k − 1|) (from |ln(1+x)| ≤ |x|/(1−|x|)); with
    /// β² ∝ 1/N and bounded mismatches it is O(1) independently of N — the reason β² must shrink with depth.
    /// </summary>
    public static double DslmLogGradientBound(double betaSquared, IReadOnlyCollection<double> backwardGains)
    {
        double sum = backwardGains.Sum(t => Math.Abs(t - 1)), max = backwardGains.Max(t => Math.Abs(t - 1));
        double worst = betaSquared * max;
        return worst >= 1 ? double.PositiveInfinity : betaSquared * sum / (1 - worst);
    }
}
