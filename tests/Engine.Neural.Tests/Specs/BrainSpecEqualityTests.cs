namespace Engine.Neural.Tests.Specs;

public class BrainSpecEqualityTests
{
    [Test]
    public void DefaultAndExplicitActivationParametersDescribeTheSameSpec()
    {
        var implicitSlope = new BrainSpec(2, [new LayerSpec(3, Activation.LeakyReLU)], new LayerSpec(1, Activation.ELU), Loss.Quadratic);
        var explicitSlope = new BrainSpec(2, [new LayerSpec(3, Activation.LeakyReLU, 0.01)], new LayerSpec(1, Activation.ELU, 1.0), Loss.Quadratic);
        Assert.That(explicitSlope, Is.EqualTo(implicitSlope));
        Assert.That(explicitSlope.GetHashCode(), Is.EqualTo(implicitSlope.GetHashCode()));
    }

    [Test]
    public void DifferentShapesActivationsParametersOrLossesDiffer()
    {
        var spec = new BrainSpec(2, [new LayerSpec(3, Activation.LeakyReLU)], new LayerSpec(1, Activation.Sigmoid), Loss.Quadratic);
        Assert.That(spec.WithHidden([new LayerSpec(4, Activation.LeakyReLU)]), Is.Not.EqualTo(spec));
        Assert.That(spec.WithHidden([new LayerSpec(3, Activation.LeakyReLU, 0.2)]), Is.Not.EqualTo(spec));
        Assert.That(spec.WithHidden([new LayerSpec(3, Activation.ReLU)]), Is.Not.EqualTo(spec));
        Assert.That(spec.WithOutput(new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy), Is.Not.EqualTo(spec));
        Assert.That(new BrainSpec(3, spec.Hidden, spec.Output, spec.Loss), Is.Not.EqualTo(spec));
    }

    [Test]
    public void TheOffsetPastTheLastLayerIsTheParameterCount()
    {
        var spec = new BrainSpec(784, [new LayerSpec(16, Activation.Sigmoid)], new LayerSpec(10, Activation.Sigmoid), Loss.Quadratic);
        Assert.That(spec.WeightOffset(spec.LayerCount), Is.EqualTo(12_730));
        Assert.That(spec.BiasOffset(1), Is.EqualTo(spec.WeightOffset(1) + (16 * 10)));
    }
}
