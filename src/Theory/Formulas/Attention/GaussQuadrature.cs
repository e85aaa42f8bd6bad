using System.Collections.Concurrent;
using MathNet.Numerics.LinearAlgebra;

namespace SignalProp.Theory.Formulas.Attention;

/// <summary>
/// Gauss quadrature rules by the Golub–Welsch algorithm (eigen-decomposition of the symmetric tridiagonal Jacobi matrix
/// of the orthogonal polynomials, MathNet.Numerics): the nodes are the eigenvalues, the weights the squared first
/// components of the eigenvectors. Rules are memoised per (kind, size, parameter) because the attention formulas
/// (ATTENTION.md §6.1, §6.3) ask for the same few rules on every evaluation. The eigen-solver is accurate to ~1e-13
/// relative on the nodes for the sizes used here (≤ 96), which the tests check against scipy.
/// </summary>
public static class GaussQuadrature
{
    private static readonly ConcurrentDictionary<(char Kind, int Size, double Parameter), QuadratureRule> Cache = new();

    /// <summary>
    /// Generalised Gauss–Laguerre rule for the weight x^α e^{−x} on (0, ∞) — scipy's <c>roots_genlaguerre(size, α)</c>
    /// with weights normalised to 1. Jacobi matrix: diagonal 2k + α + 1, off-diagonal √(k(k + α)).
    /// </summary>
    /// <param name="size">Number of nodes ≥ 1.</param>
    /// <param name="alpha">α &gt; −1.</param>
    public static QuadratureRule GeneralizedLaguerre(int size, double alpha)
    {
        Require.AtLeast(size, 1, nameof(size));
        if (!(alpha > -1) || !double.IsFinite(alpha)) throw Require.Fail(nameof(alpha), alpha, "a finite number > -1");
        return Cache.GetOrAdd(('L', size, alpha), key => Build(key.Size,
            k => 2.0 * k + key.Parameter + 1.0,
            k => Math.Sqrt(k * (k + key.Parameter))));
    }

    /// <summary>
    /// Probabilists' Gauss–Hermite rule for the standard normal law, E[f(Z)], Z ~ N(0, 1) — numpy's
    /// <c>hermegauss(size)</c> with weights normalised to 1. Jacobi matrix: diagonal 0, off-diagonal √k.
    /// </summary>
    /// <param name="size">Number of nodes ≥ 1.</param>
    public static QuadratureRule Hermite(int size)
    {
        Require.AtLeast(size, 1, nameof(size));
        return Cache.GetOrAdd(('H', size, 0.0), key => Build(key.Size, _ => 0.0, k => Math.Sqrt(k)));
    }

    /// <summary>
    /// Rule for E[f(g)], g ~ Gamma(shape κ, scale 1/κ) (mean 1, variance 1/κ): generalised Laguerre with α = κ − 1,
    /// nodes divided by κ — <c>predict.py::_gamma_nodes</c>, the row-variance law of ATTENTION.md §6.1.
    /// </summary>
    /// <param name="shape">κ &gt; 0.</param>
    /// <param name="size">Number of nodes.</param>
    public static QuadratureRule Gamma(double shape, int size)
    {
        Require.PositiveFinite(shape, nameof(shape));
        return Cache.GetOrAdd(('G', size, shape), key =>
        {
            var rule = GeneralizedLaguerre(key.Size, key.Parameter - 1.0);
            return new QuadratureRule(rule.Nodes.Select(x => x / key.Parameter).ToArray(), rule.Weights);
        });
    }

    /// <summary>
    /// Rule for E[f(q)], q ~ χ²_k: generalised Laguerre with α = k/2 − 1, nodes doubled — <c>predict.py::_chi2_nodes</c>,
    /// used by the Bartlett decomposition of the pair Wishart law (ATTENTION.md §6.3).
    /// </summary>
    /// <param name="degreesOfFreedom">k &gt; 0.</param>
    /// <param name="size">Number of nodes.</param>
    public static QuadratureRule ChiSquared(double degreesOfFreedom, int size)
    {
        Require.PositiveFinite(degreesOfFreedom, nameof(degreesOfFreedom));
        return Cache.GetOrAdd(('C', size, degreesOfFreedom), key =>
        {
            var rule = GeneralizedLaguerre(key.Size, key.Parameter / 2.0 - 1.0);
            return new QuadratureRule(rule.Nodes.Select(x => 2.0 * x).ToArray(), rule.Weights);
        });
    }

    private static QuadratureRule Build(int size, Func<int, double> diagonal, Func<int, double> offDiagonal)
    {
        var jacobi = Matrix<double>.Build.Dense(size, size);
        for (int k = 0; k < size; k++)
        {
            jacobi[k, k] = diagonal(k);
            if (k + 1 < size)
            {
                double b = offDiagonal(k + 1);
                jacobi[k, k + 1] = b;
                jacobi[k + 1, k] = b;
            }
        }
        var evd = jacobi.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, size).OrderBy(i => evd.EigenValues[i].Real).ToArray();
        var nodes = new double[size];
        var weights = new double[size];
        for (int j = 0; j < size; j++)
        {
            int i = order[j];
            nodes[j] = evd.EigenValues[i].Real;
            double v0 = evd.EigenVectors[0, i];
            weights[j] = v0 * v0;
        }
        double sum = weights.Sum();
        for (int j = 0; j < size; j++) weights[j] /= sum;
        return new QuadratureRule(nodes, weights);
    }
}
