using System.Buffers.Binary;
using Engine.Neural.Persistence;

namespace Engine.Neural.Tests.Persistence;

/// <summary>Every kind of bad file is refused with a <see cref="BrainFileException"/> naming the problem, and the target is unchanged.</summary>
public class RejectionTests
{
    public static IEnumerable<TestCaseData> BadCohortFiles()
    {
        yield return Case("wrong magic", BrainFileProblem.NotABrainFile, (_, f) => Edit(f, c => c[0] ^= 0xFF));
        yield return Case("text file", BrainFileProblem.NotABrainFile, (_, _) => "{ \"not\": \"a brain\" }"u8.ToArray());
        yield return Case("empty file", BrainFileProblem.Truncated, (_, _) => []);
        yield return Case("unknown version", BrainFileProblem.UnsupportedVersion, (_, f) => Edit(f, c => BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(8), FileEnvelope.Version + 1), reseal: true));
        yield return Case("version 0", BrainFileProblem.UnsupportedVersion, (_, f) => Edit(f, c => BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(8), 0), reseal: true));
        yield return Case("header only", BrainFileProblem.Truncated, (_, f) => f[..FileEnvelope.HeaderLength]);
        yield return Case("cut in half", BrainFileProblem.Truncated, (_, f) => f[..(f.Length / 2)]);
        yield return Case("one byte short", BrainFileProblem.Truncated, (_, f) => f[..^1]);
        yield return Case("bytes appended", BrainFileProblem.Malformed, (_, f) => [.. f, 0]);
        yield return Case("flipped bit", BrainFileProblem.ChecksumMismatch, (_, f) => Edit(f, c => c[c.Length / 2] ^= 0x10));
        yield return Case("payload length beyond the bytes", BrainFileProblem.Truncated, (_, f) => Edit(f, c => BinaryPrimitives.WriteUInt64LittleEndian(c.AsSpan(16), (ulong)c.Length)));
        yield return Case("payload length huge", BrainFileProblem.SizeLimit, (_, f) => Edit(f, c => BinaryPrimitives.WriteUInt64LittleEndian(c.AsSpan(16), ulong.MaxValue)));
        yield return Case("reserved flags", BrainFileProblem.Malformed, (_, f) => Edit(f, c => c[12] = 1, reseal: true));
        yield return Case("agent count absurd", BrainFileProblem.SizeLimit, (k, f) => FileForgery.WithInt32(f, FileForgery.AgentCountOffset(k), int.MaxValue));
        yield return Case("agent count beyond the bytes", BrainFileProblem.Truncated, (k, f) => FileForgery.WithInt32(f, FileForgery.AgentCountOffset(k), 1 << 20));
        yield return Case("agent count negative", BrainFileProblem.Malformed, (k, f) => FileForgery.WithInt32(f, FileForgery.AgentCountOffset(k), -1));
        yield return Case("capacity worth gigabytes", BrainFileProblem.SizeLimit, (k, f) => FileForgery.WithInt32(f, FileForgery.InitialCapacityOffset(k), 1 << 22));
        yield return Case("NaN weight", BrainFileProblem.Malformed, (k, f) => FileForgery.WithSingle(f, FileForgery.FirstParameterOffset(k), float.NaN));
        yield return Case("brain file", BrainFileProblem.WrongKind, (k, _) => BrainBytes(k));
    }

    [TestCaseSource(nameof(BadCohortFiles))]
    public void ABadCohortFileIsRefusedAndTheTargetIsUnchanged(Func<BrainCohort, byte[], byte[]> forge, BrainFileProblem problem)
    {
        using var source = PersistenceKit.Cohort(OptimizerKind.Adam);
        PersistenceKit.Train(source, 0, 20);
        var bad = forge(source, PersistenceKit.Snapshot(source));

        using var target = PersistenceKit.Cohort(OptimizerKind.Adam, agents: 3);
        PersistenceKit.Train(target, 0, 7);
        var before = PersistenceKit.Snapshot(target);
        var error = Assert.Throws<BrainFileException>(() => BrainFile.ReadCohortInto(new MemoryStream(bad), target));
        Assert.That(error!.Problem, Is.EqualTo(problem), error.Message);
        Assert.That(error.Message, Does.Contain(problem.ToString()));
        Assert.That(PersistenceKit.Snapshot(target), Is.EqualTo(before));
        Assert.That(() => BrainFile.ReadCohort(new MemoryStream(bad)), Throws.TypeOf<BrainFileException>());
    }

    [Test]
    public void ACohortOfAnotherSpecOrOtherOptionsDoesNotFit()
    {
        using var source = PersistenceKit.Cohort(OptimizerKind.Sgd);
        var file = PersistenceKit.Snapshot(source);

        using var otherSpec = new BrainCohort(PersistenceKit.OtherSpec, source.Options);
        using var otherRing = new BrainCohort(PersistenceKit.Spec, source.Options with { SampleCapacity = 9 });
        using var otherCapacity = new BrainCohort(PersistenceKit.Spec, source.Options with { InitialCapacity = 3, Training = new TrainingSettings() });
        foreach (var target in new[] { otherSpec, otherRing })
        {
            var before = PersistenceKit.Snapshot(target);
            var error = Assert.Throws<BrainFileException>(() => BrainFile.ReadCohortInto(new MemoryStream(file), target));
            Assert.That(error!.Problem, Is.EqualTo(BrainFileProblem.TargetMismatch));
            Assert.That(PersistenceKit.Snapshot(target), Is.EqualTo(before));
        }

        BrainFile.ReadCohortInto(new MemoryStream(file), otherCapacity);
        Assert.That(PersistenceKit.ParameterBits(otherCapacity), Is.EqualTo(PersistenceKit.ParameterBits(source)), "initial capacity and starting settings may differ");
    }

    [Test]
    public void ABrainOfAnotherSpecDoesNotFit()
    {
        using var source = PersistenceKit.Cohort(OptimizerKind.Sgd);
        var file = BrainBytes(source);
        using var target = new BrainCohort(PersistenceKit.OtherSpec);
        var error = Assert.Throws<BrainFileException>(() => BrainFile.ReadBrain(new MemoryStream(file), target));
        Assert.That(error!.Problem, Is.EqualTo(BrainFileProblem.TargetMismatch));
        Assert.That(target.Count, Is.Zero);
    }

    private static TestCaseData Case(string name, BrainFileProblem problem, Func<BrainCohort, byte[], byte[]> forge) =>
        new TestCaseData(forge, problem).SetArgDisplayNames(name);

    private static byte[] Edit(byte[] file, Action<byte[]> edit, bool reseal = false)
    {
        var copy = (byte[])file.Clone();
        edit(copy);
        if (reseal)
        {
            FileEnvelope.Reseal(copy);
        }

        return copy;
    }

    private static byte[] BrainBytes(BrainCohort cohort)
    {
        using var stream = new MemoryStream();
        BrainFile.WriteBrain(stream, cohort, cohort.HandleAt(0));
        return stream.ToArray();
    }
}
