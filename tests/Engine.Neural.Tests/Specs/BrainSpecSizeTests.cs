namespace Engine.Neural.Tests.Specs;

public class BrainSpecSizeTests
{
    private static readonly BrainSpec Spec = new(2, [new LayerSpec(8, Activation.Tanh), new LayerSpec(5, Activation.ReLU)], new LayerSpec(3, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [Test]
    public void SizesAreTheLayersSums()
    {
        Assert.That(Spec.ParameterCount, Is.EqualTo((2 * 8) + 8 + (8 * 5) + 5 + (5 * 3) + 3));
        Assert.That(Spec.MaxWidth, Is.EqualTo(8));
        Assert.That(new BrainSpec(16, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy).MaxWidth, Is.EqualTo(16), "inputs count");
    }

    // GetParameters reads ParameterCount every frame. Computed with LINQ it allocated an
    // enumerator per read, which only the optimising JIT (with profile data) removed: frames
    // allocated until the code tiered up, and always with tiered compilation off.
    [Test]
    public void ReadingSizesAllocatesNothingEvenBeforeTheJitOptimises()
    {
        _ = Spec.ParameterCount + Spec.MaxWidth;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += Spec.ParameterCount + Spec.MaxWidth;
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(sum, Is.EqualTo(10 * (Spec.ParameterCount + Spec.MaxWidth)));
    }
}
