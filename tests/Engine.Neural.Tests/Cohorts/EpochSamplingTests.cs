using Engine.Neural.Persistence;
using Engine.Neural.Tests.Persistence;

namespace Engine.Neural.Tests.Cohorts;

/// <summary><see cref="BatchSampling.Epochs"/>: every sample once per epoch, in a seeded shuffle that survives a save.</summary>
public class EpochSamplingTests
{
    private static readonly BrainSpec Spec = new(2, [new LayerSpec(3, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [Test]
    public void ThePermutationIsABijectionForEverySize()
    {
        foreach (var key in new ulong[] { 0, 1, 0xDEADBEEF, ulong.MaxValue })
        {
            for (var size = 1; size <= 300; size++)
            {
                var seen = new bool[size];
                for (var i = 0; i < size; i++)
                {
                    var p = EpochPermutation.At(key, size, i);
                    Assert.That(p, Is.InRange(0, size - 1));
                    Assert.That(seen[p], Is.False, $"key {key}, size {size}: {p} twice");
                    seen[p] = true;
                }
            }
        }
    }

    [Test]
    public void ThePermutationShuffles()
    {
        // Not the identity, and two keys give two orders.
        var a = Enumerable.Range(0, 64).Select(i => EpochPermutation.At(11, 64, i)).ToArray();
        var b = Enumerable.Range(0, 64).Select(i => EpochPermutation.At(12, 64, i)).ToArray();
        Assert.That(a.Where((p, i) => p == i).Count(), Is.LessThan(8));
        Assert.That(a, Is.Not.EqualTo(b));
    }

    [Test]
    public void EachEpochDrawsEverySampleOnceThenShufflesAgain()
    {
        using var cohort = Cohort();
        var agent = cohort.Add();
        for (var i = 0; i < 40; i++)
        {
            cohort.AddSample(agent, [i / 40f, 0f], [i % 2]);
        }

        var first = DrawSteps(cohort, 5);
        Assert.That(first.OrderBy(p => p), Is.EqualTo(Enumerable.Range(0, 40)), "five batches of 8 cover the 40 samples once");
        Assert.That(first, Is.Not.EqualTo(Enumerable.Range(0, 40)), "in a shuffled order");

        var second = DrawSteps(cohort, 5);
        Assert.That(second.OrderBy(p => p), Is.EqualTo(Enumerable.Range(0, 40)));
        Assert.That(second, Is.Not.EqualTo(first), "a new epoch, a new order");
    }

    [Test]
    public void SamplesThatArriveMidEpochJoinTheNextOne()
    {
        using var cohort = Cohort();
        var agent = cohort.Add();
        for (var i = 0; i < 16; i++)
        {
            cohort.AddSample(agent, [i / 40f, 0f], [1f]);
        }

        var firstHalf = DrawSteps(cohort, 1);
        for (var i = 16; i < 24; i++)
        {
            cohort.AddSample(agent, [i / 40f, 0f], [0f]);
        }

        var rest = DrawSteps(cohort, 1);
        Assert.That(firstHalf.Concat(rest).OrderBy(p => p), Is.EqualTo(Enumerable.Range(0, 16)), "the epoch of 16 ends first");
        var next = DrawSteps(cohort, 3);
        Assert.That(next.OrderBy(p => p), Is.EqualTo(Enumerable.Range(0, 24)), "then all 24 are shuffled");
    }

    [Test]
    public void ASaveMidEpochResumesTheSameDraws()
    {
        using var straight = Cohort();
        using var first = Cohort();
        foreach (var cohort in new[] { straight, first })
        {
            for (var a = 0; a < 3; a++)
            {
                var agent = cohort.Add();
                for (var i = 0; i < 20; i++)
                {
                    cohort.AddSample(agent, [i / 20f, a / 3f], [(i + a) % 2]);
                }
            }
        }

        DrawSteps(straight, 3);
        DrawSteps(first, 3);
        using var saved = new MemoryStream();
        BrainFile.WriteCohort(saved, first);
        saved.Position = 0;
        using var resumed = BrainFile.ReadCohort(saved);
        Assert.That(DrawSteps(resumed, 4), Is.EqualTo(DrawSteps(straight, 4)));
        Assert.That(PersistenceKit.ParameterBits(resumed), Is.EqualTo(PersistenceKit.ParameterBits(straight)));
    }

    [Test]
    public void ASharedCohortRefusesEpochs()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BrainCohort(Spec, new CohortOptions { SharedParameters = true, Sampling = BatchSampling.Epochs }));
        Assert.That(ex!.Message, Does.Contain("shared cohort"));
    }

    private static BrainCohort Cohort() => new(Spec, new CohortOptions
    {
        Seed = 5,
        SampleCapacity = 64,
        Sampling = BatchSampling.Epochs,
        Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 8 },
    });

    /// <summary>Trains <paramref name="steps"/> steps and returns the ring positions every step drew, agent by agent.</summary>
    private static List<int> DrawSteps(BrainCohort cohort, int steps)
    {
        var drawn = new List<int>();
        for (var s = 0; s < steps; s++)
        {
            cohort.TrainStep();
            var step = cohort.Policy.Step;
            for (var set = 0; set < step.Sets; set++)
            {
                var ring = cohort.Options.SampleCapacity;
                drawn.AddRange(step.SampleRows.Slice(set * step.MaxBatch, step.BatchLengths[set]).ToArray().Select(r => r - (set * ring)));
            }
        }

        return drawn;
    }
}
