using SignalProp.Theory.Analysis;
using SignalProp.Theory.Models;

namespace SignalProp.Empirical.Models;

/// <summary>
/// Puts Admin's output-change estimate in the measurement's units. ADMIN.md §3.3 predicts Var[Δx_k] ≈ C·Σ_{j≤k} β_{j,j}²
/// only up to the constant C (it depends on the perturbation and on the weights), and the embedding's own change adds an
/// offset; so the prediction P_k = a + C·u_k, with u_k = <see cref="ResidualDependency.OutputChange"/>, is fitted to the
/// measured Σ‖Δx_k‖² by least squares over k = 0…2N (the paper's Figure 4 fits its curves the same way, R² = 0.99). What
/// is tested is the shape of the curve; <see cref="RSquared"/> says how well it holds.
/// </summary>
/// <param name="Offset">a, the fitted change at k = 0.</param>
/// <param name="Scale">C, the fitted constant.</param>
/// <param name="RSquared">1 − SS_res/SS_tot of the fit (NaN with fewer than 3 finite points or a flat measurement).</param>
/// <param name="Predicted">a + C·u_k for every k.</param>
public sealed record OutputChangeFit(double Offset, double Scale, double RSquared, IReadOnlyList<double> Predicted)
{
    /// <summary>Fits the prediction's curve to the measured means (NaN entries are skipped).</summary>
    public static OutputChangeFit Fit(ModelPrediction prediction, IReadOnlyList<double> measured)
    {
        double[] units = ResidualDependency.OutputChange(prediction);
        if (measured.Count != units.Length)
            throw new ArgumentException($"measured has {measured.Count} points; the prediction has {units.Length}.", nameof(measured));
        var points = Enumerable.Range(0, units.Length).Where(k => double.IsFinite(measured[k]) && double.IsFinite(units[k])).ToArray();
        if (points.Length < 3) return Undefined(units.Length);
        double mu = points.Average(k => units[k]), mm = points.Average(k => measured[k]);
        double suu = points.Sum(k => (units[k] - mu) * (units[k] - mu));
        double sum = points.Sum(k => (units[k] - mu) * (measured[k] - mm));
        double smm = points.Sum(k => (measured[k] - mm) * (measured[k] - mm));
        if (suu == 0 || smm == 0) return Undefined(units.Length);
        double scale = sum / suu, offset = mm - scale * mu;
        double residual = points.Sum(k => Math.Pow(measured[k] - offset - scale * units[k], 2));
        return new OutputChangeFit(offset, scale, 1 - residual / smm, [.. units.Select(u => offset + scale * u)]);
    }

    private static OutputChangeFit Undefined(int count) => new(double.NaN, double.NaN, double.NaN, Enumerable.Repeat(double.NaN, count).ToArray());
}
