using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Engine.Neural.Backends;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>The forward pass over tiles of rows; scratch per worker, allocated once.</summary>
internal sealed unsafe class CpuForwardJob : IParallelJob, IDisposable
{
    // Shared cohorts' rows go in tiles of 256; own-weight rows in tiles of a quarter of a
    // worker's share, 256 to 4,096 (passes of up to 1,024 within a tile): a tile is where each
    // layer's weights stream from, and 1,024-agent tiles moved W2 at 100,000 agents from 17-19
    // to 24-26 M agent-forwards/s (median, alternating, 2 cores); 4,096 against 1,024, frames
    // alternated in one process: best 3.09 against 3.22 ms, median 3.70 against 3.85.
    private const int RowsPerTile = 256;
    private const int MaxOwnRowsPerTile = 4096;
    private const int MaxRowsPerPass = 1024;

    private readonly WorkerPool _pool;
    private readonly int _scratchFloats;

    // Own-weight rows go through the layers a pass at a time: this many rows' activations
    // (two buffers) stay in L1 between layers.
    private readonly int _rowsPerPass;
    private int _rowsPerTile = RowsPerTile;
    private readonly int _bufferStride;
    private float* _scratch;
    private int _workers;
    private CohortView? _cohort;
    private SimdWidth _width;

    public CpuForwardJob(BrainSpec spec, WorkerPool pool)
    {
        _pool = pool;
        // Per worker: two activation buffers of a pass's rows and the kernels' scratch; for
        // shared parameters, two turned planes of up to 16 rows (the A and B halves together).
        _bufferStride = (spec.MaxWidth + 15) & ~15;
        _rowsPerPass = Math.Clamp(16384 / _bufferStride, 1, MaxRowsPerPass);
        var ownWeights = (_rowsPerPass * _bufferStride) + ForwardKernel<Vec512>.ScratchFloats;
        // Whole pairs of cache lines, so no two workers' buffers share one (or a prefetched pair).
        _scratchFloats = (Math.Max(ownWeights, spec.MaxWidth * 16) + 31) & ~31;
    }

    public int Tiles => (_cohort!.Count + _rowsPerTile - 1) / _rowsPerTile;

    public void Begin(CohortView cohort, SimdWidth width)
    {
        _cohort = cohort;
        _width = width;
        _rowsPerTile = cohort.IsShared ? RowsPerTile : Math.Clamp(cohort.Count / (4 * _pool.WorkerCount), RowsPerTile, MaxOwnRowsPerTile);
        EnsureScratch();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int tile, int worker)
    {
        switch (_width)
        {
            case SimdWidth.W512:
                Run<Vec512>(tile, worker);
                break;
            case SimdWidth.W256:
                Run<Vec256>(tile, worker);
                break;
            default:
                Run<Vec128>(tile, worker);
                break;
        }
    }

    public void Dispose()
    {
        if (_scratch != null)
        {
            NativeMemory.AlignedFree(_scratch);
            _scratch = null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run<TV>(int tile, int worker)
        where TV : struct, IFloatVector<TV>
    {
        var cohort = _cohort!;
        var rows = cohort.Rows;
        var spec = cohort.Spec;
        var scratchA = _scratch + (2 * worker * _scratchFloats);
        var scratchB = scratchA + _scratchFloats;
        var inputs = rows.Inputs.Pointer;
        var outputs = rows.Outputs.Pointer;
        var end = Math.Min(cohort.Count, (tile + 1) * _rowsPerTile);
        if (cohort.IsShared)
        {
            // One parameter set for every row: a blocked product, TV.Count rows at a time.
            for (var row = tile * _rowsPerTile; row < end; row += TV.Count)
            {
                SharedForwardKernel<TV>.Block(spec, rows.Parameters, inputs, outputs, row, Math.Min(TV.Count, end - row), scratchA);
            }

            return;
        }

        for (var first = tile * _rowsPerTile; first < end; first += _rowsPerPass)
        {
            ForwardKernel<TV>.Run(
                spec,
                rows.Parameters,
                first,
                Math.Min(_rowsPerPass, end - first),
                inputs,
                outputs,
                scratchA,
                scratchB,
                _bufferStride,
                scratchB + (_rowsPerPass * _bufferStride));
        }
    }

    private void EnsureScratch()
    {
        // Allocated on first use for the pool's worker count; never again after that.
        var workers = _pool.WorkerCount;
        if (_scratch != null && _workers >= workers)
        {
            return;
        }

        var fresh = (float*)NativeMemory.AlignedAlloc((nuint)(2 * workers * _scratchFloats * sizeof(float)), 64);
        if (_scratch != null)
        {
            NativeMemory.AlignedFree(_scratch);
        }

        _scratch = fresh;
        _workers = workers;
    }
}
