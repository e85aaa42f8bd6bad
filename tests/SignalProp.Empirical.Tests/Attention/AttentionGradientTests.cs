using SignalProp.Empirical.Attention;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Tests.Attention;

/// <summary>The attention block and its autograd input gradient against central finite differences, and the
/// per-run estimators against direct loops.</summary>
public class AttentionGradientTests
{
    [Fact]
    public void SingleHeadAutogradMatchesFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        // L = 3, n = 2, d = 2, one run; large Q/K so that the query and key paths matter; a fixed dropout mask.
        Tensor x = randn([1, 3, 2], ScalarType.Float64, generator: generator);
        Tensor wq = randn([1, 2, 2], ScalarType.Float64, generator: generator);
        Tensor wk = randn([1, 2, 2], ScalarType.Float64, generator: generator);
        Tensor wv = randn([1, 2, 2], ScalarType.Float64, generator: generator);
        Tensor g = randn([1, 3, 2], ScalarType.Float64, generator: generator);
        Tensor mask = tensor(new double[] { 2, 0, 2, 2, 2, 0, 0, 2, 2 }, [1, 1, 3, 3], ScalarType.Float64);
        CheckAgainstFiniteDifferences(x, g, t => AttentionGradientExperiment.Output(t, wq, wk, wv, null, 1, mask, null));
    }

    [Fact]
    public void MultiHeadAutogradMatchesFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        // L = 3, d_m = 4, h = 2 heads of width 2, W_O, attention and hidden dropout masks.
        Tensor x = randn([1, 3, 4], ScalarType.Float64, generator: generator);
        Tensor wq = randn([1, 4, 4], ScalarType.Float64, generator: generator);
        Tensor wk = randn([1, 4, 4], ScalarType.Float64, generator: generator);
        Tensor wv = randn([1, 4, 4], ScalarType.Float64, generator: generator);
        Tensor wo = randn([1, 4, 4], ScalarType.Float64, generator: generator);
        Tensor g = randn([1, 3, 4], ScalarType.Float64, generator: generator);
        Tensor attentionMask = rand([1, 2, 3, 3], ScalarType.Float64, generator: generator).ge(0.3).to_type(ScalarType.Float64).div(0.7);
        Tensor hiddenMask = rand([1, 3, 4], ScalarType.Float64, generator: generator).ge(0.2).to_type(ScalarType.Float64).div(0.8);
        CheckAgainstFiniteDifferences(x, g, t => AttentionGradientExperiment.Output(t, wq, wk, wv, wo, 2, attentionMask, hiddenMask));
    }

    [Fact]
    public void HeadsAreIndependentSingleHeadsConcatenated()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        Tensor x = randn([2, 5, 6], ScalarType.Float64, generator: generator);
        Tensor wq = randn([2, 6, 6], ScalarType.Float64, generator: generator);
        Tensor wk = randn([2, 6, 6], ScalarType.Float64, generator: generator);
        Tensor wv = randn([2, 6, 6], ScalarType.Float64, generator: generator);
        Tensor both = AttentionGradientExperiment.Output(x, wq, wk, wv, null, 2, null, null);
        for (int h = 0; h < 2; h++)
        {
            Tensor one = AttentionGradientExperiment.Output(x, wq.narrow(2, 3 * h, 3), wk.narrow(2, 3 * h, 3), wv.narrow(2, 3 * h, 3), null, 1, null, null);
            Assert.True(one.allclose(both.narrow(2, 3 * h, 3), 1e-12, 1e-12));
        }
    }

    [Fact]
    public void EstimatorsMatchDirectFormulas()
    {
        using var scope = NewDisposeScope();
        double[] values = [.. Enumerable.Range(0, 2 * 4 * 3).Select(i => Math.Sin(1.7 * i + 0.3) * (1 + i % 5))];
        Tensor g = tensor(values, [2, 4, 3], ScalarType.Float64);
        double[] estimates = AttentionMomentEstimator.PerRun(g).data<double>().ToArray();
        for (int run = 0; run < 2; run++)
        {
            double squares = 0, cross = 0;
            for (int i = 0; i < 4; i++)
                for (int k = 0; k < 3; k++)
                {
                    double gik = values[(run * 4 + i) * 3 + k];
                    squares += gik * gik;
                    for (int j = 0; j < 4; j++)
                        if (j != i) cross += gik * values[(run * 4 + j) * 3 + k];
                }
            Assert.Equal(squares / 12, estimates[run], 12);                 // mean over i, k
            Assert.Equal(cross / (4 * 3 * 3), estimates[2 + run], 12);      // mean over i ≠ j (12 ordered pairs), k
        }
    }

    [Fact]
    public void OrthogonalValueWeightsAreScaledSemiOrthogonal()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        foreach (var (rows, columns) in new[] { (8, 3), (3, 8) })
        {
            Tensor w = AttentionGradientExperiment.OrthogonalWeights(2, rows, columns, 0.5, generator, ScalarType.Float64, CPU);
            Assert.Equal(new long[] { 2, rows, columns }, w.shape);
            int big = Math.Max(rows, columns);
            Tensor gram = rows >= columns ? w.transpose(1, 2).bmm(w) : w.bmm(w.transpose(1, 2));
            Assert.True(gram.allclose(eye(Math.Min(rows, columns), dtype: ScalarType.Float64).mul(0.5 * big).expand_as(gram), 1e-10, 1e-10));
        }
    }

    private static void CheckAgainstFiniteDifferences(Tensor x, Tensor g, Func<Tensor, Tensor> block)
    {
        Tensor autogradResult;
        using (enable_grad())
        {
            Tensor source = x.detach().clone().requires_grad_(true);
            autogradResult = autograd.grad([block(source)], [source], [g])[0];
        }
        double[] analytic = autogradResult.data<double>().ToArray();
        double[] point = x.data<double>().ToArray();
        const double h = 1e-6;
        for (int e = 0; e < point.Length; e++)
        {
            double Loss(double delta)
            {
                double[] shifted = (double[])point.Clone();
                shifted[e] += delta;
                using var inner = NewDisposeScope();
                return block(tensor(shifted, x.shape, ScalarType.Float64)).mul(g).sum().item<double>();
            }
            double numeric = (Loss(h) - Loss(-h)) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[e]) < 1e-7 * (1 + Math.Abs(numeric)), $"entry {e}: autograd {analytic[e]}, finite difference {numeric}");
        }
    }
}
