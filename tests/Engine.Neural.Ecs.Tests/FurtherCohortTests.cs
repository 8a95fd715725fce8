using Engine.Ecs;
using Engine.Neural.Learning;
using Engine.Neural.Persistence;
using static Engine.Neural.Ecs.Tests.EcsTestKit;

namespace Engine.Neural.Ecs.Tests;

/// <summary>
/// Further cohorts of a spec (<see cref="BrainRegistry.AddCohort"/>): brains of one shape that
/// learn in two ways, side by side in one world.
/// </summary>
public class FurtherCohortTests
{
    private static readonly BrainSpec RuleSpec = new(1, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [Test]
    public void AFurtherCohortIsApartFromTheSpecsOwn()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var further = registry.AddCohort(CutSpec, new CohortOptions { Seed = 9 });
        var own = registry.CohortIdOf(CutSpec);

        var a = registry.AddBrain(world.Create(), CutSpec);
        var holder = world.Create();
        var b = registry.AddBrain(holder, further);
        var parameters = new float[CutSpec.ParameterCount];
        parameters[^1] = 0.5f;
        var c = registry.AddBrain(world.Create(), further, parameters);

        Assert.That(further, Is.Not.EqualTo(own));
        Assert.That(registry.CohortIdOf(CutSpec), Is.EqualTo(own), "the spec still names its own cohort");
        Assert.That(registry.TryGetCohortId(CutSpec, out var found) && found == own, Is.True);
        Assert.That((registry.IsAddedCohort(further), registry.IsAddedCohort(own)), Is.EqualTo((true, false)));
        Assert.That((a.CohortId, b.CohortId, c.CohortId), Is.EqualTo((own, further, further)));
        Assert.That(registry.Cohort(further).Count, Is.EqualTo(2));
        Assert.That(registry.Cohort(further).Options.Seed, Is.EqualTo(9UL));
        Assert.That(Parameters(registry, in c), Is.EqualTo(parameters));

        new NeuralSystem(registry).Update(0f);
        Assert.That(registry.Output(in c)[0], Is.EqualTo(1f / (1f + MathF.Exp(-0.5f))).Within(1e-6f), "the system runs the further cohort too");
        Assert.That(() => registry.AddBrain(world.Create(), 7), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => registry.AddBrain(holder, further), Throws.InvalidOperationException, "an entity holds one brain");
    }

    [Test]
    public void APolicyAndASupervisedCohortOfOneShapeBothLearnThroughTheSystems()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world, new CohortOptions { Seed = 5, Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.02 } });
        var scored = registry.UsePolicy(RuleSpec, BernoulliPolicy.Instance, new PolicyGradientOptions { Discount = 0, MaxSteps = 1, EntropyBonus = 0.05, Seed = 2 });
        var labelled = registry.AddCohort(RuleSpec, new CohortOptions { Seed = 6, Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.02, BatchSize = 8 } });
        var policyAgents = Enumerable.Range(0, 16).Select(_ => registry.AddBrain(world.Create(), RuleSpec)).ToArray();
        var supervisedAgents = Enumerable.Range(0, 16).Select(_ => registry.AddBrain(world.Create(), labelled)).ToArray();
        var neural = new NeuralSystem(registry);
        var learning = new LearningSystem(registry, TrainingBudget.StepsPerFrame(1));
        var random = new DeterministicRandom(17);
        var (policyRight, supervisedRight) = (0, 0);
        const int Frames = 3_000;
        for (var frame = 0; frame < Frames; frame++)
        {
            var x = (float)random.NextDouble();
            foreach (var brain in policyAgents.Concat(supervisedAgents))
            {
                registry.Input(in brain)[0] = x;
            }

            neural.Update(0f);
            foreach (var brain in policyAgents)
            {
                var right = registry.Action(in brain)[0] > 0.5f == x > 0.5f;
                registry.Reward(in brain, right ? 1f : -1f);
                registry.EndEpisode(in brain, EpisodeEnd.Terminal);
                policyRight += frame >= Frames - 300 && right ? 1 : 0;
            }

            foreach (var brain in supervisedAgents)
            {
                supervisedRight += frame >= Frames - 300 && registry.Output(in brain)[0] > 0.5f == x > 0.5f ? 1 : 0;
                registry.AddSample(in brain, [x], [x > 0.5f ? 1f : 0f]);
            }

            learning.Update(0f);
        }

        var (policyShare, supervisedShare) = (policyRight / (300.0 * 16), supervisedRight / (300.0 * 16));
        TestContext.Out.WriteLine($"right over the last 300 frames: policy {policyShare:F3}, supervised {supervisedShare:F3}");
        Assert.That(policyShare, Is.GreaterThan(0.8), "the policy cohort learned from rewards");
        Assert.That(supervisedShare, Is.GreaterThan(0.9), "the further cohort learned from its samples");
        Assert.That(registry.Learner(scored)!.Updates, Is.EqualTo(16L * (Frames - 1)), "every episode but the last frame's, which learns at the next update");
        Assert.That(registry.Learner(labelled), Is.Null);
        Assert.That(() => registry.Reward(supervisedAgents[0], 1f), Throws.InvalidOperationException.With.Message.Contains("does not learn from rewards"));
    }

    [Test]
    public void ANextGenerationLeavesAFurtherCohortOfTheSameSpecAlone()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world, new CohortOptions { Seed = 3 });
        var population = registry.CohortIdOf(RuleSpec);
        var beside = registry.AddCohort(RuleSpec, new CohortOptions { Seed = 4 });
        var members = Enumerable.Range(0, 8).Select(_ => registry.AddBrain(world.Create(), RuleSpec)).ToArray();
        var untrained = registry.AddBrain(world.Create(), beside);
        var before = Parameters(registry, in untrained);
        var first = Parameters(registry, in members[0]);
        registry.UseEvolution(population, new GeneticAlgorithm(registry.Cohort(population), new GeneticAlgorithmOptions { Seed = 1, MutationSigma = 0.5 }));
        for (var i = 0; i < members.Length; i++)
        {
            registry.SetFitness(in members[i], i);
        }

        registry.NextGeneration(population);

        Assert.That(Parameters(registry, in untrained), Is.EqualTo(before));
        Assert.That(Parameters(registry, in members[0]), Is.Not.EqualTo(first), "the least fit member was replaced");
        Assert.That(() => registry.SetFitness(in untrained, 1f), Throws.InvalidOperationException.With.Message.Contains("does not evolve"));
    }

    [Test]
    public void AWorldFileRefusesAFurtherCohortHoldingBrains()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var further = registry.AddCohort(CutSpec);
        var entity = world.Create();
        registry.AddBrain(world.Create(), CutSpec);
        using var empty = new MemoryStream();
        BrainFile.WriteWorld(empty, registry, e => (ulong)e.Id);
        Assert.That(empty.Length, Is.GreaterThan(0), "an empty further cohort is no obstacle");

        registry.AddBrain(entity, further);
        using var stream = new MemoryStream();
        Assert.That(() => BrainFile.WriteWorld(stream, registry, e => (ulong)e.Id), Throws.ArgumentException.With.Message.Contains("one cohort per spec"));
    }
}
