using Engine.Neural.Cpu;

namespace Engine.Neural.Tests.Cpu;

/// <summary>
/// Where the forward pass asks for weights and biases ahead: whole agents on from at least
/// <see cref="WeightPrefetch.DistanceBytes"/>, every line of one agent's weights and the same
/// agent's biases, worked out once a layer instead of once an agent.
/// </summary>
[TestFixture]
public sealed class WeightPrefetchTests
{
    [TestCase(128, 16, 8, 8704)] // 8 x 16 weights: 512 bytes, 17 agents ahead
    [TestCase(256, 16, 16, 9216)] // 16 x 16: 1,024 bytes, 9 agents ahead
    [TestCase(64, 4, 4, 8448)] // 16 x 4: 256 bytes, 33 agents ahead
    [TestCase(3, 1, 1, 8196)] // 12 bytes: one line, 683 agents ahead
    [TestCase(2500, 100, 157, 10000)] // 10,000 bytes: one agent ahead, its lines rounded up
    public void AsksForWholeAgentsAtLeastTheDistanceAhead(long weightStride, long biasStride, int lines, long aheadBytes)
    {
        var prefetch = new WeightPrefetch(weightStride, biasStride);
        var agentBytes = weightStride * sizeof(float);
        Assert.Multiple(() =>
        {
            Assert.That(prefetch.Lines, Is.EqualTo(lines), "lines of one agent's weights");
            Assert.That(prefetch.AheadBytes, Is.EqualTo(aheadBytes), "bytes ahead");
            Assert.That(prefetch.BiasAheadBytes, Is.EqualTo(aheadBytes / agentBytes * biasStride * sizeof(float)), "the biases of the same agent");
            Assert.That(prefetch.AheadBytes % agentBytes, Is.Zero, "a whole number of agents ahead");
            Assert.That(prefetch.AheadBytes, Is.GreaterThan(WeightPrefetch.DistanceBytes), "past the distance");
        });
    }

    [Test]
    public void ALayerWithoutWeightsAsksForNothing()
    {
        var prefetch = new WeightPrefetch(0, 16);
        Assert.That((prefetch.Lines, prefetch.AheadBytes, prefetch.BiasAheadBytes), Is.EqualTo((0, 0L, 0L)));
    }
}
