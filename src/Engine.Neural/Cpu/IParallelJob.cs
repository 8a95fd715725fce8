namespace Engine.Neural.Cpu;

/// <summary>
/// Work the <see cref="WorkerPool"/> spreads over cores: a job object is created once and
/// reused every frame, so running it allocates nothing (no closures, no tasks).
/// </summary>
internal interface IParallelJob
{
    /// <summary>Processes tile <paramref name="tile"/> on worker <paramref name="worker"/> (0 is the calling thread).</summary>
    void Execute(int tile, int worker);
}
