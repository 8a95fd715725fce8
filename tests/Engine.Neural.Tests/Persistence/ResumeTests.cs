using Engine.Neural.Persistence;

namespace Engine.Neural.Tests.Persistence;

/// <summary>Train, save, load, train on: the same as never stopping, bit for bit, on the CPU.</summary>
public class ResumeTests
{
    [TestCase(OptimizerKind.Sgd, false)]
    [TestCase(OptimizerKind.Momentum, false)]
    [TestCase(OptimizerKind.Adam, false)]
    [TestCase(OptimizerKind.Adam, true)]
    public void ACohortSavedAfter100StepsAndTrained100MoreMatches200Straight(OptimizerKind optimizer, bool shared)
    {
        using var straight = PersistenceKit.Cohort(optimizer, shared: shared);
        PersistenceKit.Train(straight, 0, 200);

        using var first = PersistenceKit.Cohort(optimizer, shared: shared);
        PersistenceKit.Train(first, 0, 100);
        var path = PersistenceKit.TempPath("cohort.brains");
        BrainFile.SaveCohort(path, first);
        using var resumed = BrainFile.LoadCohort(path);
        PersistenceKit.Train(resumed, 100, 200);

        Assert.That(PersistenceKit.ParameterBits(resumed), Is.EqualTo(PersistenceKit.ParameterBits(straight)));
        Assert.That(PersistenceKit.ParameterBits(resumed), Is.Not.EqualTo(PersistenceKit.ParameterBits(first)), "the second 100 steps changed something");
        Assert.That(PersistenceKit.Snapshot(resumed), Is.EqualTo(PersistenceKit.Snapshot(straight)), "optimiser state, rings, generators and counters agree too");
    }

    [Test]
    public void LoadingKeepsHandlesSettingsAndFlags()
    {
        using var cohort = PersistenceKit.Cohort(OptimizerKind.Momentum);
        cohort.Settings = cohort.Settings with { LearningRate = 0.05, ClipNorm = 2 };
        PersistenceKit.Train(cohort, 0, 10);
        using var stream = new MemoryStream();
        BrainFile.WriteCohort(stream, cohort);
        stream.Position = 0;
        using var loaded = BrainFile.ReadCohort(stream);

        Assert.That(loaded.Count, Is.EqualTo(cohort.Count));
        Assert.That(loaded.Settings, Is.EqualTo(cohort.Settings));
        Assert.That(loaded.Options, Is.EqualTo(cohort.Options));
        for (var row = 0; row < cohort.Count; row++)
        {
            var handle = cohort.HandleAt(row);
            Assert.That(loaded.RowOf(handle), Is.EqualTo(row));
            Assert.That(loaded.IsLearning(handle), Is.EqualTo(cohort.IsLearning(handle)));
            Assert.That(loaded.LearningRateScale(handle), Is.EqualTo(cohort.LearningRateScale(handle)));
            Assert.That(loaded.SampleCount(handle), Is.EqualTo(cohort.SampleCount(handle)));
        }

        Assert.That(loaded.Add(), Is.EqualTo(cohort.Add()), "the next new agent reuses the same free id");
    }

    [TestCase(OptimizerKind.Adam)]
    [TestCase(OptimizerKind.Momentum)]
    public void OneBrainLoadedIntoAnotherCohortTrainsOnIdentically(OptimizerKind optimizer)
    {
        using var source = PersistenceKit.Cohort(optimizer);
        PersistenceKit.Train(source, 0, 100);
        var agent = source.HandleAt(3);
        var path = PersistenceKit.TempPath("one.brain");
        BrainFile.SaveBrain(path, source, agent);

        using var target = new BrainCohort(PersistenceKit.Spec, PersistenceKit.Options(optimizer) with { Seed = 99 });
        target.Add();
        var loaded = BrainFile.LoadBrain(path, target);

        // Agents learn independently, so this one brain goes on exactly, whoever its neighbours are.
        for (var step = 100; step < 150; step++)
        {
            float[] input = [(float)Math.Sin(step * 0.3), (float)Math.Cos(step * 0.7)];
            float[] target1 = [input[0] > input[1] ? 1f : 0f];
            source.AddSample(agent, input, target1);
            target.AddSample(loaded, input, target1);
            source.TrainStep();
            target.TrainStep();
        }

        var expected = new float[source.ParameterCount];
        var actual = new float[target.ParameterCount];
        source.GetParameters(agent, expected);
        target.GetParameters(loaded, actual);
        Assert.That(actual.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
    }

    [Test]
    public void OneBrainLoadedIntoAnAgentResumesExactly()
    {
        using var straight = PersistenceKit.Cohort(OptimizerKind.Adam);
        PersistenceKit.Train(straight, 0, 200);

        using var first = PersistenceKit.Cohort(OptimizerKind.Adam);
        PersistenceKit.Train(first, 0, 100);
        var paths = Enumerable.Range(0, first.Count).Select(row => PersistenceKit.TempPath($"row{row}.brain")).ToArray();
        for (var row = 0; row < first.Count; row++)
        {
            BrainFile.SaveBrain(paths[row], first, first.HandleAt(row));
        }

        // A cohort built the same way, its brains then replaced one by one from the files.
        using var resumed = PersistenceKit.Cohort(OptimizerKind.Adam);
        for (var row = 0; row < resumed.Count; row++)
        {
            BrainFile.LoadBrainInto(paths[row], resumed, resumed.HandleAt(row));
        }

        PersistenceKit.Train(resumed, 100, 200);
        Assert.That(PersistenceKit.ParameterBits(resumed), Is.EqualTo(PersistenceKit.ParameterBits(straight)));
    }
}
