using SignalProp.Theory;
using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Formulas;

namespace SignalProp.Cli.Prediction;

/// <summary>
/// Builds the Theory component a <see cref="ComponentRequest"/> names, with the CLI's documented defaults, and evaluates
/// its forward and backward moment maps. Every number comes from the Theory library; nothing is recomputed here.
/// </summary>
public static class ComponentPredictor
{
    /// <summary>Default standard deviation of each embedding table: √(1/3), so that the three tables sum to variance 1.</summary>
    public static readonly double DefaultEmbeddingStd = Math.Sqrt(1.0 / 3.0);

    /// <summary>Validates <paramref name="request"/>, builds the component and returns its moments.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="CliUsageException">Unknown component name.</exception>
    /// <exception cref="AssumptionViolatedException">The input is outside the formula's assumptions.</exception>
    public static ComponentReport Predict(ComponentRequest request)
    {
        request.Validate();
        var info = ComponentCatalog.Find(request.Name)!;
        var parameters = new Dictionary<string, object>();
        var (component, extras) = Build(info.Name, request, parameters);

        var input = request.Input;
        var forward = component.Forward(input);
        var backward = component.Backward(input, request.OutputGradient);

        var forwardReport = ForwardReport.From(forward);
        var backwardReport = GradientReport.From(backward);
        if (extras.Approximate is { } approximate)
        {
            forwardReport = forwardReport with { VarianceApprox = approximate.Forward(input).Variance };
            backwardReport = backwardReport with { VarianceApprox = approximate.Backward(input, request.OutputGradient).Variance };
        }

        return new ComponentReport
        {
            Component = info.Name,
            Summary = info.Summary,
            Forward = forwardReport,
            Backward = backwardReport,
            ScoreVariance = extras.Attention?.ScoreVariance(input),
            TokenCollision = extras.Embedding?.TokenCollision,
            Input = info.UsesInputMoments ? ForwardReport.From(input) : null,
            OutputGradient = GradientReport.From(request.OutputGradient),
            Parameters = parameters,
        };
    }

    /// <summary>Validates <paramref name="request"/> and builds the Theory component it names, with the defaults applied.</summary>
    public static IComponent Build(ComponentRequest request)
    {
        request.Validate();
        return Build(ComponentCatalog.Find(request.Name)!.Name, request, []).Component;
    }

    private static (IComponent Component, Extras Extras) Build(string name, ComponentRequest q, Dictionary<string, object> parameters)
    {
        switch (name)
        {
            case "embedding":
            {
                double std = q.WeightStd ?? DefaultEmbeddingStd;
                var embedding = new Embedding(q.VocabularySize, q.ZipfExponent, std, std, std, segments: 2, dropProbability: q.DropProbability);
                parameters["vocab-size"] = q.VocabularySize;
                parameters["zipf-exponent"] = q.ZipfExponent;
                parameters["word-std"] = std;
                parameters["position-std"] = std;
                parameters["segment-std"] = std;
                parameters["segments"] = 2;
                parameters["p"] = q.DropProbability;
                parameters["attention-backward"] = q.AttentionBackward.ToString().ToLowerInvariant();
                return (embedding, new Extras { Embedding = embedding });
            }
            case "linear":
            {
                int dOut = q.OutFeatures ?? q.InFeatures;
                double std = q.WeightStd ?? FanIn(q.InFeatures);
                parameters["d-in"] = q.InFeatures;
                parameters["d-out"] = dOut;
                parameters["weight-std"] = std;
                return (new Linear(q.InFeatures, dOut, std), default);
            }
            case "layernorm":
                parameters["d"] = q.ModelFeatures;
                parameters["ln-correlation"] = q.LayerNormCorrelation.ToString().ToLowerInvariant();
                return (new LayerNorm(q.ModelFeatures, q.LayerNormCorrelation), default);
            case "dropout":
                parameters["p"] = q.DropProbability;
                return (new Dropout(q.DropProbability), default);
            case "softmax":
                parameters["seq-len"] = q.Length;
                return (new Softmax(q.Length), new Extras { Approximate = new Softmax(q.Length, Approximate: true) });
            case "sha":
            {
                int dOut = q.NoValue ? q.InFeatures : q.OutFeatures ?? ComponentRequest.DefaultHeadWidth;
                double fanIn = FanIn(q.InFeatures);
                double? valueStd = q.NoValue ? null : q.ValueStd ?? fanIn;
                var attention = new SelfAttention(q.InFeatures, dOut, 1, q.Length, q.QueryStd ?? fanIn, q.KeyStd ?? fanIn, valueStd, q.AttentionDropout)
                {
                    BackwardFormula = q.AttentionBackward,
                };
                parameters["d-in"] = q.InFeatures;
                parameters["d-out"] = dOut;
                parameters["seq-len"] = q.Length;
                parameters["q-std"] = attention.QueryStd;
                parameters["k-std"] = attention.KeyStd;
                parameters["v-std"] = valueStd is double v ? v : "none (--no-v)";
                parameters["attention-dropout"] = q.AttentionDropout;
                parameters["attention-backward"] = q.AttentionBackward.ToString().ToLowerInvariant();
                return (attention, new Extras { Attention = attention });
            }
            case "mha":
            {
                double fanIn = FanIn(q.ModelFeatures);
                var mha = new MultiHeadAttention(q.ModelFeatures, q.Heads, q.Length, q.QueryStd ?? fanIn, q.KeyStd ?? fanIn,
                    q.ValueStd ?? fanIn, q.OutputStd ?? fanIn, q.AttentionDropout, q.DropProbability, q.AttentionBackward);
                parameters["d"] = q.ModelFeatures;
                parameters["heads"] = q.Heads;
                parameters["seq-len"] = q.Length;
                parameters["q-std"] = mha.Attention.QueryStd;
                parameters["k-std"] = mha.Attention.KeyStd;
                parameters["v-std"] = mha.Attention.ValueStd!.Value;
                parameters["o-std"] = mha.Output.WeightStd;
                parameters["attention-dropout"] = q.AttentionDropout;
                parameters["p"] = q.DropProbability;
                return (mha, new Extras { Attention = mha.Attention });
            }
            case "ffn":
            {
                int dff = q.HiddenFeatures ?? 4 * q.ModelFeatures;
                var activation = MakeActivation(ElementwiseFunction.FromName(q.Activation), q.Quadrature);
                double up = q.WeightStd ?? FanIn(q.ModelFeatures), down = q.WeightStd ?? FanIn(dff);
                parameters["d"] = q.ModelFeatures;
                parameters["d-ff"] = dff;
                parameters["activation"] = activation.Function.Name;
                parameters["method"] = Method(activation, ForwardMoments.StandardNormal);
                parameters["up-std"] = up;
                parameters["down-std"] = down;
                parameters["p"] = q.DropProbability;
                return (new FeedForward(q.ModelFeatures, dff, activation, up, down, q.DropProbability), default);
            }
            case "residual":
            {
                double rf = q.BranchCorrelation ?? q.Input.Correlation;
                var branch = new FixedMomentsBranch(new ForwardMoments(0.0, q.BranchVariance, rf), q.BranchGain);
                parameters["lambda"] = q.SkipScale;
                parameters["beta"] = q.BranchScale;
                parameters["branch-variance"] = q.BranchVariance;
                parameters["branch-correlation"] = rf;
                parameters["branch-gain"] = q.BranchGain;
                return (new Residual(branch, q.SkipScale, q.BranchScale), default);
            }
            default:
            {
                // Every other catalog name is an elementwise activation (swish = silu).
                var activation = MakeActivation(ElementwiseFunction.FromName(name), q.Quadrature);
                parameters["activation"] = activation.Function.Name;
                parameters["method"] = Method(activation, q.Input);
                return (activation, default);
            }
        }
    }

    private static Activation MakeActivation(ElementwiseFunction function, bool quadrature)
    {
        var method = quadrature ? ActivationMethod.Quadrature : ActivationMethod.Auto;
        // Reuse the library's shared instances so that the closed forms are recognised.
        if (method == ActivationMethod.Auto && ReferenceEquals(function, ElementwiseFunction.Relu)) return Activation.Relu;
        if (method == ActivationMethod.Auto && ReferenceEquals(function, ElementwiseFunction.Gelu)) return Activation.Gelu;
        return new Activation(function, method);
    }

    private static string Method(Activation activation, ForwardMoments input)
        => activation.UsesClosedForm(input) ? "closed form" : "quadrature";

    private static double FanIn(int fanIn) => 1.0 / Math.Sqrt(fanIn);

    private readonly record struct Extras(IComponent? Approximate = null, SelfAttention? Attention = null, Embedding? Embedding = null);
}
