namespace Engine.Neural.Tests.Robustness;

/// <summary>
/// Issue 8's bad numbers: one agent driven to divergence by an absurd learning rate among
/// 1,000 healthy ones is rolled back to finite parameters and damped, and every other agent
/// trains exactly as it would have without it.
/// </summary>
public class DivergenceTests
{
    private static readonly BrainSpec Spec = new(4, [new LayerSpec(8, Activation.Tanh)], new LayerSpec(2, Activation.Identity), Loss.Quadratic);

    [TestCase(OptimizerKind.Sgd)]
    [TestCase(OptimizerKind.Adam)]
    public void ADivergingAgentIsRolledBackAndDampedAndTheOthersAreUntouched(OptimizerKind optimizer)
    {
        const int agents = 1000;
        const int bad = 417;
        var settings = new TrainingSettings { Optimizer = optimizer, LearningRate = 0.01, BatchSize = 8 };
        using var healthy = Build(settings, agents);
        using var mixed = Build(settings, agents);

        // Adam normalises its steps, so only an absurd rate lets them overflow a float.
        mixed.SetLearningRateScale(mixed.HandleAt(bad), 1e38f);
        for (var step = 0; step < 30; step++)
        {
            healthy.TrainStep();
            mixed.TrainStep();
        }

        var badAgent = mixed.HandleAt(bad);
        Assert.That(mixed.Divergences(badAgent), Is.GreaterThan(0));
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
        var before = new float[Spec.ParameterCount];
        cohort.GetParameters(agent, before);

        Assert.That(cohort.TrainStep(), Is.Zero, "the step did not stand");

        var after = new float[Spec.ParameterCount];
        cohort.GetParameters(agent, after);
        Assert.That(after, Is.EqualTo(before));
        Assert.That(cohort.Divergences(agent), Is.EqualTo(1));
        Assert.That(cohort.LearningRateDamping(agent), Is.EqualTo(0.5f));
        Assert.That(float.IsFinite(cohort.LastLoss(agent)), Is.False, "the loss that caused it is reported");
    }

    private static BrainCohort Build(TrainingSettings settings, int agents)
    {
        var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 11, Training = settings, SampleCapacity = 16 });
        var random = new DeterministicRandom(12);
        var input = new float[4];
        var target = new float[2];
        for (var i = 0; i < agents; i++)
        {
            var agent = cohort.Add();
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
