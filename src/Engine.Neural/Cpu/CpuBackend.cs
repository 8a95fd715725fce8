using Engine.Neural.Backends;

namespace Engine.Neural.Cpu;

/// <summary>
/// The built-in backend: SIMD kernels (128, 256 or 512-bit vectors) over tiles of rows on a
/// fixed pool of worker threads, computing in place on the cohort's host copy, so it has
/// nothing to mirror and nothing to download. Every cohort runs on it unless it is given
/// another, and falls back to it when another fails.
/// </summary>
internal sealed class CpuBackend : ICohortBackend
{
    private readonly WorkerPool _pool;
    private readonly CpuForwardJob _forward;
    private readonly CpuTrainJob _train;

    public CpuBackend(BrainSpec spec, WorkerPool pool)
    {
        _pool = pool;
        _forward = new CpuForwardJob(spec, pool);
        _train = new CpuTrainJob(spec);
    }

    /// <inheritdoc/>
    public string Name => "cpu";

    /// <summary>The vector width the kernels use (tests compare widths).</summary>
    public SimdWidth Width { get; set; } = SimdWidthChooser.Best;

    /// <inheritdoc/>
    public void Forward(CohortView cohort)
    {
        _forward.Begin(cohort, Width);
        _pool.Run(_forward, _forward.Tiles);
    }

    /// <inheritdoc/>
    public void TrainStep(CohortView cohort, TrainStepView step)
    {
        _train.Begin(cohort, step, Width, _pool.WorkerCount);
        if (cohort.IsShared)
        {
            _train.Execute(0, 0);
            return;
        }

        _pool.Run(_train, _train.Tiles);
    }

    /// <inheritdoc/>
    public void Download(CohortView cohort)
    {
        // The kernels work on the host copy itself: it is always exact.
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _forward.Dispose();
        _train.Dispose();
    }
}
