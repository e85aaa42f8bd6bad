namespace SignalProp.Plots;

/// <summary>
/// Admin's layer dependency β_{i,j} (ADMIN.md §3.1) of one model, as produced by
/// <c>SignalProp.Theory.Analysis.ResidualDependency.Matrix</c> or measured.
/// </summary>
/// <param name="Label">Panel title, e.g. "Pre-LN", "Post-LN", "Admin".</param>
/// <param name="Beta">
/// β[i, j]: row i = the residual stream after sub-layer i (row 0 = the embedding output x₀), column j = component j
/// (0 = the embedding, j ≥ 1 = the output of residual branch j). Lower-triangular: entries with j &gt; i are ignored.
/// Each row has Σ_j β²_{i,j} = 1.
/// </param>
public sealed record DependencyMatrix(string Label, double[,] Beta)
{
    /// <summary>The number of rows (2N + 1 for an N-layer model).</summary>
    public int Rows => Beta.GetLength(0);

    /// <summary>The number of columns.</summary>
    public int Columns => Beta.GetLength(1);

    /// <summary>
    /// The output-change estimate Σ_{j=1..i} β²_{j,j} for i = 1 … Rows − 1 (ADMIN.md §3.3, in units of the constant C),
    /// indexed from 0 (element 0 is sub-layer 1).
    /// </summary>
    public double[] CumulativeDiagonalSquares()
    {
        int n = Math.Min(Rows, Columns);
        var result = new double[Math.Max(0, n - 1)];
        double sum = 0;
        for (int i = 1; i < n; i++)
        {
            sum += Beta[i, i] * Beta[i, i];
            result[i - 1] = sum;
        }
        return result;
    }
}
