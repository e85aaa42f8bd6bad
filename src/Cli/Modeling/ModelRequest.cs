using SignalProp.Theory;
using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;

namespace SignalProp.Cli.Modeling;

/// <summary>
/// Everything <c>predict model</c> or <c>init</c> was asked: the architecture, the scheme with its parameters and the
/// overrides. <see cref="Config"/> builds (and validates) the <see cref="TransformerConfig"/>; <see cref="Evaluate"/>
/// initialises and predicts. Validation errors are <see cref="ArgumentOutOfRangeException"/>s whose messages name the
/// option as typed, e.g. <c>--layers = 0 is out of range: must be an integer ≥ 1.</c>
/// </summary>
public sealed record ModelRequest
{
    /// <summary>The scheme: an <see cref="InitSchemes"/> name or <see cref="ModelOptions.SolvedScheme"/>.</summary>
    public string Scheme { get; init; } = "xavier";

    /// <summary><c>--arch</c>.</summary>
    public LayerNormPlacement Placement { get; init; } = LayerNormPlacement.PreLN;

    /// <summary><c>--layers</c>.</summary>
    public int Layers { get; init; } = 192;

    /// <summary><c>--d-model</c>.</summary>
    public int DModel { get; init; } = 1024;

    /// <summary><c>--heads</c>.</summary>
    public int Heads { get; init; } = 16;

    /// <summary><c>--d-ff</c> (null: 4d).</summary>
    public int? DFf { get; init; }

    /// <summary><c>--seq-len</c>.</summary>
    public int SeqLen { get; init; } = 256;

    /// <summary><c>--dropout</c>.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary><c>--attention-dropout</c>.</summary>
    public double AttentionDropout { get; init; } = 0.1;

    /// <summary><c>--activation</c>.</summary>
    public string Activation { get; init; } = "relu";

    /// <summary><c>--vocab-size</c>.</summary>
    public int VocabSize { get; init; } = 30522;

    /// <summary><c>--zipf-exponent</c>.</summary>
    public double ZipfExponent { get; init; } = 1.0;

    /// <summary><c>--segments</c>.</summary>
    public int Segments { get; init; } = 2;

    /// <summary><c>--input-correlation</c>.</summary>
    public double? InputCorrelation { get; init; }

    /// <summary><c>--input-variance</c>.</summary>
    public double? InputVariance { get; init; }

    /// <summary><c>--ln-correlation</c>.</summary>
    public LayerNormCorrelation LayerNormMap { get; init; } = LayerNormCorrelation.Exact;

    /// <summary><c>--attention-backward</c>.</summary>
    public AttentionBackward AttentionBackward { get; init; } = CliOptions.ParseAttentionBackward(null);

    /// <summary><c>--grad-variance</c>.</summary>
    public double GradVariance { get; init; } = 1.0;

    /// <summary><c>--grad-correlation</c>.</summary>
    public double GradCorrelation { get; init; }

    /// <summary><c>--dslm-k</c>.</summary>
    public double DslmK { get; init; } = 1.0;

    /// <summary><c>--dslm-alpha</c>.</summary>
    public double DslmAlpha { get; init; } = 1.0;

    /// <summary><c>--dslm-count sublayers</c>.</summary>
    public bool DslmCountSubLayers { get; init; }

    /// <summary><c>--beta-squared</c>.</summary>
    public double? BetaSquared { get; init; }

    /// <summary><c>--gradient-band</c>.</summary>
    public double GradientBand { get; init; } = 2.0;

    /// <summary>The per-weight and residual overrides (<c>--q-std</c> …, <c>--lambda</c>, <c>--beta</c>).</summary>
    public InitializationOverrides Overrides { get; init; } = new();

    /// <summary>True for <c>solved</c> (<see cref="InitSolver"/>).</summary>
    public bool IsSolved => string.Equals(Scheme, ModelOptions.SolvedScheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The validated configuration. The Theory's setters name their parameters as the options (<c>layers</c>, …); this
    /// adds the dashes, and checks what the setters cannot (heads | d-model, the injected gradient).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message starts with <c>--option = value</c>.</exception>
    public TransformerConfig Config()
    {
        var config = WithOptionNames(() => new TransformerConfig
        {
            Placement = Placement,
            Layers = Layers,
            DModel = DModel,
            Heads = Heads,
            DFf = DFf,
            SeqLen = SeqLen,
            Dropout = Dropout,
            AttentionDropout = AttentionDropout,
            Activation = ElementwiseFunction.FromName(Activation),
            VocabSize = VocabSize,
            ZipfExponent = ZipfExponent,
            Segments = Segments,
            InputCorrelation = InputCorrelation,
            InputVariance = InputVariance,
            LayerNormMap = LayerNormMap,
            AttentionBackward = AttentionBackward,
            OutputGradient = new GradientMoments(Require.NonNegativeFinite(GradVariance, "--grad-variance"), Require.Correlation(GradCorrelation, "--grad-correlation")),
        });
        if (config.DModel % config.Heads != 0)
            throw Require.Fail("--heads", config.Heads, $"a divisor of --d-model = {config.DModel}");
        return config.EnsureValid();
    }

    /// <summary>Checks the overrides (standard deviations finite and ≥ 0, λ and β finite).</summary>
    public InitializationOverrides ValidOverrides()
    {
        var o = Overrides;
        Check(o.QueryStd, "--q-std");
        Check(o.KeyStd, "--k-std");
        Check(o.ValueStd, "--v-std");
        Check(o.OutputStd, "--o-std");
        Check(o.UpStd, "--up-std");
        Check(o.DownStd, "--down-std");
        Check(o.EmbeddingStd, "--embedding-std");
        if (o.Lambda is double lambda) Require.Finite(lambda, "--lambda");
        if (o.Beta is double beta) Require.Finite(beta, "--beta");
        return o;

        static void Check(double? std, string name)
        {
            if (std is double s) Require.NonNegativeFinite(s, name);
        }
    }

    /// <summary>The registry scheme with this request's parameters (not for <c>solved</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown name or a parameter out of range.</exception>
    public IInitScheme ResolveScheme()
    {
        var scheme = WithOptionNames(() => InitSchemes.FromName(Scheme), "--init");
        return scheme is DslmScheme
            ? WithOptionNames(() => new DslmScheme { Numerator = DslmK, Exponent = DslmAlpha, CountSubLayers = DslmCountSubLayers, BetaSquared = BetaSquared })
            : scheme;
    }

    /// <summary>The solver options (<c>--gradient-band</c>, <c>--beta-squared</c>).</summary>
    public SolverOptions SolverOptions() => WithOptionNames(() => new SolverOptions { GradientBand = GradientBand, BetaSquared = BetaSquared });

    /// <summary>Validates everything, initialises (the scheme, or the solver), applies the overrides and predicts.</summary>
    public ModelEvaluation Evaluate()
    {
        var config = Config();
        var overrides = ValidOverrides();
        SolverResult? solver = null;
        ModelInitialization scheme;
        IInitScheme? resolved = null;
        if (IsSolved)
        {
            var options = SolverOptions();
            solver = WithOptionNames(() => InitSolver.Solve(config, options));
            scheme = solver.Initialization;
        }
        else
        {
            resolved = ResolveScheme();
            scheme = WithOptionNames(() => resolved.Initialize(config));
        }

        var initialization = overrides.IsEmpty ? scheme : scheme.WithOverrides(overrides) with { Notes = [.. scheme.Notes, OverrideNote(overrides)] };
        var prediction = solver is not null && overrides.IsEmpty
            ? solver.Prediction
            : WithOptionNames(() => TransformerModel.Predict(config, initialization));
        return new ModelEvaluation(this, config, resolved?.Description ?? SolverDescription, initialization, prediction, solver);
    }

    /// <summary>The one-line description of <c>solved</c>.</summary>
    public const string SolverDescription =
        "InitSolver: DSLM generalised to this configuration; every block output variance 1, λ² + β² = 1, the largest β² within the gradient band";

    /// <summary>"overridden: σ_q = 5, λ = 1" for the notes.</summary>
    public static string OverrideNote(InitializationOverrides o)
    {
        var parts = new List<string>();
        void Add(string name, double? value)
        {
            if (value is double v) parts.Add($"{name} = {CliFormat.Number(v)}");
        }
        Add("σ_emb", o.EmbeddingStd);
        Add("σ_q", o.QueryStd);
        Add("σ_k", o.KeyStd);
        Add("σ_v", o.ValueStd);
        Add("σ_o", o.OutputStd);
        Add("σ_1", o.UpStd);
        Add("σ_2", o.DownStd);
        Add("λ", o.Lambda);
        Add("β", o.Beta);
        return "overridden in every layer: " + string.Join(", ", parts);
    }

    /// <summary>
    /// Runs <paramref name="action"/>, rewriting an <see cref="ArgumentOutOfRangeException"/> whose message starts with a
    /// bare option name (<c>layers = 0 …</c>, as the Theory names them) to the typed spelling (<c>--layers = 0 …</c>);
    /// <paramref name="rename"/> replaces the name instead (e.g. the registry's <c>init</c>).
    /// </summary>
    public static T WithOptionNames<T>(Func<T> action, string? rename = null)
    {
        try
        {
            return action();
        }
        catch (ArgumentOutOfRangeException exception)
        {
            string message = CliErrors.Describe(exception);
            int equals = message.IndexOf(" = ", StringComparison.Ordinal);
            if (equals <= 0 || message.StartsWith('-')) throw;
            string name = message[..equals];
            if (name.Contains(' ')) throw; // e.g. "q-std (layer 3)": not an option
            string option = rename ?? "--" + name;
            throw new ArgumentOutOfRangeException(option, exception.ActualValue, option + message[equals..]);
        }
    }
}

/// <summary>The outcome of <see cref="ModelRequest.Evaluate"/>.</summary>
/// <param name="Request">What was asked.</param>
/// <param name="Config">The validated configuration.</param>
/// <param name="SchemeDescription">The scheme's one-line description.</param>
/// <param name="Initialization">The σ's and residual scales used (after overrides).</param>
/// <param name="Prediction">The model's moments.</param>
/// <param name="Solver">The solver's answer for <c>solved</c>, else null.</param>
public sealed record ModelEvaluation(ModelRequest Request, TransformerConfig Config, string SchemeDescription,
    ModelInitialization Initialization, ModelPrediction Prediction, SolverResult? Solver);
