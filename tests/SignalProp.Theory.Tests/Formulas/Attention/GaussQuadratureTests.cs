using SignalProp.Theory.Formulas.Attention;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Formulas.Attention;

/// <summary>Golub–Welsch rules against scipy (source: scipy.special.roots_genlaguerre, numpy hermegauss; attention_reference.py).</summary>
public class GaussQuadratureTests
{
    [Fact]
    public void Rules_match_scipy()
    {
        (QuadratureRule Rule, double[] Nodes, double[] Weights)[] cases =
        [
        (GaussQuadrature.GeneralizedLaguerre(12, 4.09136109384711), [1.0275863369393485, 2.1833062978996685, 3.7014919259556263, 5.608960529973624, 7.936334207771633, 10.72447925988626, 14.030191934043488, 17.935417938135434, 22.564968493040347, 28.125782686341047, 35.01398904620307, 44.24382446997576], [0.014310519186390853, 0.13287774391950438, 0.32366912418971366, 0.3252786042918914, 0.15852907060212398, 0.03980691290187637, 0.0051811553619351075, 0.00033674218684317473, 1.0011862428029847e-05, 1.1513186472823376e-07, 3.652937026244166e-10, 1.345855049496236e-13]),
        (GaussQuadrature.GeneralizedLaguerre(6, 20.085381057711643), [11.250559660731655, 16.097801831716207, 21.437803818000578, 27.62474472519924, 35.11568320621863, 44.98569310440355], [0.025588137980745305, 0.2820357890428765, 0.48423625154162325, 0.19147411475710593, 0.01649033061985299, 0.00017537605779588395]),
        (GaussQuadrature.GeneralizedLaguerre(5, -0.75), [0.05466624082215388, 0.9080385112167275, 2.829385574782284, 6.074689415136615, 11.38322025804222], [0.8175350982505815, 0.16298654098169854, 0.018806663190457516, 0.0006681716085907251, 3.525968671841484e-06]),
        (GaussQuadrature.Hermite(6), [-3.324257433552119, -1.8891758777537107, -0.6167065901925941, 0.6167065901925941, 1.8891758777537107, 3.324257433552119], [0.0025557844020562483, 0.0886157460419145, 0.4088284695560292, 0.4088284695560292, 0.0886157460419145, 0.0025557844020562483]),
        (GaussQuadrature.Hermite(20), [-7.619048541679758, -6.510590157013654, -5.5787388058932015, -4.734581334046055, -3.9439673506573163, -3.1890148165533896, -2.458663611172368, -1.7452473208141268, -1.042945348802751, -0.3469641570813559, 0.3469641570813559, 1.042945348802751, 1.7452473208141268, 2.458663611172368, 3.1890148165533896, 3.9439673506573163, 4.734581334046055, 5.5787388058932015, 6.510590157013654, 7.619048541679758], [1.2578006724379264e-13, 2.4820623623151797e-10, 6.127490259982928e-08, 4.4021210902308646e-06, 0.00012882627996192942, 0.0018301031310804924, 0.013997837447100996, 0.06150637206397696, 0.16173933398400003, 0.2607930634495548, 0.2607930634495548, 0.16173933398400003, 0.06150637206397696, 0.013997837447100996, 0.0018301031310804924, 0.00012882627996192942, 4.4021210902308646e-06, 6.127490259982928e-08, 2.4820623623151797e-10, 1.2578006724379264e-13]),
        ];
        foreach (var (rule, nodes, weights) in cases)
        {
            Assert.Equal(nodes.Length, rule.Count);
            for (int i = 0; i < nodes.Length; i++)
            {
                Approx.Absolute(nodes[i], rule.Nodes[i], 1e-11 * Math.Max(1, Math.Abs(nodes[i])), $"node {i}");
                // the smallest weights are tiny; relative 1e-8 or absolute 1e-15
                Approx.Absolute(weights[i], rule.Weights[i], Math.Max(1e-8 * weights[i], 1e-15), $"weight {i}");
            }
        }
    }

    [Fact] // Exactness: the Gamma rule integrates the moments E g^k of Gamma(κ, 1/κ) (mean 1, variance 1/κ)
    public void Gamma_rule_reproduces_moments()
    {
        double kappa = 5.09;
        var rule = GaussQuadrature.Gamma(kappa, 12);
        double Moment(int k) => rule.Nodes.Zip(rule.Weights, (x, w) => w * Math.Pow(x, k)).Sum();
        Approx.Relative(1.0, Moment(0), 1e-13);
        Approx.Relative(1.0, Moment(1), 1e-12);
        Approx.Relative(1 + 1 / kappa, Moment(2), 1e-12);
        Approx.Relative((1 + 1 / kappa) * (1 + 2 / kappa), Moment(3), 1e-11);
        var h = GaussQuadrature.Hermite(20);
        Approx.Relative(105.0, h.Nodes.Zip(h.Weights, (x, w) => w * Math.Pow(x, 8)).Sum(), 1e-10); // E Z⁸ = 7!!
        Assert.Same(rule, GaussQuadrature.Gamma(kappa, 12)); // memoised
    }
}
