using Engine.Ecs;
using static Engine.Neural.Ecs.Tests.EcsTestKit;

namespace Engine.Neural.Ecs.Tests;

public class NeuralSystemTests
{
    [Test]
    public void ForwardThroughTheWorldMatchesTheCohortRunDirectly()
    {
        var options = new CohortOptions { Seed = 9 };
        using var world = World.Create();
        using var registry = new BrainRegistry(world, options);
        using var direct = new BrainCohort(CutSpec, options);
        var system = new NeuralSystem(registry);
        var random = new DeterministicRandom(5);
        var brains = new NeuralBrain[300];
        var agents = new AgentHandle[300];
        for (var i = 0; i < brains.Length; i++)
        {
            brains[i] = registry.AddBrain(world.Create(), CutSpec);
            agents[i] = direct.Add();

            // A brain of the other spec between them, to show that cohorts do not mix.
            registry.AddBrain(world.Create(), WideSpec);
        }

        for (var i = 0; i < brains.Length; i++)
        {
            var x = (float)random.NextDouble();
            var y = (float)random.NextDouble();
            registry.Input(in brains[i])[0] = x;
            registry.Input(in brains[i])[1] = y;
            direct.Input(agents[i])[0] = x;
            direct.Input(agents[i])[1] = y;
        }

        system.Update(0.016f);
        direct.Forward();

        Assert.That(system.LastBrains, Is.EqualTo(600));
        for (var i = 0; i < brains.Length; i++)
        {
            Assert.That(registry.Output(in brains[i]).ToArray(), Is.EqualTo(direct.Output(agents[i]).ToArray()), $"brain {i}");
            Assert.That(Parameters(registry, in brains[i]), Is.EqualTo(DirectParameters(direct, agents[i])), $"brain {i} starts from the same weights");
        }
    }

    [Test]
    public void PerEntityLearningFlagsAndRateScalesReachTheCohort()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var system = new NeuralSystem(registry);
        var entities = Enumerable.Range(0, 20).Select(_ => world.Create()).ToArray();
        foreach (var entity in entities)
        {
            registry.AddBrain(entity, CutSpec);
        }

        for (var i = 0; i < entities.Length; i++)
        {
            ref var brain = ref world.Get<NeuralBrain>(entities[i]);
            brain.Learning = i % 3 != 0;
            brain.LearningRateScale = i * 0.5f;
        }

        system.Update(0.016f);

        var cohort = registry.Cohort(0);
        for (var i = 0; i < entities.Length; i++)
        {
            var agent = world.Get<NeuralBrain>(entities[i]).Agent;
            Assert.That(cohort.IsLearning(agent), Is.EqualTo(i % 3 != 0), $"entity {i}");
            Assert.That(cohort.LearningRateScale(agent), Is.EqualTo(i * 0.5f), $"entity {i}");
        }
    }

    [Test]
    public void SystemsReportTheirNameAndTheirTimePerFrame()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var random = new DeterministicRandom(2);
        for (var i = 0; i < 1000; i++)
        {
            var brain = registry.AddBrain(world.Create(), CutSpec);
            registry.AddSample(in brain, [(float)random.NextDouble(), (float)random.NextDouble()], [1f]);
        }

        ISystem[] systems = [new NeuralSystem(registry), new LearningSystem(registry, TrainingBudget.StepsPerFrame(1))];
        Assert.That(systems.Select(s => s.LastFrameMilliseconds), Is.All.EqualTo(0), "nothing measured before the first frame");
        foreach (var system in systems)
        {
            system.Update(0.016f);
        }

        Assert.That(systems.Select(s => s.Name), Is.EqualTo(new[] { "Neural", "Learning" }));
        Assert.That(systems.Select(s => s.LastFrameMilliseconds), Is.All.GreaterThan(0).And.All.LessThan(10_000));
    }

    private static float[] DirectParameters(BrainCohort cohort, AgentHandle agent)
    {
        var parameters = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, parameters);
        return parameters;
    }
}
