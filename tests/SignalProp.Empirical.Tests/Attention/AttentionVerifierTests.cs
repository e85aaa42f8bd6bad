using SignalProp.Empirical.Attention;

namespace SignalProp.Empirical.Tests.Attention;

/// <summary>Errors, percentiles, predictor registration and row files of the attention verifier.</summary>
public class AttentionVerifierTests
{
    private static AttentionMeasurement Measured(double variance, double covariance)
        => new(new(variance, 0.01, 100), new(covariance, 0.01, 100), new(1, 0.01, 100), new(0.1, 0.01, 100), 100, 0.5, "target");

    [Fact]
    public void ErrorsFollowAttentionMdSection10()
    {
        var r = AttentionVerifier.Errors("x", Measured(2.0, 0.1), new AttentionPrediction(1.5, 0.2));
        Assert.Equal(0.25, r.VarianceError, 12);                      // |2 − 1.5|/2
        Assert.Equal(0.1 / 1.5, r.CovarianceError, 12);               // min(0.1/0.1, 0.1/1.5)
        Assert.Equal(1.0, r.CovarianceRelativeError, 12);             // 0.1/0.1
        var missing = AttentionVerifier.Errors("x", Measured(2.0, 0.1), AttentionPrediction.Unavailable);
        Assert.True(double.IsNaN(missing.VarianceError));
    }

    [Fact]
    public void PercentilesUseTheDslmIndexingAndReportTheMax()
    {
        double[] errors = [.. Enumerable.Range(1, 10).Select(i => i / 100.0)];   // 1 … 10 %
        var p = AttentionErrorPercentiles.From(errors.Append(double.NaN));
        Assert.Equal(6, p.P50, 12);        // sorted[⌊10·50/100⌋] = sorted[5]
        Assert.Equal(10, p.P90, 12);       // sorted[9]
        Assert.Equal(10, p.P99, 12);
        Assert.Equal(10, p.Max, 12);
        Assert.Equal(10, p.Count);
    }

    [Fact]
    public void AuthorsPredictorIsRegisteredAndUsesTheMultiHeadMapping()
    {
        Assert.Contains(AttentionPredictors.Registered, p => p.Name == "authors");
        var mha = AttentionCase.MultiHeadBlock(1, 0.2, 0.01, 0.01, 0.02, 1.0 / 64, 0.1, 0.2, 1.5, 0.4, 64, 4, 32);
        var head = AttentionPredictors.HeadCase(mha);
        Assert.Equal(64 * (1.0 / 64) * 1.5 / 0.8, head.GradientVariance, 12);
        Assert.Equal(0.4 * 0.8, head.GradientCorrelation, 12);
        Assert.Equal(16, head.HeadWidth);
        var single = AttentionPredictors.AuthorsSingleHead(head);
        var multi = AttentionPredictors.Authors(mha);
        Assert.Equal(4 * single.Variance, multi.Variance, 12);
        Assert.Equal(4 * single.Covariance, multi.Covariance, 12);
    }

    [Fact]
    public void RunWritesRowsAndSummarisesEveryPredictor()
    {
        string directory = Path.Combine(Path.GetTempPath(), "signalprop-attention-" + Guid.NewGuid().ToString("N"));
        try
        {
            AttentionPredictor[] predictors =
            [
                new("authors", "value path", AttentionPredictors.Authors),
                new("broken", "throws", _ => throw new ArgumentException("outside the domain")),
            ];
            var verifier = new AttentionVerifier(new AttentionGradientExperiment(options: new(TargetRelativeError: 0, MaxRuns: 8, BatchRuns: 8)), predictors);
            var cases = AttentionGrids.Sample(AttentionGrids.Quick, 2, 1);
            var reports = new List<AttentionVerificationProgress>();
            var summary = verifier.Run("quick", cases, 5, directory, new ListProgress(reports));
            Assert.Equal(2, summary.Configurations);
            Assert.Equal(0, summary.Failed);
            Assert.Equal([1, 2], reports.Select(r => r.Done));
            Assert.Equal(2, summary.Errors["authors"][AttentionQuantities.GVar].Count);
            Assert.Equal(0, summary.Errors["broken"][AttentionQuantities.GVar].Count);
            Assert.Contains("outside the domain", summary.Rows[0].Predictions[1].Message);
            string[] csv = File.ReadAllLines(Path.Combine(directory, "attention-quick.csv"));
            Assert.Equal(3, csv.Length);
            Assert.Contains("authors_gVar_err", csv[0]);
            Assert.Equal(csv[0].Split(',').Length, csv[1].Split(',').Length);
            Assert.Equal(2, File.ReadAllLines(Path.Combine(directory, "attention-quick.jsonl")).Length);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, true);
        }
    }

    private sealed class ListProgress(List<AttentionVerificationProgress> list) : IProgress<AttentionVerificationProgress>
    {
        public void Report(AttentionVerificationProgress value) => list.Add(value);
    }
}
