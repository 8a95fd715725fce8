using Engine.Ecs;
using Engine.Neural.Cpu;
using Engine.Neural.Learning;

namespace Engine.Neural.Ecs.Tests;

/// <summary>
/// Entities whose brains learn from rewards or evolve, through the registry and the systems:
/// each entity sees a number in [0, 1] and is paid +1 for saying "yes" above 1/2 and "no"
/// below it, -1 otherwise, and is never told the rule.
/// </summary>
public class RewardLearningTests
{
    private const int Entities = 64;

    private static readonly BrainSpec Spec = new(1, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    private static readonly PolicyGradientOptions OneStepEpisodes = new() { Discount = 0, MaxSteps = 1, EntropyBonus = 0.05, Seed = 2 };

    [Test]
    public void EntitiesLearnTheRuleFromRewardsThroughTheSystems()
    {
        using var game = new Game(policy: true);
        var first = game.Play(20);
        game.Play(2_680);
        var last = game.Play(300);
        TestContext.Out.WriteLine($"mean reward per entity and frame: first 20 frames {first:F3}, last 300 {last:F3}");
        Assert.That(first, Is.LessThan(0.3), "untrained brains guess");
        Assert.That(last, Is.GreaterThan(0.7), "trained brains are paid most of the time");
        Assert.That(game.Brains.Learner(game.CohortId)!.Updates, Is.GreaterThan(Entities * 2_000));
    }

    [Test]
    public void DestroyedEntitiesLeaveTheLearnerInStep()
    {
        using var game = new Game(policy: true);
        game.Play(200);
        for (var i = 0; i < Entities; i += 4)
        {
            game.World.Destroy(game.Agents[i]);
        }

        game.Play(400);
        Assert.That(game.Brains.BrainCount, Is.EqualTo(Entities - (Entities / 4)));
        var learner = game.Brains.Learner(game.CohortId)!;
        Assert.That(learner.Cohort.Count, Is.EqualTo(game.Brains.BrainCount));
        Assert.That(learner.Actions.Length, Is.EqualTo(learner.Cohort.Count), "one action per live brain");
    }

    [Test]
    public void APopulationEvolvesThroughTheRegistry()
    {
        using var game = new Game(policy: false);
        var cohort = game.Brains.Cohort(game.CohortId);
        var es = new EvolutionStrategy(cohort, new EvolutionStrategyOptions { Seed = 3, Sigma = 0.3 });
        game.Brains.UseEvolution(game.CohortId, es);
        var first = 0.0;
        var last = 0.0;
        for (var generation = 0; generation < 40; generation++)
        {
            var mean = game.Generation(frames: 50);
            first = generation == 0 ? mean : first;
            last = mean;
            game.Brains.NextGeneration(game.CohortId);
        }

        TestContext.Out.WriteLine($"population's mean share of right answers: generation 1 {first:F3}, generation 40 {last:F3}");
        Assert.That(es.Generation, Is.EqualTo(40));
        Assert.That(first, Is.LessThan(0.75), "a random population guesses");
        Assert.That(last, Is.GreaterThan(0.8).And.GreaterThan(first + 0.2), "the evolved population is right four times in five (0.895 measured)");
        Assert.That(() => game.Brains.Reward(game.Brains.World.Get<NeuralBrain>(game.Agents[0]), 1f), Throws.InvalidOperationException.With.Message.Contains("does not learn from rewards"));
    }

    [Test]
    public void ActingAndLearningAllocateNothingInASteadyFrame()
    {
        using var game = new Game(policy: true);
        game.Play(300);
        var thread = GC.GetAllocatedBytesForCurrentThread();
        var workers = WorkerPool.Shared.WorkerAllocatedBytes;
        game.Play(100);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - thread, Is.EqualTo(0), "bytes allocated by the calling thread over 100 frames");
        Assert.That(WorkerPool.Shared.WorkerAllocatedBytes - workers, Is.EqualTo(0), "bytes allocated by the workers");
    }

    [Test]
    public void APolicyNeedsItsCohortMadeFirst()
    {
        using var world = World.Create();
        using var brains = new BrainRegistry(world);
        brains.AddBrain(world.Create(), Spec);
        Assert.That(() => brains.UsePolicy(Spec, BernoulliPolicy.Instance), Throws.InvalidOperationException.With.Message.Contains("before its first brain"));
    }

    /// <summary>The rule game: a world, its brains and systems, and a seeded stream of numbers.</summary>
    private sealed class Game : IDisposable
    {
        private readonly NeuralSystem _neural;
        private DeterministicRandom _random = new(17);

        public Game(bool policy)
        {
            var world = World.Create();
            World = world;
            Brains = new BrainRegistry(world, new CohortOptions { Seed = 5, Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.02 } });
            CohortId = policy ? Brains.UsePolicy(Spec, BernoulliPolicy.Instance, OneStepEpisodes) : Brains.CohortIdOf(Spec);
            _neural = new NeuralSystem(Brains);
            Agents = new Entity[Entities];
            for (var i = 0; i < Entities; i++)
            {
                Agents[i] = world.Create();
                Brains.AddBrain(Agents[i], Spec);
            }
        }

        public World World { get; }

        public BrainRegistry Brains { get; }

        public int CohortId { get; }

        public Entity[] Agents { get; }

        /// <summary>Plays <paramref name="frames"/> one-step episodes per live entity; returns the mean reward.</summary>
        public double Play(int frames)
        {
            var total = 0.0;
            var count = 0;
            for (var frame = 0; frame < frames; frame++)
            {
                Sense();
                _neural.Update(1f / 60);
                foreach (var entity in Agents)
                {
                    if (!World.IsAlive(entity))
                    {
                        continue;
                    }

                    ref var brain = ref World.Get<NeuralBrain>(entity);
                    var reward = Pay(Brains.Input(brain)[0], Brains.Action(brain)[0] > 0.5f);
                    Brains.Reward(brain, reward);
                    Brains.EndEpisode(brain, EpisodeEnd.Terminal);
                    total += reward;
                    count++;
                }
            }

            return total / count;
        }

        /// <summary>One generation: each entity's greedy answers scored over <paramref name="frames"/> numbers; returns the population's mean share of right answers.</summary>
        public double Generation(int frames)
        {
            var scores = new float[Entities];
            for (var frame = 0; frame < frames; frame++)
            {
                Sense();
                _neural.Update(1f / 60);
                for (var i = 0; i < Entities; i++)
                {
                    ref var brain = ref World.Get<NeuralBrain>(Agents[i]);
                    scores[i] += Pay(Brains.Input(brain)[0], Brains.Output(brain)[0] > 0.5f) > 0 ? 1 : 0;
                }
            }

            for (var i = 0; i < Entities; i++)
            {
                Brains.SetFitness(World.Get<NeuralBrain>(Agents[i]), scores[i]);
            }

            return scores.Average() / frames;
        }

        public void Dispose()
        {
            Brains.Dispose();
            World.Dispose();
        }

        private static float Pay(float x, bool yes) => yes == (x > 0.5f) ? 1f : -1f;

        private void Sense()
        {
            foreach (var entity in Agents)
            {
                if (World.IsAlive(entity))
                {
                    Brains.Input(World.Get<NeuralBrain>(entity))[0] = (float)_random.NextDouble();
                }
            }
        }
    }
}
