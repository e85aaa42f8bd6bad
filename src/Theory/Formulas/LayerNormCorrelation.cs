namespace SignalProp.Theory.Formulas;

/// <summary>Which token-correlation map LayerNorm uses.</summary>
public enum LayerNormCorrelation
{
    /// <summary>The authors' r(1 − 1/d) (THEORY.md §2.5); reproduces their scripts and figures.</summary>
    Authors,

    /// <summary>The exact map of ATTENTION.md §11.1 (hypergeometric); r_out(1) = 1.</summary>
    Exact,

    /// <summary>r unchanged (the large-d limit; THEORY.md §2.5 "optionally offer r unchanged").</summary>
    Unchanged,
}
