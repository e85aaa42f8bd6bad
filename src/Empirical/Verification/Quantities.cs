namespace SignalProp.Empirical.Verification;

/// <summary>The quantity names of THEORY.md §5.4 used in results, CSV columns and JSON.</summary>
public static class Quantities
{
    /// <summary>Output mean.</summary>
    public const string XMean = "xMean";
    /// <summary>Output variance.</summary>
    public const string XVar = "xVar";
    /// <summary>Output mean off-diagonal token covariance.</summary>
    public const string XCov = "xCov";
    /// <summary>Output mean off-diagonal feature covariance (LayerNorm).</summary>
    public const string XCovFeatures = "xCovFeatures";
    /// <summary>Softmax output variance against the large-L approximation.</summary>
    public const string XVarApprox = "xVarApprox";
    /// <summary>Input-gradient variance.</summary>
    public const string GVar = "gVar";
    /// <summary>Input-gradient mean off-diagonal token covariance.</summary>
    public const string GCov = "gCov";
    /// <summary>Softmax input-gradient variance against the large-L approximation.</summary>
    public const string GVarApprox = "gVarApprox";
}
