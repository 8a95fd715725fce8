using Engine.Neural.Tests.Cohorts;

namespace Engine.Neural.OpenCL.Tests;

/// <summary>
/// Issue 8's bad numbers on the device: one agent driven to divergence among 300 healthy ones
/// is rolled back to finite parameters, damped and counted, and every other agent trains as it
/// would have without it (as the CPU path's DivergenceTests check there).
/// </summary>
[NonParallelizable]
[TestFixture(OpenClKernelFamily.Cpu)]
[TestFixture(OpenClKernelFamily.Gpu)]
public class OpenClDivergenceTests
{
    private readonly OpenClOptions _options;

    /// <summary>Every test runs once per kernel family, both forced on the same device.</summary>
    public OpenClDivergenceTests(OpenClKernelFamily family) => _options = new OpenClOptions { Family = family };

    private static readonly BrainSpec Spec = new(4, [new LayerSpec(8, Activation.Tanh)], new LayerSpec(2, Activation.Identity), Loss.Quadratic);

    [TestCase(OptimizerKind.Sgd)]
    [TestCase(OptimizerKind.Momentum)]
    [TestCase(OptimizerKind.Adam)]
    public void ADivergingAgentIsRolledBackAndDampedAndTheOthersAreUntouched(OptimizerKind optimizer)
    {
        const int agents = 300;
        const int bad = 137;
        var settings = new TrainingSettings { Optimizer = optimizer, LearningRate = 0.01, BatchSize = 8 };
        using var healthy = Build(settings, agents);
        using var mixed = Build(settings, agents);
        using var cpu = Build(settings, agents);
        Assert.That(healthy.UseOpenCl(_options), Is.True);
        Assert.That(mixed.UseOpenCl(_options), Is.True);

        // Adam normalises its steps, so only an absurd rate lets them overflow a float.
        mixed.SetLearningRateScale(mixed.HandleAt(bad), 1e38f);
        cpu.SetLearningRateScale(cpu.HandleAt(bad), 1e38f);
        for (var step = 0; step < 30; step++)
        {
            healthy.TrainStep();
            Assert.That(mixed.TrainStep(), Is.EqualTo(cpu.TrainStep()), $"steps that stood, step {step}");
        }

        Assert.That(mixed.BackendName, Is.EqualTo("opencl"));
        var badAgent = mixed.HandleAt(bad);
        Assert.That(mixed.Divergences(badAgent), Is.GreaterThan(0));
        Assert.That(mixed.Divergences(badAgent), Is.EqualTo(cpu.Divergences(cpu.HandleAt(bad))), "diverged as often as on the CPU");
        Assert.That(mixed.DivergenceEvents, Is.EqualTo(mixed.Divergences(badAgent)), "only the bad agent diverged");
        Assert.That(mixed.LearningRateDamping(badAgent), Is.EqualTo(MathF.Pow(BrainCohort.DivergenceDampingFactor, mixed.Divergences(badAgent))));
        Assert.That(healthy.DivergenceEvents, Is.Zero);

        var a = new float[Spec.ParameterCount];
        var b = new float[Spec.ParameterCount];
        mixed.GetParameters(badAgent, a);
        Assert.That(a.All(float.IsFinite), Is.True, "the bad agent keeps its last good parameters");
        for (var row = 0; row < agents; row++)
        {
            if (row == bad)
            {
                continue;
            }

            healthy.GetParameters(healthy.HandleAt(row), a);
            mixed.GetParameters(mixed.HandleAt(row), b);
            Assert.That(b, Is.EqualTo(a), $"agent {row} changed because another agent diverged");
            cpu.GetParameters(cpu.HandleAt(row), a);
            Assert.That(ParityHarness.RelativeError(b.Select(v => (double)v).ToArray(), a.Select(v => (double)v).ToArray()), Is.LessThanOrEqualTo(1e-4), $"agent {row} against the CPU");
        }
    }

    [Test]
    public void AfterARollbackTheAgentTrainsOnFromItsLastGoodParametersAsOnTheCpu()
    {
        // The step that diverges is undone with its optimiser state and Adam step count, so
        // the next (damped) steps continue from exactly where the CPU path continues.
        // A huge base rate scaled down to 0.01 per agent, so that scaling one agent up makes
        // its rate overflow to infinity and its very next update non-finite.
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 1e4, BatchSize = 8 };
        using var cpu = Build(settings, agents: 3, scale: 1e-6f);
        using var gpu = Build(settings, agents: 3, scale: 1e-6f);
        Assert.That(gpu.UseOpenCl(_options), Is.True);
        for (var step = 0; step < 10; step++)
        {
            Assert.That(gpu.TrainStep(), Is.EqualTo(cpu.TrainStep()));
        }

        cpu.SetLearningRateScale(cpu.HandleAt(1), 1e38f);
        gpu.SetLearningRateScale(gpu.HandleAt(1), 1e38f);
        Assert.That(gpu.TrainStep(), Is.EqualTo(cpu.TrainStep()));
        Assert.That(gpu.Divergences(gpu.HandleAt(1)), Is.EqualTo(1), "the absurd rate diverged at once");
        cpu.SetLearningRateScale(cpu.HandleAt(1), 1e-6f);
        gpu.SetLearningRateScale(gpu.HandleAt(1), 1e-6f);
        for (var step = 0; step < 10; step++)
        {
            Assert.That(gpu.TrainStep(), Is.EqualTo(cpu.TrainStep()));
        }

        Assert.That(gpu.LearningRateDamping(gpu.HandleAt(1)), Is.EqualTo(0.5f));
        var a = new float[Spec.ParameterCount];
        var b = new float[Spec.ParameterCount];
        for (var row = 0; row < 3; row++)
        {
            cpu.GetParameters(cpu.HandleAt(row), a);
            gpu.GetParameters(gpu.HandleAt(row), b);
            Assert.That(ParityHarness.RelativeError(b.Select(v => (double)v).ToArray(), a.Select(v => (double)v).ToArray()), Is.LessThanOrEqualTo(1e-4), $"row {row}");
        }
    }

    [Test]
    public void ADivergingFrameCostsNoExtraLaunchWhateverTheAgentCount()
    {
        // As above: rates of 0.01 that overflow to infinity when scaled up.
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Momentum, LearningRate = 1e4, BatchSize = 4 };
        foreach (var agents in new[] { 1, 65, 300 })
        {
            using var cohort = Build(settings, agents, scale: 1e-6f);
            Assert.That(OpenClBackend.TryAttach(cohort, _options, out var backend), Is.True);
            var counters = backend!.Counters;
            cohort.TrainStep();

            var before = counters.Launches;
            cohort.TrainStep();
            Assert.That(counters.Launches - before, Is.EqualTo(1), $"a healthy frame, {agents} agents");

            // Every agent diverges at once: their steps are not written, and nothing is restored.
            for (var row = 0; row < agents; row++)
            {
                cohort.SetLearningRateScale(cohort.HandleAt(row), 1e38f);
            }

            var last = cohort.HandleAt(agents - 1);
            var good = new float[Spec.ParameterCount];
            cohort.GetParameters(last, good);
            before = counters.Launches;
            Assert.That(cohort.TrainStep(), Is.Zero, "no step stood");
            Assert.That(counters.Launches - before, Is.EqualTo(1), $"a diverging frame, {agents} agents");
            Assert.That(cohort.DivergenceEvents, Is.EqualTo(agents));
            var after = new float[Spec.ParameterCount];
            cohort.GetParameters(last, after);
            Assert.That(after, Is.EqualTo(good), "the last good parameters");
        }
    }

    [Test]
    public void AStepWithANonFiniteLossWritesNothing()
    {
        // Targets near float's limit make the quadratic loss overflow at once.
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Momentum, LearningRate = 0.01, BatchSize = 2 };
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 2, Training = settings });
        var agent = cohort.Add();
        cohort.AddSample(agent, [0.1f, 0.2f, 0.3f, 0.4f], [3e38f, -3e38f]);
        Assert.That(OpenClBackend.TryAttach(cohort, _options, out var backend), Is.True);
        var before = new float[Spec.ParameterCount];
        cohort.GetParameters(agent, before);
        var launches = backend!.Counters.Launches;

        Assert.That(cohort.TrainStep(), Is.Zero, "the step did not stand");

        Assert.That(backend.Counters.Launches - launches, Is.EqualTo(1), "nothing written, so nothing to restore");
        var after = new float[Spec.ParameterCount];
        cohort.GetParameters(agent, after);
        Assert.That(after, Is.EqualTo(before));
        Assert.That(cohort.Divergences(agent), Is.EqualTo(1));
        Assert.That(cohort.LearningRateDamping(agent), Is.EqualTo(0.5f));
        Assert.That(float.IsFinite(cohort.LastLoss(agent)), Is.False, "the loss that caused it is reported");
        Assert.That(cohort.BackendName, Is.EqualTo("opencl"));
    }

    private static BrainCohort Build(TrainingSettings settings, int agents, float scale = 1f)
    {
        var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 11, Training = settings, SampleCapacity = 16 });
        var random = new DeterministicRandom(12);
        var input = new float[4];
        var target = new float[2];
        for (var i = 0; i < agents; i++)
        {
            var agent = cohort.Add();
            cohort.SetLearningRateScale(agent, scale);
            for (var s = 0; s < 16; s++)
            {
                for (var k = 0; k < 4; k++)
                {
                    input[k] = (float)random.NextDouble(-1, 1);
                }

                target[0] = input[0] - input[1];
                target[1] = input[2] * input[3];
                cohort.AddSample(agent, input, target);
            }
        }

        return cohort;
    }
}
