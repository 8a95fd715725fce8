using System.Buffers.Binary;
using System.Diagnostics;
using Engine.Neural.Persistence;

namespace Engine.Neural.Tests.Persistence;

/// <summary>
/// Thousands of damaged files from a fixed seed: each either loads or is refused with a
/// <see cref="BrainFileException"/>; nothing crashes, hangs, or changes a target it refused.
/// </summary>
[NonParallelizable]
public class FuzzTests
{
    private const int Files = 12_000;

    private static readonly int[] Extremes = [0, 1, -1, int.MaxValue, int.MinValue, 1 << 20, 1 << 22, 1 << 30, 0x7FFFFFF0, 255, 65535];

    private static readonly BrainSpec Spec = new(2, [new LayerSpec(3, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    private enum Mutation
    {
        Truncate,
        FlipBits,
        RandomBytes,
        ExtremeInt,
        ExtremeHeaderLength,
        RandomPayload,
    }

    [Test]
    [CancelAfter(120_000)]
    public void TwelveThousandMutatedFilesLoadOrAreRefusedCleanly()
    {
        var options = new CohortOptions { Seed = 5, SampleCapacity = 4, InitialCapacity = 2, Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, BatchSize = 2 } };
        using var source = new BrainCohort(Spec, options);
        source.Add();
        source.Add();
        for (var i = 0; i < 6; i++)
        {
            source.AddSample(source.HandleAt(i % 2), [i * 0.1f, 1 - (i * 0.1f)], [i % 2]);
            source.TrainStep();
        }

        var cohortFile = PersistenceKit.Snapshot(source);
        using var brainStream = new MemoryStream();
        BrainFile.WriteBrain(brainStream, source, source.HandleAt(1));
        var brainFile = brainStream.ToArray();

        using var target = new BrainCohort(Spec, options);
        target.Add();
        var random = new DeterministicRandom(20261123);
        var outcomes = new SortedDictionary<string, int>();
        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        for (var n = 0; n < Files; n++)
        {
            var isCohort = (n & 1) == 0;
            var mutation = (Mutation)random.NextInt(Enum.GetValues<Mutation>().Length);
            var reseal = random.NextInt(2) == 0;
            var file = Mutate(isCohort ? cohortFile : brainFile, mutation, reseal, ref random);
            var before = PersistenceKit.Snapshot(target);
            var started = Stopwatch.GetTimestamp();
            string outcome;
            try
            {
                if (isCohort)
                {
                    BrainFile.ReadCohortInto(new MemoryStream(file), target);
                }
                else
                {
                    target.Remove(BrainFile.ReadBrain(new MemoryStream(file), target));
                }

                outcome = "loaded";
                AssertSound(target);
            }
            catch (BrainFileException e)
            {
                outcome = e.Problem.ToString();
                Assert.That(PersistenceKit.Snapshot(target), Is.EqualTo(before), $"file {n} ({mutation}) was refused but changed the target");
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            slowest = elapsed > slowest ? elapsed : slowest;
            var key = $"{(isCohort ? "cohort" : "brain")} {outcome}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        TestContext.Out.WriteLine($"FUZZ files={Files} seconds={total.Elapsed.TotalSeconds:F1} slowest_load_ms={slowest.TotalMilliseconds:F1}");
        foreach (var (outcome, count) in outcomes)
        {
            TestContext.Out.WriteLine($"FUZZ {outcome}={count}");
        }

        Assert.That(outcomes.Values.Sum(), Is.EqualTo(Files));
        Assert.That(outcomes.Keys, Has.Some.Contains("loaded"), "some mutations (e.g. of a sample value) are harmless and load");
        Assert.That(slowest.TotalSeconds, Is.LessThan(2), "every load is bounded");
    }

    private static void AssertSound(BrainCohort cohort)
    {
        var parameters = new float[cohort.ParameterCount];
        for (var row = 0; row < cohort.Count; row++)
        {
            cohort.GetParameters(cohort.HandleAt(row), parameters);
            Assert.That(parameters.All(float.IsFinite), Is.True);
        }

        cohort.Forward();
        cohort.TrainStep();
    }

    private static byte[] Mutate(byte[] original, Mutation mutation, bool reseal, ref DeterministicRandom random)
    {
        var file = (byte[])original.Clone();
        switch (mutation)
        {
            case Mutation.Truncate:
                return file[..random.NextInt(file.Length)];
            case Mutation.FlipBits:
                for (var i = 1 + random.NextInt(8); i > 0; i--)
                {
                    file[random.NextInt(file.Length)] ^= (byte)(1 << random.NextInt(8));
                }

                break;
            case Mutation.RandomBytes:
                var start = random.NextInt(file.Length);
                var length = Math.Min(file.Length - start, 1 + random.NextInt(16));
                for (var i = 0; i < length; i++)
                {
                    file[start + i] = (byte)random.NextInt(256);
                }

                break;
            case Mutation.ExtremeInt:
                var at = FileEnvelope.HeaderLength + random.NextInt(file.Length - FileEnvelope.FrameLength - 4);
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(at, 4), Extremes[random.NextInt(Extremes.Length)]);
                break;
            case Mutation.ExtremeHeaderLength:
                ulong[] lengths = [0, 1, ulong.MaxValue, long.MaxValue, int.MaxValue, (ulong)file.Length];
                BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(16, 8), lengths[random.NextInt(lengths.Length)]);
                break;
            case Mutation.RandomPayload:
                for (var i = FileEnvelope.HeaderLength + random.NextInt(64); i < file.Length - 4; i++)
                {
                    file[i] = (byte)random.NextInt(256);
                }

                break;
        }

        if (reseal)
        {
            // Past the checksum, so the decoder's own checks are what is tested.
            FileEnvelope.Reseal(file);
        }

        return file;
    }
}
