using SignalProp.Empirical.Verification;

namespace SignalProp.Empirical.Tests.Verification;

public class VerificationProfilesTests
{
    [Theory]
    [InlineData("linear", 13122, 100)]
    [InlineData("relu", 450, 10000)]
    [InlineData("gelu", 450, 100000)]
    [InlineData("layernorm", 4050, 100)]
    [InlineData("dropout", 4374, 100)]
    [InlineData("softmax", 625, 100)]
    [InlineData("sha", 26244, 64)]
    public void PaperGridsHaveTheAuthorsConfigurationCountsAndRuns(string component, int count, int runs)
    {
        var cases = VerificationProfiles.Cases(component, VerificationProfiles.Paper, 42);
        Assert.Equal(count, cases.Count);
        Assert.All(cases, c => Assert.Equal(runs, c.Runs * c.Replicas));
    }

    [Theory] // weight-bearing components split the authors' runs over more weight draws (20 × 5, 16 × 4); the others keep 4 replicas
    [InlineData("linear", 20, 5)]
    [InlineData("ffn", 20, 5)]
    [InlineData("residual", 20, 5)]
    [InlineData("sha", 16, 4)]
    [InlineData("mha", 16, 4)]
    [InlineData("layernorm", 4, 25)]
    [InlineData("relu", 4, 2500)]
    public void PaperSplitsRunsOverMoreWeightDrawsWhereThereAreWeights(string component, int replicas, int runsPerReplica)
    {
        var first = VerificationProfiles.Cases(component, VerificationProfiles.Paper, 42)[0];
        Assert.Equal(replicas, first.Replicas);
        Assert.Equal(runsPerReplica, first.Runs);
    }

    [Fact] // the quick profile's tolerances were calibrated with 8 replicas everywhere: keep them
    public void QuickKeepsEightReplicasEverywhere()
    {
        foreach (string component in VerificationProfiles.Components)
            Assert.All(VerificationProfiles.Cases(component, VerificationProfiles.Quick, 42), c => Assert.Equal(8, c.Replicas));
    }

    [Fact]
    public void SoftmaxPaperLengthsAreTheAuthorsLogspace()
    {
        var lengths = VerificationProfiles.Cases("softmax", VerificationProfiles.Paper, 42).Select(c => c.Length).Distinct().Order().ToArray();
        Assert.Equal([300, 720, 1732, 4161, 10000], lengths);
    }

    [Fact]
    public void ShuffleIsSeededAndQuickCoversEveryComponent()
    {
        foreach (string component in VerificationProfiles.Components)
        {
            var a = VerificationProfiles.Cases(component, VerificationProfiles.Quick, 42);
            var b = VerificationProfiles.Cases(component, VerificationProfiles.Quick, 42);
            var c = VerificationProfiles.Cases(component, VerificationProfiles.Quick, 7);
            Assert.NotEmpty(a);
            Assert.Equal(a.Select(x => string.Join(";", x.Parameters)), b.Select(x => string.Join(";", x.Parameters)));
            Assert.NotEqual(a.Select(x => string.Join(";", x.Parameters)), c.Select(x => string.Join(";", x.Parameters)));
            Assert.All(a, x => Assert.True(ComponentLayers.IsSupported(x.Spec)));
        }
    }

    [Fact]
    public void UnknownNamesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => VerificationProfiles.Cases("nope", VerificationProfiles.Quick, 1));
        Assert.Throws<ArgumentException>(() => VerificationProfiles.Get("slow"));
    }
}
