using SignalProp.Theory.Analysis;
using SignalProp.Theory.Models;

namespace SignalProp.Cli.Modeling;

/// <summary>Receives the fields of one row (or, for a header, only their names), in a fixed order.</summary>
public interface IRowSink
{
    /// <summary>An integer field.</summary>
    void Integer(string name, int value);

    /// <summary>A string field.</summary>
    void Text(string name, string value);

    /// <summary>A real field (±∞ possible).</summary>
    void Number(string name, double value);

    /// <summary>A real field that does not exist for this row (null).</summary>
    void Null(string name);

    /// <summary>A boolean field.</summary>
    void Boolean(string name, bool value);
}

/// <summary>
/// The rows k = 0…2N of <c>predict model</c>'s <c>stream</c> (JSON) and of its CSV: one definition of the field names and
/// their order, used by every output form. Fields: <c>sublayer</c>, <c>layer</c> (0-based; −1 for the embedding),
/// <c>kind</c> (embedding, attention, ffn), the stream moments, the attention score variance and instability flag, the
/// branch (block) moments and backward gain, the pre-LN residual variance, this sub-layer's λ and β, Admin's
/// <c>branchDependency</c> β_{k,k}² and <c>outputChange</c> Σ_{j≤k} β_{j,j}² (ADMIN.md §3.3, in units of C).
/// </summary>
public sealed class StreamRows
{
    /// <summary>Computes the derived columns of <paramref name="prediction"/>.</summary>
    public StreamRows(ModelPrediction prediction)
    {
        Prediction = prediction;
        BranchDependency = ResidualDependency.DiagonalSquares(prediction);
        OutputChange = ResidualDependency.OutputChange(prediction);
    }

    /// <summary>The prediction.</summary>
    public ModelPrediction Prediction { get; }

    /// <summary>β_{k,k}² per row (ADMIN.md §3.2).</summary>
    public IReadOnlyList<double> BranchDependency { get; }

    /// <summary>Var[Δx_k]/C per row (ADMIN.md §3.3).</summary>
    public IReadOnlyList<double> OutputChange { get; }

    /// <summary>2N + 1.</summary>
    public int Count => Prediction.Stream.Count;

    /// <summary>The field names, in order (every row has every field; some are null).</summary>
    public IReadOnlyList<string> FieldNames()
    {
        var names = new NameCollector();
        Write(names, 0);
        return names.Names;
    }

    /// <summary>The JSON/CSV name of a sub-layer kind.</summary>
    public static string KindName(SubLayerKind kind) => kind switch
    {
        SubLayerKind.Embedding => "embedding",
        SubLayerKind.Attention => "attention",
        _ => "ffn",
    };

    /// <summary>
    /// True when row <paramref name="k"/> has an overflowed (+∞) variance: quantities defined as ratios of them (e.g.
    /// <c>branchDependency</c>, <c>outputChange</c>, <c>blockGradientGain</c>) are then undefined and written as null.
    /// </summary>
    public bool Overflowed(int k)
    {
        var row = Prediction.Stream[k];
        return !double.IsFinite(row.ForwardVariance) || !double.IsFinite(row.GradientVariance) || !double.IsFinite(row.BlockVariance)
               || !double.IsFinite(row.ResidualInputVariance) || !double.IsFinite(row.ScoreVariance);
    }

    /// <summary>Writes row <paramref name="k"/> to <paramref name="sink"/>.</summary>
    public void Write(IRowSink sink, int k)
    {
        var row = Prediction.Stream[k];
        bool overflowed = Overflowed(k);
        sink.Integer("sublayer", row.SubLayer);
        sink.Integer("layer", row.Layer);
        sink.Text("kind", KindName(row.Kind));
        Number("forwardVariance", row.ForwardVariance);
        Number("forwardCorrelation", row.ForwardCorrelation);
        Number("gradientVariance", row.GradientVariance);
        Number("gradientCorrelation", row.GradientCorrelation);
        Number("scoreVariance", row.ScoreVariance);
        sink.Boolean("scoreInstability", row.ScoreInstability);
        Number("blockVariance", row.BlockVariance);
        Number("blockCorrelation", row.BlockCorrelation);
        // t_k does not exist for the embedding (the Theory reports NaN there), nor when the gradient has overflowed.
        if (k == 0 || double.IsNaN(row.BlockGradientGain)) sink.Null("blockGradientGain");
        else Number("blockGradientGain", row.BlockGradientGain);
        Number("residualInputVariance", row.ResidualInputVariance);
        if (k == 0)
        {
            sink.Null("lambda");
            sink.Null("beta");
        }
        else
        {
            var layer = Prediction.Initialization.Layers[row.Layer];
            var scales = row.Kind == SubLayerKind.Attention ? layer.Attention : layer.FeedForward;
            Number("lambda", scales.Skip);
            Number("beta", scales.Branch);
        }
        Number("branchDependency", BranchDependency[k]);
        Number("outputChange", OutputChange[k]);

        void Number(string name, double value)
        {
            if (double.IsNaN(value) && overflowed) sink.Null(name); // ∞/∞ after an overflow: undefined, not a failure
            else sink.Number(name, value);
        }
    }

    /// <summary>The printed values that are NaN (other than the fields that are null by definition), as (k, field).</summary>
    public IEnumerable<(int SubLayer, string Field)> NaNs()
    {
        var finder = new NaNFinder();
        for (int k = 0; k < Count; k++)
        {
            finder.Fields.Clear();
            Write(finder, k);
            foreach (string field in finder.Fields) yield return (k, field);
        }
    }

    private sealed class NameCollector : IRowSink
    {
        public List<string> Names { get; } = [];
        public void Integer(string name, int value) => Names.Add(name);
        public void Text(string name, string value) => Names.Add(name);
        public void Number(string name, double value) => Names.Add(name);
        public void Null(string name) => Names.Add(name);
        public void Boolean(string name, bool value) => Names.Add(name);
    }

    private sealed class NaNFinder : IRowSink
    {
        public List<string> Fields { get; } = [];
        public void Integer(string name, int value) { }
        public void Text(string name, string value) { }
        public void Number(string name, double value)
        {
            if (double.IsNaN(value)) Fields.Add(name);
        }
        public void Null(string name) { }
        public void Boolean(string name, bool value) { }
    }
}
