using Engine.Neural.Cpu;
using Engine.Neural.Persistence;

namespace Engine.Neural.Tests.Persistence;

/// <summary>
/// Files written by the build before the cohort rebuild (format version 1, commit 21a284a; the
/// program that wrote them is Fixtures/README-generator.cs.txt) load with every value, and train
/// on exactly as that build did.
/// </summary>
public class FormatV1CompatibilityTests
{
    private static readonly BrainSpec Spec = new(2, [new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.LeakyReLU, 0.05)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [Test]
    public void ACohortFileWrittenBeforeTheRebuildKeepsEveryValueWhenWrittenAgain()
    {
        var original = File.ReadAllBytes(Fixture("v1-cohort.brains"));
        Assert.That(BitConverter.ToUInt16(original, 8), Is.EqualTo(1), "the fixture is format version 1");
        using var cohort = BrainFile.ReadCohort(new MemoryStream(original));
        Assert.That(cohort.Count, Is.EqualTo(4));
        Assert.That(cohort.LearningRateScale(cohort.HandleAt(2)), Is.EqualTo(0.5f));

        // Written now, it is version 2 (the epoch fields, at their defaults), and reads back the same.
        var rewritten = PersistenceKit.Snapshot(cohort);
        Assert.That(BitConverter.ToUInt16(rewritten, 8), Is.EqualTo(2));
        Assert.That(rewritten.Length, Is.EqualTo(original.Length + (4 * (8 + 4 + 4))), "16 bytes more per agent, nothing else");
        using var again = BrainFile.ReadCohort(new MemoryStream(rewritten));
        Assert.That(PersistenceKit.Snapshot(again), Is.EqualTo(rewritten));
        Assert.That(PersistenceKit.ParameterBits(again), Is.EqualTo(PersistenceKit.ParameterBits(cohort)));
    }

    [Test]
    public void ACohortFileWrittenBeforeTheRebuildTrainsOnAsThatBuildDid()
    {
        using var cohort = BrainFile.LoadCohort(Fixture("v1-cohort.brains"));
        using var expected = BrainFile.LoadCohort(Fixture("v1-cohort-after5.brains"));

        // The fixture was trained on with 256-bit vectors, one agent at a time; widths and the
        // interleaved kernels agree to rounding, not bit for bit (the test below).
        cohort.Width = SimdWidth.W256;
        cohort.CpuBackend.PerAgentTraining = true;

        // The generator program's feed: frames 0 to 9 were saved, frames 10 to 14 follow.
        var random = new DeterministicRandom(5);
        for (var draw = 0; draw < 10 * 4 * 2; draw++)
        {
            random.NextDouble();
        }

        // The program fed its agents in the order of their ids (one row moved when it removed one).
        var byId = Enumerable.Range(0, cohort.Count).Select(cohort.HandleAt).OrderBy(h => h.Id).ToArray();
        for (var frame = 0; frame < 5; frame++)
        {
            foreach (var agent in byId)
            {
                float x = (float)random.NextDouble(), y = (float)random.NextDouble();
                cohort.AddSample(agent, [x, y], [x + y > 1 ? 1f : 0f]);
            }

            cohort.TrainStep();
        }

        Assert.That(PersistenceKit.ParameterBits(cohort), Is.EqualTo(PersistenceKit.ParameterBits(expected)));
        Assert.That(PersistenceKit.Snapshot(cohort), Is.EqualTo(PersistenceKit.Snapshot(expected)), "optimiser state, rings, generators and counters agree too");
    }

    [Test]
    public void ABrainFileWrittenBeforeTheRebuildLoadsIntoACohort()
    {
        using var source = BrainFile.LoadCohort(Fixture("v1-cohort.brains"));
        using var target = new BrainCohort(Spec, source.Options);
        var agent = BrainFile.LoadBrain(Fixture("v1-brain.brain"), target);

        var saved = new float[Spec.ParameterCount];
        var loaded = new float[Spec.ParameterCount];
        source.GetParameters(source.HandleAt(2), saved);
        target.GetParameters(agent, loaded);
        Assert.That(loaded, Is.EqualTo(saved));
        Assert.That(target.SampleCount(agent), Is.EqualTo(source.SampleCount(source.HandleAt(2))));
        Assert.That(target.LearningRateScale(agent), Is.EqualTo(0.5f));
    }

    private static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Persistence", "Fixtures", name);
}
