using Engine.Neural.Cpu;

namespace Engine.Neural.Tests.Cohorts;

/// <summary>
/// The batched float path against the double-precision reference: after 100 training steps
/// every checked agent's parameters agree to 1e-4 relative (see
/// <see cref="ParityHarness.MaxParameterError"/>), and so do forward outputs.
/// Layer sizes (3, 5, 7) are deliberately not multiples of any vector width.
/// </summary>
public class CohortParityTests
{
    private const double Tolerance = 1e-4;
    private const int Steps = 100;

    // Every width, whatever this machine runs natively: 512-bit vectors run (slowly, in
    // software) without AVX-512, and users' machines often have it, so they must stay correct.
    private static readonly SimdWidth[] Widths = [SimdWidth.W128, SimdWidth.W256, SimdWidth.W512];

    public static IEnumerable<TestCaseData> HiddenActivations() => ParityCases.HiddenActivations();

    public static IEnumerable<TestCaseData> OutputsAndLosses() => ParityCases.OutputsAndLosses(1, 32);

    public static IEnumerable<TestCaseData> Optimizers() => ParityCases.Optimizers(32);

    [TestCaseSource(nameof(HiddenActivations))]
    public void EveryHiddenActivationMatchesTheReference(Activation hidden)
    {
        var spec = new BrainSpec(3, [new LayerSpec(5, hidden), new LayerSpec(7, hidden)], new LayerSpec(2, Activation.Identity), Loss.Quadratic);
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 32 };
        AssertParity(spec, settings, agents: 7);
    }

    [TestCaseSource(nameof(OutputsAndLosses))]
    public void EveryOutputAndLossMatchesTheReference(Activation output, Loss loss, int outputs, int batch)
    {
        var spec = new BrainSpec(3, [new LayerSpec(5, Activation.Tanh)], new LayerSpec(outputs, output), loss);
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, BatchSize = batch };
        AssertParity(spec, settings, agents: 7);
    }

    [TestCaseSource(nameof(Optimizers))]
    public void EveryOptimiserRegularisationAndClipMatchesTheReference(TrainingSettings settings)
    {
        var spec = new BrainSpec(3, [new LayerSpec(5, Activation.Sigmoid), new LayerSpec(7, Activation.LeakyReLU)], new LayerSpec(3, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        AssertParity(spec, settings, agents: 7);
    }

    [TestCase(1, 1)]
    [TestCase(1, 32)]
    [TestCase(7, 1)]
    [TestCase(7, 32)]
    [TestCase(1000, 1)]
    [TestCase(1000, 32)]
    public void AgentCountsAndBatchSizesMatchTheReference(int agents, int batch)
    {
        var spec = new BrainSpec(5, [new LayerSpec(9, Activation.Tanh), new LayerSpec(7, Activation.ReLU)], new LayerSpec(3, Activation.Identity), Loss.Quadratic);
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.005, BatchSize = batch };
        AssertParity(spec, settings, agents);
    }

    [Test]
    public void TheGrapeTriangleNetMatchesTheReference()
    {
        // Inputs of 2, the size the demo uses, exercise the scalar tail of every dot product.
        var spec = new BrainSpec(2, [new LayerSpec(3, Activation.Sigmoid)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        AssertParity(spec, new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.05, BatchSize = 10 }, agents: 7);
    }

    private static void AssertParity(BrainSpec spec, TrainingSettings settings, int agents)
    {
        foreach (var width in Widths)
        {
            using var harness = new ParityHarness(spec, settings, agents, width, seed: 2026);
            harness.Train(Steps, settings);
            var parameters = harness.MaxParameterError();
            var outputs = harness.MaxOutputError();
            Assert.That(parameters, Is.LessThanOrEqualTo(Tolerance), $"parameters, {width}, {spec}");
            Assert.That(outputs, Is.LessThanOrEqualTo(Tolerance), $"outputs, {width}, {spec}");

            // The parameters must actually have moved, or agreement would prove nothing.
            Assert.That(harness.Cohort.LastLoss(harness.Cohort.HandleAt(0)), Is.Not.NaN);
        }
    }

}
