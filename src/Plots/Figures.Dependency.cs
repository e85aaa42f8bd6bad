using ScottPlot;

namespace SignalProp.Plots;

public static partial class Figures
{
    private const float HeatLeft = 78, HeatRight = 28, HeatColorBar = 120, HeatTop = 44, HeatBottom = 62, HeatData = 330;

    /// <summary>
    /// Figure 5a: the dependency β_{i,j} of every model side by side (e.g. Pre-LN, Post-LN, Admin) with one shared colour
    /// scale (0 … largest β) and a colour bar on the right. Row i (y axis, "sub-layer i (row)") is the stream after
    /// sub-layer i, column j (x axis, "component j") the component from branch j (0 = embedding). <b>Row 0 is at the
    /// top</b>, as in the Admin paper's figure, so the lower triangle runs from the top-left corner down to the
    /// bottom-right; the y tick labels give the row index. Entries above the diagonal (j &gt; i) are left blank when
    /// <paramref name="maskUpperTriangle"/> is set, non-finite entries always.
    /// </summary>
    /// <param name="matrices">One matrix per panel.</param>
    /// <param name="colorBarLabel">Label of the colour bar.</param>
    /// <param name="maskUpperTriangle">Leave j &gt; i blank.</param>
    /// <param name="includeEmbedding">
    /// Show row 0 (x₀) and column 0 (the embedding). False drops them, as the Admin paper's figure does (rows x₁…, columns
    /// a₁…); the tick labels keep the original indices, and the colour scale then spans only the branch entries.
    /// </param>
    /// <exception cref="ArgumentException">No matrices.</exception>
    public static PanelFigure DependencyHeatmaps(IReadOnlyList<DependencyMatrix> matrices, string colorBarLabel = "dependency β(i, j)",
        bool maskUpperTriangle = true, bool includeEmbedding = true)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        if (matrices.Count == 0) throw new ArgumentException("Need at least one dependency matrix.", nameof(matrices));
        int first = includeEmbedding ? 0 : 1;
        double vmax = 0;
        foreach (var m in matrices)
            for (int i = first; i < m.Rows; i++)
                for (int j = first; j < m.Columns; j++)
                    if ((!maskUpperTriangle || j <= i) && double.IsFinite(m.Beta[i, j])) vmax = Math.Max(vmax, m.Beta[i, j]);
        if (!(vmax > 0)) vmax = 1;
        var range = new ScottPlot.Range(0, vmax);

        var panels = new List<Plot>();
        var weights = new List<double>();
        for (int p = 0; p < matrices.Count; p++)
        {
            var m = matrices[p];
            bool last = p == matrices.Count - 1;
            int n = Math.Max(1, m.Rows - first), c = Math.Max(1, m.Columns - first);
            var data = new double[n, c];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < c; j++)
                {
                    int row = i + first, col = j + first;
                    double v = row < m.Rows && col < m.Columns ? m.Beta[row, col] : double.NaN;
                    data[i, j] = (maskUpperTriangle && col > row) || !double.IsFinite(v) ? double.NaN : v;
                }

            bool empty = true;
            foreach (double v in data) empty &= double.IsNaN(v);
            if (empty) data = new double[n, c]; // ScottPlot cannot scale an all-NaN heatmap; draw zeros, invisibly

            var plot = new Plot();
            var heatmap = plot.Add.Heatmap(Upsample(data));
            if (empty) heatmap.Opacity = 0;
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.ManualRange = range;
            heatmap.NaNCellColor = Colors.Transparent;
            // Row 0 of the array is drawn at the top of the extent (ScottPlot's default), i.e. at y = n − 1.
            heatmap.Rectangle = new CoordinateRect(-0.5, c - 0.5, -0.5, n - 0.5); // the cell edges: cell (i, j) is centred on (j, n − 1 − i)
            plot.Axes.SetLimits(-0.5, c - 0.5, -0.5, n - 0.5);

            int xStep = TickStep(c), yStep = TickStep(n);
            // Ticks carry the original indices (i, j), every 1, 2, 5, 10, … cells.
            var xTicks = Enumerable.Range(0, c).Where(j => (j + first) % xStep == 0).ToArray();
            var yTicks = Enumerable.Range(0, n).Where(i => (i + first) % yStep == 0).ToArray();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                xTicks.Select(j => (double)j).ToArray(), xTicks.Select(j => Index(j + first)).ToArray());
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                yTicks.Select(i => (double)(n - 1 - i)).ToArray(), yTicks.Select(i => Index(i + first)).ToArray());
            plot.HideGrid();

            plot.Title(m.Label);
            plot.XLabel("component j");
            plot.YLabel(p == 0 ? "sub-layer i (row)" : "");
            if (last)
            {
                var bar = plot.Add.ColorBar(heatmap);
                bar.Label = colorBarLabel;
            }
            float right = HeatRight + (last ? HeatColorBar : 0);
            plot.Layout.Fixed(new PixelPadding(HeatLeft, right, HeatBottom, HeatTop));
            FigureStyle.Apply(plot);
            if (last)
                foreach (var bar in plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>())
                {
                    bar.LabelStyle.FontSize = FigureStyle.AxisLabelSize;
                    bar.LabelStyle.FontName = FigureStyle.FontName;
                    bar.Axis.TickLabelStyle.FontSize = FigureStyle.TickLabelSize;
                    bar.Axis.TickLabelStyle.FontName = FigureStyle.FontName;
                }
            panels.Add(plot);
            weights.Add(HeatLeft + HeatData + right);
        }
        int width = (int)Math.Round(weights.Sum());
        int height = (int)Math.Round(HeatTop + HeatData + HeatBottom);
        return new PanelFigure(panels, panels.Count, width, height, weights);
    }

    /// <summary>
    /// Repeats every cell k × k times so that the heatmap bitmap has at least about 120 pixels per side. SVG embeds the
    /// bitmap as an image that viewers scale with smoothing; without this a 13 × 13 matrix would be a blur (with it, only
    /// cell edges are softened, by a fraction of a cell).
    /// </summary>
    private static double[,] Upsample(double[,] data)
    {
        int n = data.GetLength(0), c = data.GetLength(1);
        int k = Math.Clamp((int)Math.Ceiling(120.0 / Math.Max(n, c)), 1, 32);
        if (k == 1) return data;
        var result = new double[n * k, c * k];
        for (int i = 0; i < n * k; i++)
            for (int j = 0; j < c * k; j++) result[i, j] = data[i / k, j / k];
        return result;
    }

    private static string Index(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A tick step of 1, 2, 5, 10, 20, 50, … giving at most about 10 ticks over <paramref name="count"/> cells.</summary>
    private static int TickStep(int count)
    {
        foreach (int step in (int[])[1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000])
            if (count / step <= 10) return step;
        return Math.Max(1, count / 10);
    }
}
