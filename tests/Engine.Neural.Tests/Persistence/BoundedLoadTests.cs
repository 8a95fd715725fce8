using System.Buffers.Binary;
using Engine.Neural.Persistence;
using Engine.Neural.Tests.Support;

namespace Engine.Neural.Tests.Persistence;

/// <summary>
/// Loaders read no more than a file's size limit and allocate nothing a file has not paid for in
/// bytes: endless devices, pipes, directories and huge sparse files are refused clearly.
/// </summary>
public class BoundedLoadTests
{
    /// <summary>Far below any file size, far above what refusing a file should cost.</summary>
    private const long AllocationAllowance = 256 * 1024;

    public static IEnumerable<TestCaseData> PathLoaders()
    {
        yield return Loader("LoadCohort", path => BrainFile.LoadCohort(path).Dispose());
        yield return Loader("LoadCohortInto", path =>
        {
            using var target = PersistenceKit.Cohort(OptimizerKind.Sgd);
            BrainFile.LoadCohortInto(path, target);
        });
        yield return Loader("LoadBrain", path =>
        {
            using var target = PersistenceKit.Cohort(OptimizerKind.Sgd);
            BrainFile.LoadBrain(path, target);
        });
        yield return Loader("ReadSpec", path => BrainFile.ReadSpec(path));
        // World files (Engine.Neural.Ecs's LoadWorld) and single brains for an entity are read by these two.
        yield return Loader("LoadKeyed", path => BrainFile.LoadKeyed(path));
        yield return Loader("OpenBrain", path => BrainFile.OpenBrain(path));
    }

    [TestCaseSource(nameof(PathLoaders))]
    [Platform("Linux")]
    public void EndlessDevicesAreRefusedWithoutBeingRead(Action<string> load)
    {
        foreach (var device in new[] { "/dev/zero", "/dev/urandom" })
        {
            var (error, allocated) = Refusal<BrainFileException>(() => load(device));
            Assert.That(error.Problem, Is.EqualTo(BrainFileProblem.NotABrainFile), error.Message);
            Assert.That(error.Message, Does.Contain(device).And.Contain("pipe, device or socket"));
            Assert.That(allocated, Is.LessThan(AllocationAllowance), device);
        }
    }

    [TestCaseSource(nameof(PathLoaders))]
    [Platform("Linux")]
    public void ANamedPipeWithNoWriterIsRefusedWithoutHanging(Action<string> load)
    {
        var path = PersistenceKit.TempPath("pipe");
        File.Delete(path);
        Fifo.Create(path);
        try
        {
            var (inTime, error) = Fifo.RunWithin(path, TimeSpan.FromSeconds(10), () => load(path));
            Assert.That(inTime, Is.True, "the loader blocked opening the pipe");
            Assert.That(error, Is.TypeOf<BrainFileException>().With.Property(nameof(BrainFileException.Problem)).EqualTo(BrainFileProblem.NotABrainFile));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCaseSource(nameof(PathLoaders))]
    public void ADirectoryIsAnIOErrorNamingIt(Action<string> load)
    {
        var path = PersistenceKit.TempPath("folder");
        Directory.CreateDirectory(path);
        try
        {
            var error = Assert.Throws<IOException>(() => load(path));
            Assert.That(error!.Message, Does.Contain(path).And.Contain("is a directory"));
        }
        finally
        {
            Directory.Delete(path);
        }
    }

    [TestCaseSource(nameof(PathLoaders))]
    public void ATenGigabyteSparseFileIsRefusedBeforeItIsRead(Action<string> load)
    {
        var path = PersistenceKit.TempPath("sparse.brains");
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            file.SetLength(10L << 30);
        }

        try
        {
            var (error, allocated) = Refusal<BrainFileException>(() => load(path));
            Assert.That(error.Problem, Is.EqualTo(BrainFileProblem.SizeLimit), error.Message);
            Assert.That(error.Message, Does.Contain((10L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(allocated, Is.LessThan(AllocationAllowance));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void AnEndlessStreamOfZerosStopsAtTheHeader()
    {
        var zeros = new EndlessStream([]);
        var (error, allocated) = Refusal<BrainFileException>(() => BrainFile.ReadCohort(zeros));
        Assert.That(error.Problem, Is.EqualTo(BrainFileProblem.NotABrainFile));
        Assert.That(zeros.BytesRead, Is.EqualTo(FileEnvelope.HeaderLength + 1), "the header, and the one byte that looks for more");
        Assert.That(allocated, Is.LessThan(AllocationAllowance));
    }

    [Test]
    public void AHeaderDeclaringTooBigAFileIsRefusedBeforeItsPayload()
    {
        var header = Header(payloadLength: 1UL << 40);
        var stream = new EndlessStream(header);
        var (error, allocated) = Refusal<BrainFileException>(() => BrainFile.ReadCohort(stream));
        Assert.That(error.Problem, Is.EqualTo(BrainFileProblem.SizeLimit), error.Message);
        Assert.That(stream.BytesRead, Is.EqualTo(FileEnvelope.HeaderLength));
        Assert.That(allocated, Is.LessThan(AllocationAllowance));
    }

    [Test]
    public void AHeaderDeclaringALargeFileThatEndsEarlyCostsOnlyTheBytesThatCame()
    {
        var declared = BrainFileLimits.MaxFileBytes - FileEnvelope.FrameLength;
        var bytes = Header((ulong)declared).Concat(new byte[1000]).ToArray();
        var (error, allocated) = Refusal<BrainFileException>(() => BrainFile.ReadCohort(new MemoryStream(bytes, writable: false)));
        Assert.That(error.Problem, Is.EqualTo(BrainFileProblem.Truncated), error.Message);
        Assert.That(allocated, Is.LessThan(AllocationAllowance), "the buffer grows with bytes that arrive, not with the length declared");
    }

    [Test]
    public void AGoodFileFollowedByEndlessBytesStopsOneByteAfterItsEnd()
    {
        using var cohort = PersistenceKit.Cohort(OptimizerKind.Adam);
        var file = PersistenceKit.Snapshot(cohort);
        var stream = new EndlessStream(file, fill: 0x5A);
        var error = Assert.Throws<BrainFileException>(() => BrainFile.ReadCohort(stream));
        Assert.That(error!.Problem, Is.EqualTo(BrainFileProblem.Malformed), error.Message);
        Assert.That(error.Message, Does.Contain("appended"));
        Assert.That(stream.BytesRead, Is.EqualTo(file.Length + 1));
    }

    [Test]
    public void AGoodFileStillLoadsFromAPathAndFromAStreamThatTrickles()
    {
        using var cohort = PersistenceKit.Cohort(OptimizerKind.Adam);
        PersistenceKit.Train(cohort, 0, 5);
        var path = PersistenceKit.TempPath("good.brains");
        BrainFile.SaveCohort(path, cohort);
        using var fromPath = BrainFile.LoadCohort(path);
        using var fromStream = BrainFile.ReadCohort(new TrickleStream(PersistenceKit.Snapshot(cohort)));
        Assert.That(PersistenceKit.Snapshot(fromPath), Is.EqualTo(PersistenceKit.Snapshot(cohort)));
        Assert.That(PersistenceKit.Snapshot(fromStream), Is.EqualTo(PersistenceKit.Snapshot(cohort)));
        File.Delete(path);
    }

    private static TestCaseData Loader(string name, Action<string> load) => new TestCaseData(load).SetArgDisplayNames(name);

    private static (T Error, long Allocated) Refusal<T>(TestDelegate load)
        where T : Exception
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<T>(load);
        return (error!, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>A cohort file's header declaring <paramref name="payloadLength"/> payload bytes.</summary>
    private static byte[] Header(ulong payloadLength)
    {
        var header = new byte[FileEnvelope.HeaderLength];
        FileEnvelope.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), FileEnvelope.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), (ushort)BrainFileKind.Cohort);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), payloadLength);
        return header;
    }
}
