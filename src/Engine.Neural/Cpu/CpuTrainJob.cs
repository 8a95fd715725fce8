using System.Runtime.CompilerServices;
using Engine.Neural.Backends;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// A training step over tiles of parameter sets, one workspace per worker: gather each set's
/// batch, backprop, update, and undo the update of a set whose new parameters are not finite.
/// </summary>
internal sealed unsafe class CpuTrainJob : IParallelJob, IDisposable
{
    private const int SetsPerTile = 16;

    // 4 KiB of ring: about 64 cache lines.
    private const int MaxPrefetchedRingFloats = 1024;

    // ENGINE_NEURAL_PREFETCH=0 turns prefetching off, to measure what it buys (W3 at
    // N = 10,000 on the 2-core machine: +0 to +35% over three alternating runs).
    private static readonly bool PrefetchEnabled = Environment.GetEnvironmentVariable("ENGINE_NEURAL_PREFETCH") != "0";

    private readonly BrainSpec _spec;
    private TrainWorkspace?[] _workspaces = [];
    private StepConstants _constants;
    private CohortView? _cohort;
    private TrainStepView? _step;
    private SimdWidth _width;

    public CpuTrainJob(BrainSpec spec) => _spec = spec;

    public int Tiles => (_step!.Sets + SetsPerTile - 1) / SetsPerTile;

    public void Begin(CohortView cohort, TrainStepView step, SimdWidth width, int workers)
    {
        _cohort = cohort;
        _step = step;
        _width = width;
        _constants = new StepConstants(step.Settings);
        if (_workspaces.Length < workers)
        {
            Array.Resize(ref _workspaces, workers);
        }

        var lanes = (int)width;
        for (var w = 0; w < workers; w++)
        {
            if (_workspaces[w] is not { } ws || !ws.Fits(_spec, step.MaxBatch, lanes))
            {
                _workspaces[w]?.Dispose();
                _workspaces[w] = new TrainWorkspace(_spec, step.MaxBatch, lanes);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int tile, int worker)
    {
        switch (_width)
        {
            case SimdWidth.W512:
                RunTile<Vec512>(tile, worker);
                break;
            case SimdWidth.W256:
                RunTile<Vec256>(tile, worker);
                break;
            default:
                RunTile<Vec128>(tile, worker);
                break;
        }
    }

    public void Dispose()
    {
        foreach (var ws in _workspaces)
        {
            ws?.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunTile<TV>(int tile, int worker)
        where TV : struct, IFloatVector<TV>
    {
        var step = _step!;
        var ws = _workspaces[worker]!;
        var lengths = step.BatchLengths;
        var end = Math.Min(step.Sets, (tile + 1) * SetsPerTile);
        for (var set = tile * SetsPerTile; set < end; set++)
        {
            if (PrefetchEnabled && set + 1 < end && lengths[set + 1] > 0)
            {
                PrefetchSet(set + 1);
            }

            var batch = lengths[set];
            if (batch == 0)
            {
                continue;
            }

            Gather(step.SampleRows.Slice(set * step.MaxBatch, batch), ws);
            var status = Step<TV>(set, batch, ws, out var loss);
            step.Losses[set] = loss;
            step.Statuses[set] = status;
        }
    }

    /// <summary>
    /// Backprop and update of one parameter set on the gathered batch, undone if the update
    /// leaves a parameter that is not finite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private StepStatus Step<TV>(int set, int batch, TrainWorkspace ws, out float loss)
        where TV : struct, IFloatVector<TV>
    {
        var store = _cohort!.Rows.Parameters;
        var step = _step!;
        loss = TrainKernel<TV>.Backprop(_spec, store, set, ws, batch);
        if (!float.IsFinite(loss))
        {
            // Nothing was written yet: the parameters are still the last good ones.
            return StepStatus.LossNotFinite;
        }

        AgentSnapshot.Save(store, set, ws.Snapshot);
        TrainKernel<TV>.Update(_spec, store, set, ws.Gradient, _constants, step.LearningRates[set], step.FirstCorrections[set], step.SecondCorrections[set]);
        if (AgentSnapshot.ParametersFinite(store, set))
        {
            return StepStatus.Stood;
        }

        AgentSnapshot.Restore(store, set, ws.Snapshot);
        return StepStatus.RolledBack;
    }

    /// <summary>
    /// Asks for the next set's sample ring, parameters and optimiser state while this one computes: each is
    /// touched once per step, at random ring positions, so with thousands of agents they come
    /// from memory, and the hardware prefetcher cannot guess random positions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PrefetchSet(int set)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            return;
        }

        var rows = _cohort!.Rows;
        var samples = rows.Samples;
        var ring = samples.RingCapacity;
        if (ring * (samples.InputSize + samples.OutputSize) <= MaxPrefetchedRingFloats)
        {
            // A batch draws from the whole ring; a big ring is not worth fetching whole.
            Lines(samples.Inputs.Pointer + ((long)set * ring * samples.InputSize), ring * samples.InputSize);
            Lines(samples.Targets.Pointer + ((long)set * ring * samples.OutputSize), ring * samples.OutputSize);
        }

        var layers = _spec.LayerArray;
        var store = rows.Parameters;
        for (var l = 0; l < layers.Length; l++)
        {
            Lines(store.Weights[l].Pointer + ((long)set * layers[l].WeightCount), layers[l].WeightCount);
            Lines(store.Biases[l].Pointer + ((long)set * layers[l].Outputs), layers[l].Outputs);
        }

        // The optimiser's state is read (by the snapshot, then the update) as surely as the
        // parameters: with Adam it is twice their size, and missing it stalled 14 % of a
        // 10,000-agent frame.
        State(store.Velocity, layers, set);
        State(store.FirstMoment, layers, set);
        State(store.SecondMoment, layers, set);

        static void State(OptimizerState? state, DenseLayerShape[] layers, int set)
        {
            if (state is null)
            {
                return;
            }

            for (var l = 0; l < layers.Length; l++)
            {
                Lines(state.Weights[l].Pointer + ((long)set * layers[l].WeightCount), layers[l].WeightCount);
                Lines(state.Biases[l].Pointer + ((long)set * layers[l].Outputs), layers[l].Outputs);
            }
        }

        static void Lines(float* start, int floats)
        {
            for (var offset = 0; offset < floats; offset += 16)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(start + offset);
            }
        }
    }

    /// <summary>Copies the batch's samples into the feature-major columns of the workspace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(ReadOnlySpan<int> ringRows, TrainWorkspace ws)
    {
        var samples = _cohort!.Rows.Samples;
        var inSize = samples.InputSize;
        var outSize = samples.OutputSize;
        var padded = ws.Padded;
        var a0 = ws.Activations[0];
        for (var column = 0; column < ringRows.Length; column++)
        {
            var x = samples.Inputs.Pointer + ((long)ringRows[column] * inSize);
            var y = samples.Targets.Pointer + ((long)ringRows[column] * outSize);
            for (var k = 0; k < inSize; k++)
            {
                a0[(k * padded) + column] = x[k];
            }

            for (var j = 0; j < outSize; j++)
            {
                ws.Targets[(j * padded) + column] = y[j];
            }
        }
    }
}
