using Engine.Ecs;
using static Engine.Neural.Ecs.Tests.EcsTestKit;

namespace Engine.Neural.Ecs.Tests;

/// <summary>
/// Issue 4's churn test: destroy 10% and create 10% of the agents every frame for 1,000 frames;
/// every survivor keeps its own parameters and samples however the cohort's rows move.
/// </summary>
public class EcsChurnTests
{
    private const int Agents = 200;
    private const int Frames = 1000;
    private const int Ring = 16;

    [Test]
    public void ChurnKeepsEverySurvivorsParametersAndSamplesIntact()
    {
        // Latest-sample batches as large as the ring make a training step a pure function of
        // an agent's parameters and samples, so a step can prove the samples are its own.
        var options = new CohortOptions
        {
            Seed = 12,
            SampleCapacity = Ring,
            Sampling = BatchSampling.Latest,
            Training = new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = 0.5, BatchSize = Ring },
        };
        using var world = World.Create();
        using var registry = new BrainRegistry(world, options);
        var neural = new NeuralSystem(registry);
        var random = new DeterministicRandom(31);
        var expected = new Dictionary<Entity, Agent>();
        var live = new List<Entity>();
        for (var i = 0; i < Agents; i++)
        {
            Spawn(world, registry, ref random, expected, live);
        }

        for (var frame = 0; frame < Frames; frame++)
        {
            for (var k = 0; k < Agents / 10; k++)
            {
                var index = random.NextInt(live.Count);
                var victim = live[index];
                live[index] = live[^1];
                live.RemoveAt(live.Count - 1);
                expected.Remove(victim);

                // Most die; some only lose their brain and live on without it.
                if (k % 4 == 0)
                {
                    world.Remove<NeuralBrain>(victim);
                }
                else
                {
                    world.Destroy(victim);
                }
            }

            for (var k = 0; k < Agents / 10; k++)
            {
                Spawn(world, registry, ref random, expected, live);
            }

            neural.Update(0.016f);
            Assert.That(registry.LastFreed, Is.EqualTo(Agents / 10), $"frame {frame}: every removed brain is freed");
            Assert.That(registry.BrainCount, Is.EqualTo(Agents), $"frame {frame}");
            if (frame % 50 == 0 || frame == Frames - 1)
            {
                CheckSurvivors(world, registry, expected, frame);
            }
        }

        CheckSamplesByTraining(world, registry, options, expected);
    }

    private static void Spawn(World world, BrainRegistry registry, ref DeterministicRandom random, Dictionary<Entity, Agent> expected, List<Entity> live)
    {
        var parameters = new float[CutSpec.ParameterCount];
        for (var p = 0; p < parameters.Length; p++)
        {
            parameters[p] = (float)random.NextDouble(-1, 1);
        }

        var entity = world.Create();
        var brain = registry.AddBrain(entity, CutSpec, parameters);
        var samples = new List<(float[] Input, float[] Target)>();
        var count = 1 + random.NextInt(Ring);
        for (var s = 0; s < count; s++)
        {
            var sample = (new[] { (float)random.NextDouble(), (float)random.NextDouble() }, new[] { (float)random.NextInt(2) });
            registry.AddSample(in brain, sample.Item1, sample.Item2);
            samples.Add(sample);
        }

        expected.Add(entity, new Agent(parameters, samples));
        live.Add(entity);
    }

    private static void CheckSurvivors(World world, BrainRegistry registry, Dictionary<Entity, Agent> expected, int frame)
    {
        foreach (var (entity, agent) in expected)
        {
            var brain = world.Get<NeuralBrain>(entity);
            Assert.That(registry.OwnerOf(in brain), Is.EqualTo(entity), $"frame {frame}: {entity}'s brain is its own");
            Assert.That(Parameters(registry, in brain), Is.EqualTo(agent.Parameters), $"frame {frame}: {entity}'s parameters");
            Assert.That(registry.Cohort(in brain).SampleCount(brain.Agent), Is.EqualTo(agent.Samples.Count), $"frame {frame}: {entity}'s sample count");
        }
    }

    /// <summary>
    /// One training step in the world against the same step of a fresh cohort built from what
    /// each survivor should hold: equal results mean equal samples, in the same order.
    /// </summary>
    private static void CheckSamplesByTraining(World world, BrainRegistry registry, CohortOptions options, Dictionary<Entity, Agent> expected)
    {
        using var reference = new BrainCohort(CutSpec, options);
        var handles = new Dictionary<Entity, AgentHandle>();
        foreach (var (entity, agent) in expected)
        {
            var handle = reference.Add(agent.Parameters);
            foreach (var (input, target) in agent.Samples)
            {
                reference.AddSample(handle, input, target);
            }

            handles.Add(entity, handle);
        }

        new LearningSystem(registry, TrainingBudget.StepsPerFrame(1)).Update(0.016f);
        reference.TrainStep();

        var trained = new float[reference.ParameterCount];
        foreach (var (entity, agent) in expected)
        {
            reference.GetParameters(handles[entity], trained);
            Assert.That(trained, Is.Not.EqualTo(agent.Parameters), "the step changed the weights");
            Assert.That(Parameters(registry, world.Get<NeuralBrain>(entity)), Is.EqualTo(trained), $"{entity} trained on samples that are not its own");
        }
    }

    private sealed record Agent(float[] Parameters, List<(float[] Input, float[] Target)> Samples);
}
