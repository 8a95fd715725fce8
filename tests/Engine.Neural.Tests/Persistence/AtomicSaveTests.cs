using Engine.Neural.Persistence;

namespace Engine.Neural.Tests.Persistence;

/// <summary>A save that fails part way leaves the previous file as it was.</summary>
public class AtomicSaveTests
{
    [TestCase(0)]
    [TestCase(100)]
    [TestCase(1000)]
    public void AWriteThatFailsAfterNBytesLeavesThePreviousFileIntact(int failAfter)
    {
        using var cohort = PersistenceKit.Cohort(OptimizerKind.Adam);
        var path = PersistenceKit.TempPath("atomic.brains");
        BrainFile.SaveCohort(path, cohort);
        var previous = File.ReadAllBytes(path);

        PersistenceKit.Train(cohort, 0, 5);
        var newer = PersistenceKit.Snapshot(cohort);
        Assert.That(newer, Has.Length.GreaterThan(failAfter));
        Assert.That(
            () => AtomicFile.Write(path, newer, temp => new FailingStream(File.Create(temp), failAfter)),
            Throws.TypeOf<IOException>().With.Message.Contains("injected"));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(previous));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.*.tmp"), Is.Empty, "the temporary file is cleaned up");
        using var loaded = BrainFile.LoadCohort(path);
        Assert.That(loaded.Count, Is.EqualTo(cohort.Count));
    }

    [Test]
    public void ASuccessfulSaveReplacesTheFileWhole()
    {
        using var cohort = PersistenceKit.Cohort(OptimizerKind.Sgd);
        var path = PersistenceKit.TempPath("replace.brains");
        File.WriteAllText(path, "an older, much longer file that must not leave a tail behind " + new string('x', 100_000));
        BrainFile.SaveCohort(path, cohort);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(PersistenceKit.Snapshot(cohort)));
    }

    /// <summary>Passes writes through until <c>limit</c> bytes, then throws, like a disk that fills up or a process that dies.</summary>
    private sealed class FailingStream(Stream inner, int limit) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var allowed = (int)Math.Max(0, Math.Min(buffer.Length, limit - _written));
            inner.Write(buffer[..allowed]);
            _written += allowed;
            if (allowed < buffer.Length)
            {
                inner.Flush();
                throw new IOException($"injected failure after {_written} bytes");
            }
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
