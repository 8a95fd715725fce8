using System.Diagnostics;

namespace Engine.Neural.Cpu;

/// <summary>
/// A fixed set of background threads that, with the calling thread, share the tiles of one
/// job at a time. Unlike <c>Parallel.For</c> it allocates nothing per run, which the
/// steady-state frame requires: a frame allocates nothing on the managed heap.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    // 30 microseconds: longer than the gap between one frame's jobs, short enough that idle
    // workers leave the cores to the game between frames.
    private static readonly long SpinTicks = Stopwatch.Frequency * 30 / 1_000_000;

    private static readonly Lazy<WorkerPool> SharedPool = new(() => new WorkerPool(Environment.ProcessorCount));

    private readonly Thread[] _threads;
    private readonly long[] _allocatedBytes;
    private readonly SemaphoreSlim _start = new(0);
    // Semaphores, not ManualResetEventSlim: the latter allocates its lock object lazily, on
    // the first wait that has to block, which can land in any frame (24 bytes, measured).
    private readonly SemaphoreSlim _done = new(0);
    private readonly Lock _runLock = new();
    private IParallelJob? _job;
    private int _tileCount;
    private int _nextTile;
    private int _busyWorkers;
    private volatile bool _stopping;
    private Exception? _error;

    /// <summary>Creates a pool that runs jobs on <paramref name="workers"/> threads, the caller included.</summary>
    public WorkerPool(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        WorkerCount = workers;
        _threads = new Thread[workers - 1];
        _allocatedBytes = new long[workers];
        for (var i = 0; i < _threads.Length; i++)
        {
            var index = i + 1;
            _threads[i] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"Engine.Neural worker {index}" };
            _threads[i].Start();
        }
    }

    /// <summary>The process-wide pool, one worker per core.</summary>
    public static WorkerPool Shared => SharedPool.Value;

    /// <summary>Threads that run a job, the caller included.</summary>
    public int WorkerCount { get; }

    /// <summary>
    /// Managed bytes the background workers have allocated so far, as each last saw it after a
    /// job: lets tests prove the workers' share of a frame allocates nothing, apart from
    /// whatever other threads of the process do.
    /// </summary>
    public long WorkerAllocatedBytes
    {
        get
        {
            long total = 0;
            for (var i = 1; i < _allocatedBytes.Length; i++)
            {
                total += Volatile.Read(ref _allocatedBytes[i]);
            }

            return total;
        }
    }

    /// <summary>Runs <paramref name="job"/> on tiles 0..<paramref name="tileCount"/>-1 and returns when all are done.</summary>
    public void Run(IParallelJob job, int tileCount)
    {
        if (tileCount <= 0)
        {
            return;
        }

        if (tileCount == 1 || _threads.Length == 0)
        {
            for (var t = 0; t < tileCount; t++)
            {
                job.Execute(t, 0);
            }

            return;
        }

        lock (_runLock)
        {
            _job = job;
            _tileCount = tileCount;
            _nextTile = 0;
            var helpers = Math.Min(_threads.Length, tileCount - 1);
            _busyWorkers = helpers;
            _start.Release(helpers);
            Drain(job, 0);
            if (helpers > 0)
            {
                SpinUntilSignalled(_done);
                _done.Wait();
            }

            _job = null;
            if (_error is { } error)
            {
                _error = null;
                throw new AggregateException("WorkerPool: a tile failed.", error);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping = true;
        if (_threads.Length > 0)
        {
            _start.Release(_threads.Length);
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _start.Dispose();
        _done.Dispose();
    }

    private void WorkerLoop(int index)
    {
        while (true)
        {
            SpinUntilSignalled(_start);
            _start.Wait();
            if (_stopping)
            {
                return;
            }

            Drain(_job!, index);
            Volatile.Write(ref _allocatedBytes[index], GC.GetAllocatedBytesForCurrentThread());
            if (Interlocked.Decrement(ref _busyWorkers) == 0)
            {
                _done.Release();
            }
        }
    }

    /// <summary>
    /// Waits a little on the CPU before a semaphore wait may block: a frame runs its jobs
    /// back to back, and waking a blocked thread costs tens of microseconds, as much as a
    /// whole job for a hundred small agents. A signal that comes while spinning makes the
    /// following Wait return at once; one that does not come costs only the spin.
    /// </summary>
    private static void SpinUntilSignalled(SemaphoreSlim signal)
    {
        var deadline = Stopwatch.GetTimestamp() + SpinTicks;
        while (signal.CurrentCount == 0 && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.SpinWait(16);
        }
    }

    private void Drain(IParallelJob job, int worker)
    {
        int tile;
        while ((tile = Interlocked.Increment(ref _nextTile) - 1) < _tileCount)
        {
            try
            {
                job.Execute(tile, worker);
            }
            catch (Exception e)
            {
                // A worker thread must not die (it would take the process with it): keep
                // the first failure, skip the remaining tiles, rethrow on the caller.
                Interlocked.CompareExchange(ref _error, e, null);
                Volatile.Write(ref _nextTile, int.MaxValue / 2);
            }
        }
    }
}
