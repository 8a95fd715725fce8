namespace Engine.Neural.Tests.Seeds;

/// <summary>Parameter counts of the seeds' MNIST nets.</summary>
[TestFixture]
public sealed class ParameterCountTests
{
    [Test]
    public void Mnist784x16x10Has12730Parameters()
    {
        // Seed 000: 784*16 + 16 + 16*10 + 10 = 12544 + 16 + 160 + 10 = 12730.
        var spec = new BrainSpec(784, [new LayerSpec(16, Activation.Sigmoid)], new LayerSpec(10, Activation.Softmax), Loss.SoftmaxCrossEntropy);
        Assert.That(spec.ParameterCount, Is.EqualTo(12_730));
        Assert.That(spec.ParameterCount, Is.EqualTo((784 * 16) + 16 + (16 * 10) + 10));
    }

    [Test]
    public void Mnist784x16x16x10Has13002Parameters()
    {
        // Seed 001 ("about 13,000 knobs"): 12544 + 16 + 256 + 16 + 160 + 10 = 13002.
        var spec = new BrainSpec(784, [new LayerSpec(16, Activation.Sigmoid), new LayerSpec(16, Activation.Sigmoid)], new LayerSpec(10, Activation.Sigmoid), Loss.Quadratic);
        Assert.That(spec.ParameterCount, Is.EqualTo(13_002));
        Assert.That(spec.ParameterCount, Is.EqualTo((784 * 16) + 16 + (16 * 16) + 16 + (16 * 10) + 10));
    }

    [Test]
    public void OffsetsFollowTheFlatLayout()
    {
        // Per layer W (out x in, row-major) then b.
        var spec = new BrainSpec(784, [new LayerSpec(16, Activation.Sigmoid), new LayerSpec(16, Activation.Sigmoid)], new LayerSpec(10, Activation.Sigmoid), Loss.Quadratic);
        Assert.That(spec.WeightOffset(0), Is.EqualTo(0));
        Assert.That(spec.BiasOffset(0), Is.EqualTo(12_544));
        Assert.That(spec.WeightOffset(1), Is.EqualTo(12_560));
        Assert.That(spec.BiasOffset(1), Is.EqualTo(12_816));
        Assert.That(spec.WeightOffset(2), Is.EqualTo(12_832));
        Assert.That(spec.BiasOffset(2), Is.EqualTo(12_992));
        Assert.That(spec.MaxWidth, Is.EqualTo(784));
        Assert.That(spec.LayerCount, Is.EqualTo(3));
    }
}
