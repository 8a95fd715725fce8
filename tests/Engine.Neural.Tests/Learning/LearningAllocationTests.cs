using Engine.Neural.Bench;
using Engine.Neural.Cpu;
using Engine.Neural.Learning;

namespace Engine.Neural.Tests.Learning;

/// <summary>A steady frame of acting and learning from rewards, and a generation of evolution, allocate nothing.</summary>
[NonParallelizable]
public sealed class LearningAllocationTests
{
    [TestCase(BaselineKind.None)]
    [TestCase(BaselineKind.ValueCohort)]
    public void AFrameOfActingRewardingAndLearningAllocatesNothing(BaselineKind baseline)
    {
        using var run = new CartPolePolicyGradientRun(
            1000,
            seed: 2,
            [new LayerSpec(16, Activation.Tanh)],
            new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, ClipNorm = 1 },
            new PolicyGradientOptions { Baseline = baseline, EntropyBonus = 0.01 });
        var (threadBytes, workerBytes) = Measure(run.Frame, frames: 50);
        Assert.That(threadBytes, Is.EqualTo(0), "bytes allocated by the calling thread over 50 frames");
        Assert.That(workerBytes, Is.EqualTo(0), "bytes allocated by the worker threads over 50 frames");
        Assert.That(run.Learner.Updates, Is.GreaterThan(1000), "agents learned during the frames");
    }

    [Test]
    public void AGenerationOfEvolutionStrategiesOrOfTheGeneticAlgorithmAllocatesNothing()
    {
        using var cohort = new BrainCohort(CartPoleEpisodes.Spec, new CohortOptions { Seed = 1, InitialCapacity = 256 });
        for (var i = 0; i < 256; i++)
        {
            cohort.Add();
        }

        var fitness = new float[256];
        var random = new DeterministicRandom(8);
        var es = new EvolutionStrategy(cohort, new EvolutionStrategyOptions { Seed = 1 });
        var ga = new GeneticAlgorithm(cohort, new GeneticAlgorithmOptions { Seed = 1 });
        void Generation()
        {
            for (var i = 0; i < fitness.Length; i++)
            {
                fitness[i] = (float)random.NextDouble();
            }

            es.NextGeneration(fitness);
            ga.NextGeneration(fitness);
        }

        var (threadBytes, _) = Measure(Generation, frames: 20);
        Assert.That(threadBytes, Is.EqualTo(0), "bytes allocated over 20 generations of each");
        Assert.That(es.Generation, Is.GreaterThan(20));
    }

    [Test]
    public void AnEvolutionsFirstGenerationAllocatesNothingEither()
    {
        using var cohort = new BrainCohort(CartPoleEpisodes.Spec, new CohortOptions { Seed = 1, InitialCapacity = 64 });
        for (var i = 0; i < 64; i++)
        {
            cohort.Add();
        }

        var fitness = Enumerable.Range(0, 64).Select(i => (float)i).ToArray();

        // Generations of a first pair warm the code up; a game's first generation comes later in
        // its run, with everything else warm, and must not allocate what the evolution could have made at once.
        var (es, ga) = (new EvolutionStrategy(cohort, new EvolutionStrategyOptions { Seed = 1 }), new GeneticAlgorithm(cohort, new GeneticAlgorithmOptions { Seed = 1 }));
        for (var g = 0; g < 200; g++)
        {
            es.NextGeneration(fitness);
            ga.NextGeneration(fitness);
        }

        (es, ga) = (new EvolutionStrategy(cohort, new EvolutionStrategyOptions { Seed = 2 }), new GeneticAlgorithm(cohort, new GeneticAlgorithmOptions { Seed = 2 }));
        var before = GC.GetAllocatedBytesForCurrentThread();
        es.NextGeneration(fitness);
        ga.NextGeneration(fitness);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0), "bytes allocated by each one's first generation");
    }

    private static (long Thread, long Workers) Measure(Action frame, int frames)
    {
        // Warm up past tiered JIT, whose background recompilation allocates on its own account.
        for (var f = 0; f < 200; f++)
        {
            frame();
        }

        Thread.Sleep(300);
        for (var f = 0; f < 40; f++)
        {
            frame();
        }

        var thread = GC.GetAllocatedBytesForCurrentThread();
        var workers = WorkerPool.Shared.WorkerAllocatedBytes;
        for (var f = 0; f < frames; f++)
        {
            frame();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - thread, WorkerPool.Shared.WorkerAllocatedBytes - workers);
    }
}
