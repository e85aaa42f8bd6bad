using SignalProp.Plots;
using SignalProp.Theory.Models;
using SignalProp.Theory.Schemes;

namespace SignalProp.Plots.Tests;

/// <summary>The adapters from real Theory predictions to figure records, rendered end to end.</summary>
public class TheorySeriesTests
{
    private static ModelPrediction Predict(string scheme, int layers, LayerNormPlacement placement, int d = 256)
    {
        var config = new TransformerConfig { Layers = layers, DModel = d, Heads = 4, SeqLen = 64, Placement = placement };
        return TransformerModel.Predict(config, InitSchemes.FromName(scheme).Initialize(config));
    }

    [Fact]
    public void ForwardAndGradientProfiles_FromPredictions()
    {
        var xavier = Predict("xavier", 48, LayerNormPlacement.PreLN);
        var dslm = Predict("dslm", 48, LayerNormPlacement.PreLN);
        var forward = TheorySeries.ForwardVariance(xavier, "xavier (theory)", "xavier");
        Assert.Equal(2 * 48 + 1, forward.X.Count);
        Assert.Equal(48, forward.X[^1]);
        Assert.True(forward.Y[^1] > 10 * forward.Y[1], "Xavier Pre-LN forward variance should grow linearly");

        var plot = Figures.DepthProfile([forward, TheorySeries.ForwardVariance(dslm, "dslm (theory)", "dslm")],
            new DepthProfileOptions(Title: "Forward variance (theory, 48 layers)", YLabel: "forward variance σ²"));
        var svg = FigureAssert.SaveAndCheck(plot, "theory-forward-variance");
        FigureAssert.ContainsText(svg, "xavier (theory)", "dslm (theory)");

        var gradient = Figures.DepthProfile(
            [TheorySeries.GradientVariance(xavier, "xavier", "xavier"), TheorySeries.GradientVariance(dslm, "dslm", "dslm")],
            new DepthProfileOptions(Title: "Gradient variance (theory)", YLabel: "gradient variance σ²g", LogY: true,
                MarkX: TheorySeries.FirstScoreInstability(xavier), MarkLabel: "score instability"));
        FigureAssert.HasLogTicks(FigureAssert.SaveAndCheck(gradient, "theory-gradient-variance"));
    }

    [Fact]
    public void DependencyAndOutputChange_FromPredictions()
    {
        var pre = Predict("xavier", 6, LayerNormPlacement.PreLN);
        var post = Predict("xavier", 6, LayerNormPlacement.PostLN);
        var admin = Predict("admin", 6, LayerNormPlacement.PostLN);
        DependencyMatrix[] matrices =
        [
            TheorySeries.Dependency(pre, "Pre-LN"), TheorySeries.Dependency(post, "Post-LN"), TheorySeries.Dependency(admin, "Admin"),
        ];
        Assert.All(matrices, m => Assert.Equal((13, 13), (m.Rows, m.Columns)));
        FigureAssert.SaveAndCheck(Figures.DependencyHeatmaps(matrices), "theory-dependency", minPngBytes: 12_000);

        var deep = new[] { ("Pre-LN", LayerNormPlacement.PreLN, "xavier"), ("Post-LN", LayerNormPlacement.PostLN, "xavier"),
            ("Admin", LayerNormPlacement.PostLN, "admin") }
            .Select(t => TheorySeries.OutputChange(Predict(t.Item3, 100, t.Item2), t.Item1)).ToList();
        Assert.All(deep, s => Assert.Equal(200, s.X.Count));
        var svg = FigureAssert.SaveAndCheck(Figures.OutputChange(deep), "theory-output-change");
        FigureAssert.ContainsText(svg, "Pre-LN", "Post-LN", "Admin");
    }

    [Fact]
    public void DepthSweep_FromPredictions()
    {
        int[] depths = [1, 2, 5, 10, 20, 50, 100, 200];
        var sweeps = new[] { "xavier", "default", "dslm" }
            .Select(s => TheorySeries.Sweep(s, depths.Select(n => Predict(s, n, LayerNormPlacement.PreLN, d: 128))))
            .ToList();
        Assert.All(sweeps, s => Assert.Equal(depths.Select(n => (double)n), s.Depths));
        var svg = FigureAssert.SaveAndCheck(Figures.DepthSweep(sweeps, "Pre-LN, d = 128"), "theory-depth-sweep");
        FigureAssert.ContainsText(svg, "xavier", "default", "dslm");
    }
}
