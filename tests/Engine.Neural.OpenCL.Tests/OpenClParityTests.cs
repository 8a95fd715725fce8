using Engine.Neural.Cpu;
using Engine.Neural.Tests.Cohorts;

namespace Engine.Neural.OpenCL.Tests;

/// <summary>
/// The OpenCL kernels against the double-precision reference: after 100 training steps every
/// checked agent's parameters agree to 1e-4 relative, and so do forward outputs. Layer sizes
/// (3, 5, 7) are odd on purpose; the agent counts cross the work-group size (64).
/// </summary>
[NonParallelizable]
[TestFixture(OpenClKernelFamily.Cpu)]
[TestFixture(OpenClKernelFamily.Gpu)]
public class OpenClParityTests
{
    private readonly OpenClOptions _options;

    /// <summary>Every test runs once per kernel family, both forced on the same device.</summary>
    public OpenClParityTests(OpenClKernelFamily family) => _options = new OpenClOptions { Family = family };

    private const double Tolerance = 1e-4;
    private const int Steps = 100;

    public static IEnumerable<TestCaseData> HiddenActivations() => ParityCases.HiddenActivations();

    public static IEnumerable<TestCaseData> OutputsAndLosses() => ParityCases.OutputsAndLosses(1, 13);

    public static IEnumerable<TestCaseData> Optimizers() => ParityCases.Optimizers(16);

    [TestCaseSource(nameof(HiddenActivations))]
    public void EveryHiddenActivationMatchesTheReference(Activation hidden)
    {
        var spec = new BrainSpec(3, [new LayerSpec(5, hidden), new LayerSpec(7, hidden)], new LayerSpec(2, Activation.Identity), Loss.Quadratic);
        AssertParity(spec, new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 16 }, agents: 7);
    }

    [TestCaseSource(nameof(OutputsAndLosses))]
    public void EveryOutputAndLossMatchesTheReference(Activation output, Loss loss, int outputs, int batch)
    {
        var spec = new BrainSpec(3, [new LayerSpec(5, Activation.Tanh)], new LayerSpec(outputs, output), loss);
        AssertParity(spec, new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, BatchSize = batch }, agents: 7);
    }

    [TestCaseSource(nameof(Optimizers))]
    public void EveryOptimiserRegularisationAndClipMatchesTheReference(TrainingSettings settings)
    {
        var spec = new BrainSpec(3, [new LayerSpec(5, Activation.Sigmoid), new LayerSpec(7, Activation.LeakyReLU)], new LayerSpec(3, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        AssertParity(spec, settings, agents: 7);
    }

    [TestCase(1, 1)]
    [TestCase(65, 9)]
    [TestCase(300, 32)]
    public void AgentCountsAndBatchSizesMatchTheReference(int agents, int batch)
    {
        var spec = new BrainSpec(5, [new LayerSpec(9, Activation.Tanh), new LayerSpec(7, Activation.ReLU)], new LayerSpec(3, Activation.Identity), Loss.Quadratic);
        AssertParity(spec, new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.005, BatchSize = batch }, agents);
    }

    /// <summary>
    /// The GPU family reads the batch's rows through local memory in blocks of as many samples
    /// as fit in 6,144 floats after the layer's staged weights (only 6 -> 40's fit): the forward
    /// pass a layer's inputs (inputs x 16 floats a sample), the weight gradients and BP2 its
    /// deltas and inputs ((inputs + outputs) x 16). Forward 6 -> 40 takes 24 samples a block,
    /// 40 -> W 9, W -> 3 three (120), one (250) or none (400: global memory); backward 6 -> 40
    /// eight, 40 -> W two, one or none, W -> 3 three, one or none. Batch 33 leaves every layer
    /// that has blocks a short last one.
    /// </summary>
    [TestCase(120)]
    [TestCase(250)]
    [TestCase(400)]
    public void LayersWiderThanASampleBlockMatchTheReference(int width)
    {
        var spec = new BrainSpec(6, [new LayerSpec(40, Activation.Tanh), new LayerSpec(width, Activation.Tanh)], new LayerSpec(3, Activation.Identity), Loss.Quadratic);
        AssertParity(spec, new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.002, BatchSize = 33 }, agents: 20);
    }

    [Test]
    public void AStepOutputForwardsLikeTheReference()
    {
        // Step cannot be trained; its forward pass still runs on the device.
        var spec = new BrainSpec(3, [new LayerSpec(5, Activation.Tanh)], new LayerSpec(2, Activation.Step), Loss.Quadratic);
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 9 });
        var agents = Enumerable.Range(0, 70).Select(_ => cohort.Add()).ToArray();
        Assert.That(cohort.UseOpenCl(_options), Is.True);
        var random = new DeterministicRandom(5);
        var parameters = new float[spec.ParameterCount];
        var worst = 0.0;
        foreach (var agent in agents)
        {
            for (var k = 0; k < spec.InputSize; k++)
            {
                cohort.Input(agent)[k] = (float)random.NextDouble(-1, 1);
            }
        }

        cohort.Forward();
        foreach (var agent in agents)
        {
            cohort.GetParameters(agent, parameters);
            var reference = new Reference.ReferenceNetwork(spec);
            reference.SetParameters(parameters.Select(p => (double)p).ToArray());
            var expected = reference.Forward(cohort.Input(agent).ToArray().Select(v => (double)v).ToArray());
            worst = Math.Max(worst, expected.Zip(cohort.Output(agent).ToArray(), (e, a) => Math.Abs(e - a)).Max());
        }

        Assert.That(cohort.BackendName, Is.EqualTo("opencl"));
        Assert.That(worst, Is.EqualTo(0.0), "a step output is exactly 0 or 1");
    }

    private void AttachOpenCl(BrainCohort cohort) =>
        Assert.That(cohort.UseOpenCl(_options), Is.True, "the OpenCL backend did not attach; is PoCL installed (scripts/setup.sh)?");

    private void AssertParity(BrainSpec spec, TrainingSettings settings, int agents)
    {
        using var harness = new ParityHarness(spec, settings, agents, SimdWidthChooser.Best, seed: 2026, checkedAgents: 6, attach: AttachOpenCl);
        harness.Train(Steps, settings);
        Assert.That(harness.MaxParameterError(), Is.LessThanOrEqualTo(Tolerance), "parameters after 100 steps");
        Assert.That(harness.MaxOutputError(), Is.LessThanOrEqualTo(Tolerance), "forward outputs");
    }
}
