using Engine.Neural.Reference;
using Engine.Neural.Tests.Cohorts;

namespace Engine.Neural.OpenCL.Tests;

/// <summary>
/// Shared-parameter cohorts (one set, many rows) on the device: forward rows against the
/// double reference, training against the CPU backend from the same seed (the cohort draws the
/// shared batch, so both train on the same samples), for every activation, loss and optimiser,
/// and launches that do not depend on the number of rows.
/// </summary>
[NonParallelizable]
[TestFixture(OpenClKernelFamily.Cpu)]
[TestFixture(OpenClKernelFamily.Gpu)]
public class OpenClSharedTests
{
    private const double Tolerance = 1e-4;
    private const int Steps = 60;
    private readonly OpenClOptions _options;

    /// <summary>Every test runs once per kernel family, both forced on the same device.</summary>
    public OpenClSharedTests(OpenClKernelFamily family) => _options = new OpenClOptions { Family = family };

    public static IEnumerable<TestCaseData> HiddenActivations() => ParityCases.HiddenActivations();

    public static IEnumerable<TestCaseData> OutputsAndLosses() => ParityCases.OutputsAndLosses(1, 13, 40);

    public static IEnumerable<TestCaseData> Optimizers() => ParityCases.Optimizers(24);

    [TestCase(1)]
    [TestCase(37)]
    [TestCase(300)]
    public void EveryRowForwardsLikeTheReference(int rows)
    {
        var spec = new BrainSpec(8, [new LayerSpec(16, Activation.ReLU), new LayerSpec(13, Activation.LeakyReLU, 0.1)], new LayerSpec(4, Activation.Softmax), Loss.SoftmaxCrossEntropy);
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 11, SharedParameters = true });
        var random = new DeterministicRandom(23);
        for (var r = 0; r < rows; r++)
        {
            var agent = cohort.Add();
            foreach (ref var x in cohort.Input(agent))
            {
                x = (float)random.NextDouble(-2, 2);
            }
        }

        Assert.That(cohort.UseOpenCl(_options), Is.True);
        cohort.Forward();
        var flat = new float[cohort.ParameterCount];
        cohort.GetParameters(cohort.HandleAt(0), flat);
        var reference = new ReferenceNetwork(spec);
        reference.SetParameters(flat.Select(f => (double)f).ToArray());
        var worst = 0.0;
        for (var r = 0; r < rows; r++)
        {
            var agent = cohort.HandleAt(r);
            var expected = reference.Forward(cohort.Input(agent).ToArray().Select(v => (double)v).ToArray());
            worst = Math.Max(worst, expected.Zip(cohort.Output(agent).ToArray(), (e, a) => Math.Abs(e - a)).Max());
        }

        Assert.That(cohort.BackendName, Is.EqualTo("opencl"));
        Assert.That(worst, Is.LessThan(2e-6), $"largest difference from the reference over {rows} rows");
    }

    [TestCaseSource(nameof(HiddenActivations))]
    public void EveryHiddenActivationTrainsLikeTheCpu(Activation hidden)
    {
        var spec = new BrainSpec(3, [new LayerSpec(5, hidden), new LayerSpec(7, hidden)], new LayerSpec(2, Activation.Identity), Loss.Quadratic);
        AssertSameAsCpu(spec, new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Epsilon = ParityCases.AdamEpsilon, BatchSize = 16 }, rows: 9);
    }

    [TestCaseSource(nameof(OutputsAndLosses))]
    public void EveryOutputAndLossTrainsLikeTheCpu(Activation output, Loss loss, int outputs, int batch)
    {
        var spec = new BrainSpec(3, [new LayerSpec(5, Activation.Tanh)], new LayerSpec(outputs, output), loss);
        AssertSameAsCpu(spec, new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, BatchSize = batch }, rows: 7);
    }

    [TestCaseSource(nameof(Optimizers))]
    public void EveryOptimiserRegularisationAndClipTrainsLikeTheCpu(TrainingSettings settings)
    {
        var spec = new BrainSpec(3, [new LayerSpec(5, Activation.Sigmoid), new LayerSpec(7, Activation.LeakyReLU)], new LayerSpec(3, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        AssertSameAsCpu(spec, settings, rows: 20);
    }

    [Test]
    public void LaunchesPerFrameAreFixedWhateverTheRowCount()
    {
        var spec = new BrainSpec(5, [new LayerSpec(9, Activation.Tanh)], new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy);
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 20 };
        foreach (var rows in new[] { 1, 17, 300 })
        {
            using var cohort = Filled(spec, settings, rows, seed: 3);
            Assert.That(OpenClBackend.TryAttach(cohort, _options, out var backend), Is.True);
            var counters = backend!.Counters;
            var before = counters.Launches;
            cohort.Forward();
            Assert.That(counters.Launches - before, Is.EqualTo(1), $"forward launches, {rows} rows");
            cohort.TrainStep();
            before = counters.Launches;
            cohort.TrainStep();
            Assert.That(counters.Launches - before, Is.EqualTo(3), $"training launches (passes, reduction, update), {rows} rows");
        }
    }

    [Test]
    public void ABatchLargerThanTheDeviceHoldsGrowsItWithoutLosingTraining()
    {
        // 100 samples a step need room for 100 lanes: the backend brings the set home and
        // re-uploads it into larger buffers between two steps.
        var spec = new BrainSpec(3, [new LayerSpec(5, Activation.Tanh)], new LayerSpec(2, Activation.Identity), Loss.Quadratic);
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Epsilon = ParityCases.AdamEpsilon, BatchSize = 16 };
        using var cpu = Filled(spec, settings, rows: 3, seed: 8);
        using var device = Filled(spec, settings, rows: 3, seed: 8);
        Assert.That(device.UseOpenCl(_options), Is.True);
        for (var step = 0; step < 20; step++)
        {
            if (step == 5)
            {
                cpu.Settings = settings with { BatchSize = 100 };
                device.Settings = settings with { BatchSize = 100 };
            }

            Assert.That(device.TrainStep(), Is.EqualTo(cpu.TrainStep()));
        }

        var a = new float[spec.ParameterCount];
        var b = new float[spec.ParameterCount];
        cpu.GetParameters(cpu.HandleAt(0), a);
        device.GetParameters(device.HandleAt(0), b);
        Assert.That(device.BackendName, Is.EqualTo("opencl"));
        Assert.That(a.Zip(b, (x, y) => Math.Abs(x - y) / Math.Max(1.0, Math.Abs(x))).Max(), Is.LessThanOrEqualTo(Tolerance));
    }

    private void AssertSameAsCpu(BrainSpec spec, TrainingSettings settings, int rows)
    {
        using var cpu = Filled(spec, settings, rows, seed: 2026);
        using var device = Filled(spec, settings, rows, seed: 2026);
        Assert.That(device.UseOpenCl(_options), Is.True, "the OpenCL backend did not attach; is PoCL installed (scripts/setup.sh)?");
        var initial = new float[spec.ParameterCount];
        cpu.GetParameters(cpu.HandleAt(0), initial);
        for (var step = 0; step < Steps; step++)
        {
            Assert.That(device.TrainStep(), Is.EqualTo(cpu.TrainStep()), $"step {step} trained the same sets");
        }

        var a = new float[spec.ParameterCount];
        var b = new float[spec.ParameterCount];
        cpu.GetParameters(cpu.HandleAt(0), a);
        device.GetParameters(device.HandleAt(0), b);
        var worst = a.Zip(b, (x, y) => Math.Abs(x - y) / Math.Max(1.0, Math.Abs(x))).Max();
        Assert.That(device.BackendName, Is.EqualTo("opencl"));
        Assert.That(initial.Zip(b, (x, y) => Math.Abs(x - y)).Max(), Is.GreaterThan(1e-3), "the shared set trained");
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), $"shared parameters after {Steps} steps");

        cpu.Forward();
        device.Forward();
        var outputs = 0.0;
        for (var r = 0; r < rows; r++)
        {
            outputs = Math.Max(outputs, cpu.Output(cpu.HandleAt(r)).ToArray().Zip(device.Output(device.HandleAt(r)).ToArray(), (x, y) => Math.Abs(x - y)).Max());
        }

        Assert.That(outputs, Is.LessThanOrEqualTo(Tolerance), "forward outputs");
    }

    private static BrainCohort Filled(BrainSpec spec, TrainingSettings settings, int rows, ulong seed)
    {
        var cohort = new BrainCohort(spec, new CohortOptions { Seed = seed, SharedParameters = true, SampleCapacity = 16, Training = settings });
        var random = new DeterministicRandom(seed + 100);
        var x = new float[spec.InputSize];
        var y = new float[spec.OutputSize];
        for (var i = 0; i < rows; i++)
        {
            var agent = cohort.Add();
            foreach (ref var input in cohort.Input(agent))
            {
                input = (float)random.NextDouble(-1, 1);
            }

            for (var s = 0; s < 6; s++)
            {
                for (var k = 0; k < x.Length; k++)
                {
                    x[k] = (float)random.NextDouble(-1, 1);
                }

                for (var j = 0; j < y.Length; j++)
                {
                    y[j] = spec.Loss == Loss.Quadratic ? (float)random.NextDouble(-1, 1) : 0f;
                }

                if (spec.Loss != Loss.Quadratic)
                {
                    y[random.NextInt(y.Length)] = 1f;
                }

                cohort.AddSample(agent, x, y);
            }
        }

        return cohort;
    }
}
