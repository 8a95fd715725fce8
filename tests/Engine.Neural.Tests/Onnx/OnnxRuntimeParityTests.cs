using Engine.Neural.Onnx;

namespace Engine.Neural.Tests.Onnx;

/// <summary>ONNX Runtime, given an exported brain, computes what the cohort computes.</summary>
public class OnnxRuntimeParityTests
{
    private const int Rows = 1000;

    private const double Tolerance = 1e-5;

    private static readonly LayerSpec[] HiddenKinds =
    [
        new(16, Activation.Identity),
        new(16, Activation.Sigmoid),
        new(16, Activation.Tanh),
        new(16, Activation.ReLU),
        new(16, Activation.LeakyReLU),
        new(16, Activation.LeakyReLU, 0.2),
        new(16, Activation.ELU),
        new(16, Activation.ELU, 0.5),
    ];

    private static readonly (LayerSpec Layer, Loss Loss)[] OutputKinds =
    [
        (new(3, Activation.Identity), Loss.Quadratic),
        (new(3, Activation.Sigmoid), Loss.BinaryCrossEntropy),
        (new(3, Activation.Tanh), Loss.Quadratic),
        (new(4, Activation.Softmax), Loss.SoftmaxCrossEntropy),
        (new(3, Activation.ReLU), Loss.Quadratic),
    ];

    public static IEnumerable<TestCaseData> Specs()
    {
        foreach (var hidden in HiddenKinds)
        {
            foreach (var (output, loss) in OutputKinds)
            {
                // Two hidden layers, the second 7 wide: both of the CPU forward's dot-product paths run.
                var spec = new BrainSpec(8, [hidden, new LayerSpec(7, hidden.Activation, hidden.Alpha)], output, loss);
                yield return new TestCaseData(spec).SetArgDisplayNames($"{hidden.Activation}({hidden.EffectiveAlpha})->{output.Activation}");
            }
        }
    }

    [TestCaseSource(nameof(Specs))]
    public void OnnxRuntimeMatchesTheCohortOnAThousandRandomInputs(BrainSpec spec)
    {
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 41 });
        for (var i = 0; i < 3; i++)
        {
            cohort.Add();
        }

        var agent = cohort.HandleAt(1);
        var model = OnnxExport.ToBytes(cohort, agent);
        var inputs = OnnxKit.Inputs(Rows, spec.InputSize, seed: 7);
        var expected = OnnxKit.CohortOutputs(spec, OnnxKit.Parameters(cohort, 1), inputs);
        var actual = OnnxKit.RuntimeOutputs(model, inputs, spec.InputSize);

        var difference = OnnxKit.MaxAbsDifference(actual, expected);
        TestContext.Out.WriteLine($"ONNX PARITY {spec}: max |onnxruntime - cohort| = {difference:E2} over {Rows} inputs");
        Assert.That(difference, Is.LessThanOrEqualTo(Tolerance));
        Assert.That(expected.Distinct().Count(), Is.GreaterThan(Rows), "the outputs vary with the input, so agreement means something");
    }

    [Test]
    public void ASharedBrainExportsAsOneModel()
    {
        var spec = new BrainSpec(8, [new LayerSpec(5, Activation.Tanh)], new LayerSpec(2, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 3, SharedParameters = true });
        cohort.Add();
        cohort.Add();
        var model = OnnxExport.ToBytes(cohort, cohort.HandleAt(1));
        Assert.That(model, Is.EqualTo(OnnxExport.ToBytes(cohort, cohort.HandleAt(0))), "every agent of a shared cohort has the one brain");

        var inputs = OnnxKit.Inputs(Rows, spec.InputSize, seed: 8);
        var difference = OnnxKit.MaxAbsDifference(OnnxKit.RuntimeOutputs(model, inputs, spec.InputSize), OnnxKit.CohortOutputs(spec, OnnxKit.Parameters(cohort, 0), inputs));
        TestContext.Out.WriteLine($"ONNX PARITY shared {spec}: max |onnxruntime - cohort| = {difference:E2} over {Rows} inputs");
        Assert.That(difference, Is.LessThanOrEqualTo(Tolerance));
    }

    [Test]
    public void TheStepActivationIsRefusedByName()
    {
        var spec = new BrainSpec(2, [new LayerSpec(3, Activation.Step)], new LayerSpec(1, Activation.Sigmoid), Loss.Quadratic);
        using var cohort = new BrainCohort(spec);
        var agent = cohort.Add();
        var error = Assert.Throws<NotSupportedException>(() => OnnxExport.ToBytes(cohort, agent));
        Assert.That(error!.Message, Does.Contain("Step"));
    }
}
