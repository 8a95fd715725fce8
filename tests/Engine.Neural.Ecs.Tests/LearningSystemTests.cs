using Engine.Ecs;
using static Engine.Neural.Ecs.Tests.EcsTestKit;

namespace Engine.Neural.Ecs.Tests;

public class LearningSystemTests
{
    private static readonly CohortOptions Options = new()
    {
        Seed = 21,
        SampleCapacity = 64,
        Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.05, BatchSize = 16 },
    };

    [Test]
    public void AgentsLearningInTheWorldMatchTheSameBrainsTrainedDirectly()
    {
        const int Agents = 200;
        using var world = World.Create();
        using var registry = new BrainRegistry(world, Options);
        using var direct = new BrainCohort(CutSpec, Options);
        var neural = new NeuralSystem(registry);
        var learning = new LearningSystem(registry, TrainingBudget.StepsPerFrame(1));
        var random = new DeterministicRandom(8);
        var cuts = new (float, float, float)[Agents];
        var brains = new NeuralBrain[Agents];
        var agents = new AgentHandle[Agents];
        for (var i = 0; i < Agents; i++)
        {
            cuts[i] = RandomCut(ref random);
            brains[i] = registry.AddBrain(world.Create(), CutSpec);
            agents[i] = direct.Add();
        }

        for (var frame = 0; frame < 300; frame++)
        {
            for (var i = 0; i < Agents; i++)
            {
                var x = (float)random.NextDouble();
                var y = (float)random.NextDouble();
                registry.AddSample(in brains[i], [x, y], [Side(cuts[i], x, y)]);
                direct.AddSample(agents[i], [x, y], [Side(cuts[i], x, y)]);
            }

            neural.Update(0.016f);
            learning.Update(0.016f);
            direct.Train(TrainingBudget.StepsPerFrame(1));
            Assert.That(learning.LastSteps, Is.EqualTo(1));
        }

        for (var i = 0; i < Agents; i++)
        {
            var inWorld = Parameters(registry, in brains[i]);
            var alone = new float[direct.ParameterCount];
            direct.GetParameters(agents[i], alone);
            Assert.That(inWorld, Is.EqualTo(alone), $"agent {i}: the world adds no arithmetic of its own");
        }

        var worldAccuracy = Accuracy(
            cuts,
            write: (i, x, y) => { registry.Input(in brains[i])[0] = x; registry.Input(in brains[i])[1] = y; },
            forward: () => neural.Update(0),
            read: i => registry.Output(in brains[i])[0]);
        var directAccuracy = Accuracy(
            cuts,
            write: (i, x, y) => { direct.Input(agents[i])[0] = x; direct.Input(agents[i])[1] = y; },
            forward: direct.Forward,
            read: i => direct.Output(agents[i])[0]);
        TestContext.Out.WriteLine($"mean accuracy: in the world {worldAccuracy:P1}, trained directly {directAccuracy:P1}");
        Assert.That(worldAccuracy, Is.EqualTo(directAccuracy));
        Assert.That(worldAccuracy, Is.GreaterThan(0.93), "the brains learned their cuts");
    }

    [Test]
    public void APausedBrainKeepsItsWeightsWhileTheOthersLearn()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world, Options);
        var entities = Enumerable.Range(0, 12).Select(_ => world.Create()).ToArray();
        var random = new DeterministicRandom(4);
        foreach (var entity in entities)
        {
            var brain = registry.AddBrain(entity, CutSpec);
            for (var s = 0; s < 20; s++)
            {
                registry.AddSample(in brain, [(float)random.NextDouble(), (float)random.NextDouble()], [s % 2]);
            }
        }

        world.Get<NeuralBrain>(entities[5]).Learning = false;
        world.Get<NeuralBrain>(entities[6]).LearningRateScale = 0f;
        var before = entities.Select(e => Parameters(registry, world.Get<NeuralBrain>(e))).ToArray();
        var learning = new LearningSystem(registry, TrainingBudget.StepsPerFrame(3));

        learning.Update(0.016f);

        for (var i = 0; i < entities.Length; i++)
        {
            var after = Parameters(registry, world.Get<NeuralBrain>(entities[i]));
            Assert.That(after, i is 5 or 6 ? Is.EqualTo(before[i]) : Is.Not.EqualTo(before[i]), $"entity {i}");
        }
    }

    [Test]
    public void AStepBudgetGivesEveryTrainableCohortItsSteps()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world, Options);
        var perceptron = new BrainSpec(2, [], new LayerSpec(1, Activation.Step), Loss.Quadratic);
        var cut = registry.AddBrain(world.Create(), CutSpec);
        var wide = registry.AddBrain(world.Create(), WideSpec);
        var step = registry.AddBrain(world.Create(), perceptron);
        registry.AddSample(in cut, [0.1f, 0.2f], [1f]);
        registry.AddSample(in wide, [0.1f, 0.2f, 0.3f], [1f, 0f]);
        registry.AddSample(in step, [0.1f, 0.2f], [1f]);
        var neural = new NeuralSystem(registry);
        var learning = new LearningSystem(registry, TrainingBudget.StepsPerFrame(4));

        neural.Update(0.016f);
        learning.Update(0.016f);

        Assert.That(learning.LastSteps, Is.EqualTo(8), "four steps for each of the two trainable cohorts; the perceptron runs forward only");
        Assert.That(registry.LastLoss(in cut), Is.Not.NaN);
        Assert.That(registry.LastLoss(in wide), Is.Not.NaN);
        Assert.That(registry.Output(in step)[0], Is.EqualTo(0f).Or.EqualTo(1f), "the perceptron still thinks");
    }

    [Test]
    public void ATimeBudgetIsSharedSoThatEveryCohortTrains()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world, Options);
        var cut = registry.AddBrain(world.Create(), CutSpec);
        var wide = registry.AddBrain(world.Create(), WideSpec);
        registry.AddSample(in cut, [0.1f, 0.2f], [1f]);
        registry.AddSample(in wide, [0.1f, 0.2f, 0.3f], [1f, 0f]);
        var learning = new LearningSystem(registry, TrainingBudget.TimePerFrame(20));

        learning.Update(0.016f);

        Assert.That(learning.LastSteps, Is.GreaterThanOrEqualTo(2));
        Assert.That(registry.LastLoss(in cut), Is.Not.NaN, "the first cohort trained");
        Assert.That(registry.LastLoss(in wide), Is.Not.NaN, "the second cohort trained");
        Assert.That(learning.LastFrameMilliseconds, Is.LessThan(1000), "the budget bounds the frame (loosely: the machine is shared)");
    }

    [Test]
    public void WithoutANeuralSystemTheLearningSystemSweepsDeadBrainsItself()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world, Options);
        var doomed = world.Create();
        var brain = registry.AddBrain(doomed, CutSpec);
        registry.AddSample(in brain, [0.1f, 0.2f], [1f]);
        var learning = new LearningSystem(registry, TrainingBudget.StepsPerFrame(1));

        world.Destroy(doomed);
        learning.Update(0.016f);

        Assert.That(registry.IsLive(in brain), Is.False);
        Assert.That(learning.LastSteps, Is.EqualTo(0), "an empty cohort is not trained");
    }

    /// <summary>Mean over agents of the fraction of 100 random points each brain puts on the right side of its cut.</summary>
    private static double Accuracy((float, float, float)[] cuts, Action<int, float, float> write, Action forward, Func<int, float> read)
    {
        var random = new DeterministicRandom(77);
        var correct = 0;
        const int Points = 100;
        for (var p = 0; p < Points; p++)
        {
            var xs = new float[cuts.Length];
            var ys = new float[cuts.Length];
            for (var i = 0; i < cuts.Length; i++)
            {
                xs[i] = (float)random.NextDouble();
                ys[i] = (float)random.NextDouble();
                write(i, xs[i], ys[i]);
            }

            forward();
            for (var i = 0; i < cuts.Length; i++)
            {
                correct += (read(i) > 0.5f ? 1f : 0f) == Side(cuts[i], xs[i], ys[i]) ? 1 : 0;
            }
        }

        return (double)correct / (Points * cuts.Length);
    }
}
