using Engine.Neural.Tests.Cohorts;
namespace Engine.Neural.OpenCL.Tests;

/// <summary>The backend's contract: side-by-side agreement with the CPU, launches, transfers, switching.</summary>
[NonParallelizable]
[TestFixture(OpenClKernelFamily.Cpu)]
[TestFixture(OpenClKernelFamily.Gpu)]
public class OpenClBackendTests
{
    private readonly OpenClOptions _options;

    /// <summary>Every test runs once per kernel family, both forced on the same device.</summary>
    public OpenClBackendTests(OpenClKernelFamily family) => _options = new OpenClOptions { Family = family };

    private static readonly BrainSpec Spec = new(5, [new LayerSpec(9, Activation.Tanh), new LayerSpec(7, Activation.ELU)], new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy);

    [TestCase(OptimizerKind.Sgd)]
    [TestCase(OptimizerKind.Momentum)]
    [TestCase(OptimizerKind.Adam)]
    public void CpuAndOpenClCohortsFromTheSameSeedAgreeAfter100Steps(OptimizerKind optimizer)
    {
        // Uniform sampling: the host draws every batch with the cohort's generators, so both
        // backends must train on the same samples for this to hold.
        var settings = new TrainingSettings { Optimizer = optimizer, LearningRate = optimizer == OptimizerKind.Adam ? 0.01 : 0.1, Epsilon = 1e-6, BatchSize = 8, ClipNorm = 2 };
        using var cpu = Filled(settings, agents: 97, seed: 11);
        using var gpu = Filled(settings, agents: 97, seed: 11);
        Assert.That(gpu.UseOpenCl(_options), Is.True);
        for (var step = 0; step < 100; step++)
        {
            Assert.That(gpu.TrainStep(), Is.EqualTo(cpu.TrainStep()));
        }

        Assert.That(gpu.BackendName, Is.EqualTo("opencl"));
        var worst = 0.0;
        var a = new float[Spec.ParameterCount];
        var b = new float[Spec.ParameterCount];
        for (var row = 0; row < cpu.Count; row++)
        {
            cpu.GetParameters(cpu.HandleAt(row), a);
            gpu.GetParameters(gpu.HandleAt(row), b);
            worst = Math.Max(worst, ParityHarness.RelativeError(b.Select(v => (double)v).ToArray(), a.Select(v => (double)v).ToArray()));
            Assert.That(gpu.LastLoss(gpu.HandleAt(row)), Is.EqualTo(cpu.LastLoss(cpu.HandleAt(row))).Within(1e-3));
        }

        Assert.That(worst, Is.LessThanOrEqualTo(1e-4));
    }

    [Test]
    public void OneLaunchForwardsAndOneTrainsWhateverTheAgentAndLayerCounts()
    {
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 4 };
        var deep = new BrainSpec(5, [new LayerSpec(9, Activation.Tanh), new LayerSpec(7, Activation.ELU), new LayerSpec(6, Activation.ReLU), new LayerSpec(5, Activation.Sigmoid)], new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy);
        foreach (var spec in new[] { Spec, deep })
        {
            foreach (var agents in new[] { 1, 63, 64, 65, 1000 })
            {
                using var cohort = Filled(settings, agents, seed: 3, spec);
                Assert.That(OpenClBackend.TryAttach(cohort, _options, out var backend), Is.True);
                var counters = backend!.Counters;

                var before = counters.Launches;
                cohort.Forward();
                Assert.That(counters.Launches - before, Is.EqualTo(1), $"forward launches, {agents} agents, {spec.LayerCount} layers");

                before = counters.Launches;
                var toDevice = counters.BytesToDevice;
                cohort.TrainStep();
                Assert.That(counters.Launches - before, Is.EqualTo(1), $"training launches, {agents} agents, {spec.LayerCount} layers");

                // A second step with no new samples moves only the per-step data: positions,
                // batch sizes, coefficients (12 bytes per agent, plus 4 per batch position).
                toDevice = counters.BytesToDevice;
                var fromDevice = counters.BytesFromDevice;
                cohort.TrainStep();
                Assert.That(counters.BytesToDevice - toDevice, Is.EqualTo(agents * ((4 * settings.BatchSize) + 4 + 12)));
                Assert.That(counters.BytesFromDevice - fromDevice, Is.EqualTo(agents * 8), "only the losses and update statuses come back");
            }
        }
    }

    [Test]
    public void OnlyNewSamplesCrossToTheDevice()
    {
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, BatchSize = 4 };
        const int agents = 200;
        using var cohort = Filled(settings, agents, seed: 5);
        Assert.That(OpenClBackend.TryAttach(cohort, _options, out var backend), Is.True);
        var counters = backend!.Counters;
        cohort.TrainStep(); // the first step uploads every ring whole

        // A frame of feedback: one new sample per agent.
        var input = new float[Spec.InputSize];
        var target = new float[Spec.OutputSize];
        for (var row = 0; row < agents; row++)
        {
            input[0] = row * 0.01f;
            target[0] = row % 2;
            cohort.AddSample(cohort.HandleAt(row), input, target);
        }

        var launches = counters.Launches;
        var toDevice = counters.BytesToDevice;
        cohort.TrainStep();
        var perStep = agents * ((4 * settings.BatchSize) + 4 + 12);
        var newSamples = agents * (4 + (4 * (Spec.InputSize + Spec.OutputSize)));
        Assert.That(counters.BytesToDevice - toDevice, Is.EqualTo(perStep + newSamples), "per-step data plus the new samples, not whole rings");
        Assert.That(counters.Launches - launches, Is.EqualTo(2), "the training launch plus one scatter of the new samples");
    }

    [Test]
    public void ParametersAndOptimiserStateSurviveARoundTripThroughTheDevice()
    {
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 4 };
        using var cpu = Filled(settings, agents: 20, seed: 8);
        using var mixed = Filled(settings, agents: 20, seed: 8);
        for (var step = 0; step < 30; step++)
        {
            cpu.TrainStep();
            if (step == 10)
            {
                Assert.That(mixed.UseOpenCl(_options), Is.True, "onto the device with CPU-made Adam state");
            }

            if (step == 20)
            {
                // Reading parameters downloads; a host change (a new agent) re-uploads.
                var p = new float[Spec.ParameterCount];
                mixed.GetParameters(mixed.HandleAt(0), p);
                cpu.GetParameters(cpu.HandleAt(0), p);
            }

            mixed.TrainStep();
        }

        Assert.That(mixed.BackendName, Is.EqualTo("opencl"));
        var a = new float[Spec.ParameterCount];
        var b = new float[Spec.ParameterCount];
        for (var row = 0; row < cpu.Count; row++)
        {
            cpu.GetParameters(cpu.HandleAt(row), a);
            mixed.GetParameters(mixed.HandleAt(row), b);
            Assert.That(ParityHarness.RelativeError(b.Select(v => (double)v).ToArray(), a.Select(v => (double)v).ToArray()), Is.LessThanOrEqualTo(1e-4));
        }
    }

    [Test]
    public void RemovingAndAddingAgentsOnTheDeviceKeepsEveryAgentsBrain()
    {
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Momentum, LearningRate = 0.05, BatchSize = 4 };
        using var cpu = Filled(settings, agents: 70, seed: 21);
        using var gpu = Filled(settings, agents: 70, seed: 21);
        Assert.That(gpu.UseOpenCl(_options), Is.True);
        for (var step = 0; step < 20; step++)
        {
            if (step == 5)
            {
                cpu.Remove(cpu.HandleAt(3));
                gpu.Remove(gpu.HandleAt(3));
                cpu.Add();
                gpu.Add();
            }

            Assert.That(gpu.TrainStep(), Is.EqualTo(cpu.TrainStep()));
        }

        var a = new float[Spec.ParameterCount];
        var b = new float[Spec.ParameterCount];
        for (var row = 0; row < cpu.Count; row++)
        {
            cpu.GetParameters(cpu.HandleAt(row), a);
            gpu.GetParameters(gpu.HandleAt(row), b);
            Assert.That(ParityHarness.RelativeError(b.Select(v => (double)v).ToArray(), a.Select(v => (double)v).ToArray()), Is.LessThanOrEqualTo(1e-4), $"row {row}");
        }
    }

    [Test]
    public void ASteadyFrameAllocatesNothingOnTheManagedHeap()
    {
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 8 };
        using var cohort = Filled(settings, agents: 37, seed: 7);
        Assert.That(cohort.UseOpenCl(_options), Is.True);
        var input = new float[Spec.InputSize];
        var target = new float[Spec.OutputSize];
        target[0] = 1f;
        void Frame()
        {
            for (var row = 0; row < cohort.Count; row += 5)
            {
                cohort.AddSample(cohort.HandleAt(row), input, target);
            }

            cohort.Forward();
            cohort.TrainStep();
        }

        for (var warm = 0; warm < 5; warm++)
        {
            Frame();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var frame = 0; frame < 20; frame++)
        {
            Frame();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated by 20 frames of samples, forward and training");
        Assert.That(cohort.BackendName, Is.EqualTo("opencl"));
    }

    internal static BrainCohort Filled(TrainingSettings settings, int agents, ulong seed, BrainSpec? spec = null)
    {
        spec ??= Spec;
        var cohort = new BrainCohort(spec, new CohortOptions { Seed = seed, SampleCapacity = 16, Training = settings });
        var random = new DeterministicRandom(seed + 100);
        var x = new float[spec.InputSize];
        var y = new float[spec.OutputSize];
        for (var i = 0; i < agents; i++)
        {
            var agent = cohort.Add();
            for (var s = 0; s < 12; s++)
            {
                for (var k = 0; k < x.Length; k++)
                {
                    x[k] = (float)random.NextDouble(-1, 1);
                }

                Array.Clear(y);
                y[random.NextInt(y.Length)] = 1f;
                cohort.AddSample(agent, x, y);
            }
        }

        return cohort;
    }
}
