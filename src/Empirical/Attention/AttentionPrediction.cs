namespace SignalProp.Empirical.Attention;

/// <summary>A predicted pair of input-gradient moments of an attention block (ATTENTION.md §1 targets).</summary>
/// <param name="Variance">σ²_{g,in} = E[g_ik²].</param>
/// <param name="Covariance">C_{g,in} = E[g_ik g_jk], i ≠ j.</param>
public readonly record struct AttentionPrediction(double Variance, double Covariance)
{
    /// <summary>A prediction that is not available (both NaN); its errors are NaN and left out of the percentiles.</summary>
    public static AttentionPrediction Unavailable => new(double.NaN, double.NaN);
}
