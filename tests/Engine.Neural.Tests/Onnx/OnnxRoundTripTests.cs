using Engine.Neural.Onnx;

namespace Engine.Neural.Tests.Onnx;

/// <summary>Export then import gives back the same spec and the same parameters, so the same outputs bit for bit.</summary>
public class OnnxRoundTripTests
{
    public static IEnumerable<TestCaseData> Specs()
    {
        yield return Spec(new BrainSpec(3, [new LayerSpec(6, Activation.ReLU), new LayerSpec(5, Activation.LeakyReLU)], new LayerSpec(2, Activation.Sigmoid), Loss.BinaryCrossEntropy));
        yield return Spec(new BrainSpec(3, [new LayerSpec(6, Activation.LeakyReLU, 0.05), new LayerSpec(5, Activation.ELU, 0.3)], new LayerSpec(4, Activation.Softmax), Loss.SoftmaxCrossEntropy));
        yield return Spec(new BrainSpec(3, [new LayerSpec(6, Activation.ELU), new LayerSpec(5, Activation.Identity)], new LayerSpec(2, Activation.Tanh), Loss.Quadratic));
        yield return Spec(new BrainSpec(3, [], new LayerSpec(2, Activation.Identity), Loss.Quadratic));
    }

    [TestCaseSource(nameof(Specs))]
    public void ExportThenImportGivesTheSameBrainBitForBit(BrainSpec spec)
    {
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 17 });
        cohort.Add();
        var agent = cohort.Add();
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"roundtrip-{TestContext.CurrentContext.Test.ID}.onnx");
        OnnxExport.Save(path, cohort, agent);

        var brain = OnnxImport.Load(path);
        File.Delete(path);
        Assert.That(brain.Spec, Is.EqualTo(spec), "shape, activations, alphas and (from the metadata) the loss");
        var original = OnnxKit.Parameters(cohort, cohort.RowOf(agent));
        Assert.That(Bits(brain.Parameters.ToArray()), Is.EqualTo(Bits(original)));

        var copy = brain.AddTo(cohort);
        var inputs = OnnxKit.Inputs(1, spec.InputSize, seed: 5);
        inputs.CopyTo(cohort.Input(agent));
        inputs.CopyTo(cohort.Input(copy));
        cohort.Forward();
        Assert.That(Bits(cohort.Output(copy).ToArray()), Is.EqualTo(Bits(cohort.Output(agent).ToArray())));
    }

    [Test]
    public void TheLossCanBeChosenOnImport()
    {
        var spec = new BrainSpec(3, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 1 });
        var model = OnnxExport.ToBytes(cohort, cohort.Add());
        Assert.That(OnnxImport.FromBytes(model).Spec.Loss, Is.EqualTo(Loss.BinaryCrossEntropy));
        Assert.That(OnnxImport.Read(new MemoryStream(model), Loss.Quadratic).Spec, Is.EqualTo(spec.WithOutput(spec.Output, Loss.Quadratic)));
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    private static TestCaseData Spec(BrainSpec spec) => new TestCaseData(spec).SetArgDisplayNames(spec.ToString());
}
