using System.Globalization;
using ScottPlot;
using SignalProp.Cli.Modeling;
using SignalProp.Empirical.Models;
using SignalProp.Plots;
using SignalProp.Theory.Components;
using SignalProp.Theory.Models;

namespace SignalProp.Cli.Reporting;

/// <summary>A number worth quoting next to the figures (summary.md, index.html).</summary>
/// <param name="Figure">The figure it belongs to.</param>
/// <param name="Label">What it is.</param>
/// <param name="Value">The formatted value.</param>
/// <param name="Headline">Shown among the few headline numbers at the top of the report.</param>
public sealed record KeyNumber(string Figure, string Label, string Value, bool Headline = false);

/// <summary>A finished figure: a single plot or a multi-panel figure, and its key numbers.</summary>
public sealed record BuiltFigure(FigureInfo Info, Plot? Plot, PanelFigure? Panels, IReadOnlyList<KeyNumber> Numbers)
{
    /// <summary>Renders to PNG bytes or SVG text.</summary>
    public byte[] Render(FigureFormat format)
        => format == FigureFormat.Svg
            ? NativeOutputMute.Run(() => Panels is not null ? FigureExport.Render(Panels, format) : FigureExport.Render(Plot!, format))
            : Panels is not null ? FigureExport.Render(Panels, format) : FigureExport.Render(Plot!, format);
}

/// <summary>
/// Assembles the theory figures 1–3 and 5–7 from a base <see cref="ModelRequest"/> (the architecture; each figure sets
/// the schemes, placements and dropout it compares). Nothing here writes files.
/// </summary>
public sealed class FigureBuilder
{
    /// <summary>The DSLM code's empirical input token correlation (THEORY.md §2.1, §7), used unless --input-correlation is given.</summary>
    public const double PaperInputCorrelation = 0.221;

    /// <summary>The depths of the full depth sweep: 1, 2, 4, …, 512 and 1000.</summary>
    public static IReadOnlyList<int> FullSweepDepths { get; } = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000];

    /// <summary>The depths of the quick depth sweep.</summary>
    public static IReadOnlyList<int> QuickSweepDepths { get; } = [1, 2, 4, 8, 16, 32, 64];

    /// <summary>Creates a builder.</summary>
    /// <param name="baseRequest">Architecture and scheme parameters (scheme and placement are set per curve).</param>
    /// <param name="sweepDepths">Depths of figure 7.</param>
    /// <param name="verificationLimit">Configurations per component for figure 4.</param>
    /// <param name="measureRequest">Architecture of the measured figures 1m–3m (a CPU-sized model); null = <paramref name="baseRequest"/>.</param>
    /// <param name="measureOptions">Run options of the measured figures; null = batch 8, 2 replicas, CPU, float32, Gaussian input.</param>
    public FigureBuilder(ModelRequest baseRequest, IReadOnlyList<int>? sweepDepths = null, int verificationLimit = 3,
        ModelRequest? measureRequest = null, StackOptions? measureOptions = null)
    {
        Base = baseRequest;
        SweepDepths = sweepDepths ?? FullSweepDepths;
        VerificationLimit = verificationLimit;
        MeasureRequest = measureRequest ?? baseRequest;
        MeasureOptions = measureOptions ?? MeasuredProfiles.CpuOptions(batch: 8, replicas: 2);
    }

    /// <summary>Architecture of the measured figures 1m–3m.</summary>
    public ModelRequest MeasureRequest { get; }

    /// <summary>Run options of the measured figures.</summary>
    public StackOptions MeasureOptions { get; }

    private MeasuredProfiles? _measured;

    /// <summary>The whole-model simulations of figures 1m–3m (run once, on first use).</summary>
    public MeasuredProfiles Measured => _measured ??= MeasuredProfiles.Run(MeasureRequest, MeasureOptions);

    /// <summary>Configurations per component for figure 4.</summary>
    public int VerificationLimit { get; }

    private VerificationData? _verification;

    /// <summary>The verifier's results (run once, on first use).</summary>
    public VerificationData Verification => _verification ??= VerificationData.Run(VerificationLimit);

    private AttentionFigureData? _attention;

    /// <summary>Figure 8a's attention Monte Carlo (run on first use; 2·<see cref="VerificationLimit"/> + 4 configurations).</summary>
    public AttentionFigureData Attention => _attention ??= AttentionFigureData.Run(2 * VerificationLimit + 4);

    /// <summary>The base request.</summary>
    public ModelRequest Base { get; }

    /// <summary>The depths of figure 7.</summary>
    public IReadOnlyList<int> SweepDepths { get; }

    /// <summary>Builds one theory figure (not <c>verification</c>, which needs measurements).</summary>
    /// <exception cref="CliUsageException">The figure needs measurements.</exception>
    public BuiltFigure Build(FigureInfo info) => info.Name switch
    {
        "forward-variance" => ForwardVariance(info),
        "gradient-variance" => GradientVariance(info),
        "correlation" => Correlation(info),
        "dependency" => Dependency(info, 6),
        "dependency-18" => Dependency(info, 18),
        "output-change" => OutputChange(info),
        "attention-scores" => AttentionScores(info),
        "depth-sweep" => DepthSweep(info),
        "forward-variance-measured" => MeasuredFigure(info, "forward"),
        "gradient-variance-measured" => MeasuredFigure(info, "gradient"),
        "correlation-measured" => MeasuredFigure(info, "correlation"),
        "attention-entropy-measured" => AttentionEntropyMeasured(info),
        "verification" => VerificationErrors(info),
        "verification-parity" => VerificationParity(info),
        "attention-gradient" => AttentionGradient(info),
        "gradient-profile" => GradientProfile(info),
        _ => throw new CliUsageException($"figure '{info.Name}' needs the empirical verifier (measurements); it cannot be drawn from theory alone."),
    };

    /// <summary>Predicts with the base architecture and the given scheme, placement and changes.</summary>
    public ModelPrediction Predict(string scheme, LayerNormPlacement placement, Func<ModelRequest, ModelRequest>? change = null)
    {
        var request = Base with { Scheme = scheme, Placement = placement };
        if (change is not null) request = change(request);
        return request.Evaluate().Prediction;
    }

    /// <summary>"192 layers, d = 1024, 16 heads, L = 256, p = 0.1, r₀ = 0.221": the architecture in one line.</summary>
    public string ConfigLine(ModelRequest? request = null)
    {
        var r = request ?? Base;
        var c = r.Config();
        string r0 = r.InputCorrelation is double v ? N(v) : "Zipf estimate";
        return $"{c.Layers} layers, d = {c.DModel}, {c.Heads} heads, d_ff = {c.FeedForwardWidth}, L = {c.SeqLen}, p = {N(c.Dropout)}, " +
               $"p_attn = {N(c.AttentionDropout)}, {c.Activation.Name}, r₀ = {r0}";
    }

    private BuiltFigure ForwardVariance(FigureInfo info)
    {
        var xavier = Predict("xavier", LayerNormPlacement.PreLN);
        var dslm = Predict("dslm", LayerNormPlacement.PreLN);
        var both = Figures.DepthProfile(
        [
            TheorySeries.ForwardVariance(xavier, "Xavier Pre-LN", "xavier"),
            TheorySeries.ForwardVariance(dslm, "DSLM Pre-LN", "dslm"),
        ], new DepthProfileOptions(Title: $"Pre-LN, {Base.Layers} layers, d = {Base.DModel}",
            YLabel: "forward variance σ² of the stream", YMin: 0, Legend: LegendPlacement.InsideUpperLeft));
        var zoom = Figures.DepthProfile([TheorySeries.ForwardVariance(dslm, "DSLM Pre-LN", "dslm")],
            new DepthProfileOptions(Title: "DSLM only (y from 0 to 2)", YLabel: "forward variance σ²", YMin: 0, YMax: 2,
                Legend: LegendPlacement.InsideLowerRight));
        var figure = FigureExport.Combine([both, zoom], columns: 2, panelWidth: FigureExport.DefaultWidth / 2);
        var dslmValues = dslm.Stream.Skip(1).Select(m => m.ForwardVariance).ToList();
        return new BuiltFigure(info, null, figure,
        [
            new(info.Name, "Xavier Pre-LN forward variance at the top", N(xavier.Top.ForwardVariance), true),
            new(info.Name, "Xavier Pre-LN forward growth σ²_top/σ²_0", N(xavier.ForwardGrowth)),
            new(info.Name, "DSLM Pre-LN forward variance, min … max over the stack", $"{N(dslmValues.Min())} … {N(dslmValues.Max())}", true),
        ]);
    }

    private BuiltFigure GradientVariance(FigureInfo info)
    {
        var models = new (string Label, string Scheme, LayerNormPlacement Placement, string Key)[]
        {
            ("Xavier Pre-LN", "xavier", LayerNormPlacement.PreLN, "xavier"),
            ("Xavier Post-LN", "xavier", LayerNormPlacement.PostLN, "Xavier Post-LN"),
            ("DSLM Pre-LN", "dslm", LayerNormPlacement.PreLN, "dslm"),
            ("DSLM Post-LN", "dslm", LayerNormPlacement.PostLN, "DSLM Post-LN"),
        };
        var series = new List<Series>();
        var numbers = new List<KeyNumber>();
        foreach (var m in models)
        {
            var p = Predict(m.Scheme, m.Placement);
            series.Add(TheorySeries.GradientVariance(p, m.Label, m.Key));
            numbers.Add(new(info.Name, $"{m.Label} gradient growth σ²_g,bottom/σ²_g,top", N(p.GradientGrowth), true));
        }
        var plot = Figures.DepthProfile(series, new DepthProfileOptions(
            Title: $"Gradient variance ({Base.Layers} layers, d = {Base.DModel})",
            YLabel: "gradient variance σ²_g (top = 1)", LogY: true));
        return new BuiltFigure(info, plot, null, numbers);
    }

    private BuiltFigure Correlation(FigureInfo info)
    {
        var series = new List<Series>();
        var numbers = new List<KeyNumber>();
        foreach (string scheme in new[] { "xavier", "dslm" })
            foreach (double p in new[] { 0.0, 0.1, 0.3 })
            {
                var prediction = Predict(scheme, LayerNormPlacement.PreLN, r => r with { Dropout = p, AttentionDropout = p });
                string label = $"{(scheme == "xavier" ? "Xavier" : "DSLM")} p = {N(p)}";
                series.Add(TheorySeries.ForwardCorrelation(prediction, label, label));
                numbers.Add(new(info.Name, $"{label}: token correlation at the top", N(prediction.Top.ForwardCorrelation)));
            }
        var plot = Figures.DepthProfile(series, new DepthProfileOptions(
            Title: $"Token correlation, Pre-LN ({Base.Layers} layers)", YLabel: "token correlation r", YMin: 0, YMax: 1.02));
        return new BuiltFigure(info, plot, null, numbers);
    }

    private (string Label, string Scheme, LayerNormPlacement Placement)[] AdminModels { get; } =
    [
        ("Pre-LN", "default", LayerNormPlacement.PreLN),
        ("Post-LN", "default", LayerNormPlacement.PostLN),
        ("Admin", "admin", LayerNormPlacement.PostLN),
    ];

    private BuiltFigure Dependency(FigureInfo info, int layers)
    {
        var matrices = AdminModels.Select(m =>
            TheorySeries.Dependency(Predict(m.Scheme, m.Placement, r => r with { Layers = layers }), $"{layers}-layer {m.Label}")).ToList();
        var figure = Figures.DependencyHeatmaps(matrices, includeEmbedding: false);
        var numbers = matrices.Select(m => new KeyNumber(info.Name, $"{m.Label}: β(i, i) at the last sub-layer",
            N(m.Beta[m.Rows - 1, m.Columns - 1]))).ToList();
        return new BuiltFigure(info, null, figure, numbers);
    }

    private BuiltFigure OutputChange(FigureInfo info)
    {
        var series = new List<Series>();
        var numbers = new List<KeyNumber>();
        foreach (var m in AdminModels)
        {
            var s = TheorySeries.OutputChange(Predict(m.Scheme, m.Placement), m.Label);
            series.Add(s);
            numbers.Add(new(info.Name, $"{m.Label} output change after {s.X.Count} sub-layers (units of C)", N(s.Y[^1]), true));
        }
        var plot = Figures.OutputChange(series, Figures.OutputChangeDefaults with
        {
            Title = $"Output change vs depth (d = {Base.DModel}, default init; Admin on Post-LN)",
        });
        return new BuiltFigure(info, plot, null, numbers);
    }

    private BuiltFigure AttentionScores(FigureInfo info)
    {
        var xavier = Predict("xavier", LayerNormPlacement.PreLN);
        var qk = xavier.Initialization.Layers[0];
        var big = Predict("xavier", LayerNormPlacement.PreLN, r => r with
        {
            Overrides = r.Overrides with { QueryStd = 3 * qk.QueryStd, KeyStd = 3 * qk.KeyStd },
        });
        var post = Predict("xavier", LayerNormPlacement.PostLN);
        var models = new (string Label, ModelPrediction Prediction, string Key)[]
        {
            ("Xavier Pre-LN", xavier, "xavier"), ("Xavier Pre-LN, 3× σ_q, σ_k", big, "Xavier 3x QK"), ("Xavier Post-LN", post, "Xavier Post-LN"),
        };
        double? mark = null;
        string? markLabel = null;
        var numbers = new List<KeyNumber>();
        foreach (var m in models)
        {
            double? first = TheorySeries.FirstScoreInstability(m.Prediction);
            numbers.Add(new(info.Name, $"{m.Label}: score instability ((1−r)S² > ln L) begins at layer",
                first is double f ? N(Math.Floor(f)) : "never"));
            if (mark is null && first is double x)
            {
                mark = x;
                markLabel = $"(1−r)S² > ln L from here ({m.Label})";
            }
        }
        var plot = Figures.DepthProfile(models.Select(m => TheorySeries.ScoreVariance(m.Prediction, m.Label, m.Key)).ToList(),
            new DepthProfileOptions(Title: $"Attention-score variance ({Base.Layers} layers, L = {Base.SeqLen})",
                YLabel: "attention-logit variance S²", LogY: true, MarkX: mark, MarkLabel: markLabel,
                Legend: LegendPlacement.OutsideBottom, YMin: 0.1));
        return new BuiltFigure(info, plot, null, numbers);
    }

    private BuiltFigure DepthSweep(FigureInfo info)
    {
        var sweeps = new List<SweepSeries>();
        var numbers = new List<KeyNumber>();
        foreach (var scheme in SignalProp.Theory.Schemes.InitSchemes.All)
        {
            bool post = scheme.Name is "admin" or "admin-logn" or "admin-o1" or "deepnorm";
            var placement = post ? LayerNormPlacement.PostLN : LayerNormPlacement.PreLN;
            var predictions = SweepDepths.Select(n => Predict(scheme.Name, placement, r => r with { Layers = n })).ToList();
            sweeps.Add(TheorySeries.Sweep(scheme.Name, predictions, post ? $"{scheme.Name} (Post-LN)" : scheme.Name));
            var deepest = predictions[^1];
            numbers.Add(new(info.Name, $"{scheme.Name}{(post ? " (Post-LN)" : "")} at N = {deepest.Config.Layers}: forward variance / gradient growth",
                $"{N(deepest.Top.ForwardVariance)} / {N(deepest.GradientGrowth)}"));
        }
        var figure = Figures.DepthSweep(sweeps, $"d = {Base.DModel}");
        return new BuiltFigure(info, null, figure, numbers);
    }

    private BuiltFigure MeasuredFigure(FigureInfo info, string quantity)
    {
        var data = Measured;
        var series = new List<Series>();
        var numbers = new List<KeyNumber>();
        Func<SimulatedSubLayer, Comparison> pick = quantity switch
        {
            "forward" => r => r.ForwardVariance,
            "gradient" => r => r.GradientVariance,
            _ => r => r.ForwardCorrelation,
        };
        foreach (var p in data.Profiles)
        {
            var rows = p.Result.Rows;
            var x = rows.Select(r => r.SubLayer / 2.0).ToArray();
            series.Add(Series.Theory($"{p.Label} (theory)", x, rows.Select(r => pick(r).Predicted).ToArray(), p.ColorKey));
            series.Add(Series.Measured($"{p.Label} (measured)", x, rows.Select(r => pick(r).Measured.Mean).ToArray(),
                rows.Select(r => pick(r).Measured.StandardError).ToArray(), p.ColorKey));
            var valid = rows.Where(r => double.IsFinite(pick(r).Predicted) && pick(r).Predicted != 0 && double.IsFinite(pick(r).Measured.Mean)).ToList();
            string Max(Func<Comparison, double> error) => valid.Count == 0 ? "n/a" : N(valid.Max(r => error(pick(r))));
            switch (quantity)
            {
                case "forward":
                    numbers.Add(new(info.Name, $"{p.Label}: measured vs predicted forward variance, max relative error", Max(c => c.RelativeError), true));
                    break;
                case "gradient":
                    numbers.Add(new(info.Name, $"{p.Label}: measured vs predicted gradient variance, max relative error", Max(c => c.RelativeError)));
                    break;
                default:
                    numbers.Add(new(info.Name, $"{p.Label}: measured vs predicted token correlation, max absolute error", Max(c => c.AbsoluteError), true));
                    break;
            }
        }
        var c = MeasureRequest.Config();
        string size = $"{c.Layers} layers, d = {c.DModel}, L = {c.SeqLen}, batch {data.Options.Batch} × {data.Options.Replicas} replicas";
        var options = quantity switch
        {
            "forward" => new DepthProfileOptions(Title: $"Forward variance, measured ({size})", YLabel: "forward variance σ² of the stream",
                YMin: 0, Legend: LegendPlacement.OutsideBottom),
            "gradient" => new DepthProfileOptions(Title: $"Gradient variance, measured ({size})", YLabel: "gradient variance σ²_g (top = 1)",
                LogY: true, Legend: LegendPlacement.OutsideBottom),
            _ => new DepthProfileOptions(Title: $"Token correlation, measured ({size})", YLabel: "token correlation r",
                YMin: 0, YMax: 1.02, Legend: LegendPlacement.OutsideBottom),
        };
        return new BuiltFigure(info, Figures.DepthProfile(series, options), null, numbers);
    }

    /// <summary>
    /// Figure 6m: the measured softmax entropy of every attention sub-layer (mean ± SE over replicas) in the same whole-model
    /// simulations, against ln L, the entropy of uniform attention. The theory has no entropy formula, so there is no line.
    /// </summary>
    private BuiltFigure AttentionEntropyMeasured(FigureInfo info)
    {
        var data = Measured;
        var series = new List<Series>();
        var numbers = new List<KeyNumber>();
        double top = 0;
        foreach (var p in data.Profiles)
        {
            var rows = p.Result.Rows.Where(r => r.SubLayer % 2 == 1).ToList();
            var x = rows.Select(r => r.SubLayer / 2.0).ToArray();
            top = Math.Max(top, x.Length == 0 ? 0 : x[^1]);
            series.Add(Series.Measured($"{p.Label} (measured)", x, rows.Select(r => r.AttentionEntropy.Mean).ToArray(),
                rows.Select(r => r.AttentionEntropy.StandardError).ToArray(), p.ColorKey));
            if (rows.Count > 0)
                numbers.Add(new(info.Name, $"{p.Label}: attention entropy, bottom → top attention sub-layer (nats)",
                    $"{N(rows[0].AttentionEntropy.Mean)} → {N(rows[^1].AttentionEntropy.Mean)}"));
        }
        var c = MeasureRequest.Config();
        double lnL = Math.Log(c.SeqLen);
        series.Add(Series.Theory($"ln L = {N(lnL)} (uniform attention)", [0.0, Math.Max(1.0, top)], [lnL, lnL], "default"));
        numbers.Add(new(info.Name, "maximum attention entropy ln L (nats)", N(lnL)));
        string size = $"{c.Layers} layers, d = {c.DModel}, L = {c.SeqLen}, batch {data.Options.Batch} × {data.Options.Replicas} replicas";
        var options = new DepthProfileOptions(Title: $"Attention entropy, measured ({size})", YLabel: "softmax entropy (nats)",
            YMin: 0, Legend: LegendPlacement.OutsideBottom);
        return new BuiltFigure(info, Figures.DepthProfile(series, options), null, numbers);
    }

    private BuiltFigure VerificationErrors(FigureInfo info)
    {
        var v = Verification;
        var figure = Figures.ErrorPercentilesByComponent(v.Rows, columns: 3);
        var numbers = new List<KeyNumber>
        {
            new(info.Name, $"verification: configurations run (quick profile, first {VerificationLimit} per component) / failed", $"{v.Configurations} / {v.Failed}"),
            new(info.Name, "verification: largest p50 relative error (%)", v.Rows.Count == 0 ? "n/a" :
                $"{N(v.Rows.Max(r => r.Ours.P50))} ({v.Rows.MaxBy(r => r.Ours.P50)!.Component} {v.Rows.MaxBy(r => r.Ours.P50)!.Quantity})", true),
        };
        return new BuiltFigure(info, null, figure, numbers);
    }

    private BuiltFigure VerificationParity(FigureInfo info)
    {
        var plot = Figures.Parity(Verification.Parity, logLog: true, title: "Predicted vs measured (all components)");
        return new BuiltFigure(info, plot, null, []);
    }

    /// <summary>
    /// Figure 8a: the attention input-gradient variance measured by the fresh-weights Monte Carlo against the authors'
    /// value-path formula and the full formula (ATTENTION.md §7), log–log parity.
    /// </summary>
    private BuiltFigure AttentionGradient(FigureInfo info)
    {
        var data = Attention;
        var measured = data.Points.Select(p => p.Measured).ToList();
        var sets = new List<ParitySet>
        {
            new("authors' value path (THEORY.md §2.8)", [.. data.Points.Select(p => p.Authors)], measured, "Xavier Post-LN"),
            new("full: value + query + key (ATTENTION.md §7)", [.. data.Points.Select(p => p.Full)], measured, "dslm"),
        };
        var plot = Figures.Parity(sets, logLog: true, title: $"Attention gradient variance ({data.Points.Count} configs)",
            xLabel: "predicted σ²_g,in", yLabel: "measured σ²_g,in (Monte Carlo, fresh weights)");
        string Summary(Func<AttentionFigurePoint, double> predictor)
        {
            var e = data.Errors(predictor).Order().ToList();
            return e.Count == 0 ? "n/a" : $"{N(100 * e[e.Count / 2])} / {N(100 * e[^1])}";
        }
        var numbers = new List<KeyNumber>
        {
            new(info.Name, "attention gradient variance, authors' value path: median / max relative error (%)", Summary(p => p.Authors)),
            new(info.Name, "attention gradient variance, full formula: median / max relative error (%)", Summary(p => p.Full), true),
        };
        return new BuiltFigure(info, plot, null, numbers);
    }

    /// <summary>
    /// Figure 8b: the measured whole-model gradient variance (figure 2m's simulations) beside the prediction with the
    /// authors' attention backward (dashed) and with the full one (solid).
    /// </summary>
    private BuiltFigure GradientProfile(FigureInfo info)
    {
        var data = Measured;
        var series = new List<Series>();
        var numbers = new List<KeyNumber>();
        foreach (var p in data.Profiles)
        {
            var rows = p.Result.Rows;
            var x = rows.Select(r => r.SubLayer / 2.0).ToArray();
            var full = p.Result.Prediction;
            var authors = TransformerModel.Predict(full.Config with { AttentionBackward = AttentionBackward.Value }, full.Initialization);
            // Drawn for the Xavier models, where the attention backward matters; one colour per placement so that the
            // dashed authors' line is the only dashed one of its colour. The DSLM figures go into the key numbers.
            if (p.Label.StartsWith("Xavier", StringComparison.Ordinal))
            {
                string key = p.Label.EndsWith("Pre-LN", StringComparison.Ordinal) ? "Pre-LN" : "Post-LN";
                series.Add(Series.Theory($"{p.Label} (full)", x, [.. full.Stream.Select(r => r.GradientVariance)], key));
                series.Add(Series.Theory($"{p.Label} (authors' value path)", x, [.. authors.Stream.Select(r => r.GradientVariance)], key) with { Style = SeriesStyle.DashedLine });
                series.Add(Series.Measured($"{p.Label} (measured)", x, [.. rows.Select(r => r.GradientVariance.Measured.Mean)],
                    [.. rows.Select(r => r.GradientVariance.Measured.StandardError)], key));
            }
            double MaxError(ModelPrediction prediction) => rows.Where(r => double.IsFinite(r.GradientVariance.Measured.Mean) && r.GradientVariance.Measured.Mean != 0)
                .Max(r => Math.Abs(prediction.Stream[r.SubLayer].GradientVariance - r.GradientVariance.Measured.Mean) / Math.Abs(r.GradientVariance.Measured.Mean));
            numbers.Add(new(info.Name, $"{p.Label}: gradient variance, max relative error, authors' value path → full (%)",
                $"{N(100 * MaxError(authors))} → {N(100 * MaxError(full))}", p.Label == "Xavier Pre-LN"));
        }
        var c = MeasureRequest.Config();
        var options = new DepthProfileOptions(Title: $"Xavier gradient: authors' vs full attention backward ({c.Layers} layers, d = {c.DModel})",
            YLabel: "gradient variance σ²_g (top = 1)", LogY: true, Legend: LegendPlacement.OutsideBottom);
        return new BuiltFigure(info, Figures.DepthProfile(series, options), null, numbers);
    }

    private static string N(double value) => CliFormat.Number(value);
}
