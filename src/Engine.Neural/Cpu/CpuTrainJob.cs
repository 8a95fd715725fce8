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

    // ENGINE_NEURAL_PREFETCH=0 turns prefetching off, to measure what it buys (W3 at
    // N = 10,000 on the 2-core machine: +0 to +35% over three alternating runs).
    private static readonly bool PrefetchEnabled = Environment.GetEnvironmentVariable("ENGINE_NEURAL_PREFETCH") != "0";

    // Own-weight cohorts train a vector's worth of agents at once, one per lane
    // (InterleavedTrainKernel), when batches are short enough for the group's activations to
    // stay in cache; ENGINE_NEURAL_INTERLEAVED=0 keeps the per-agent kernel, to compare.
    private const int MaxInterleavedBatch = 128;

    // A tile's sets are sorted on the worker's stack (12 bytes a set).
    private const int MaxGroupTileSets = 4096;
    private static readonly bool InterleavedEnabled = Environment.GetEnvironmentVariable("ENGINE_NEURAL_INTERLEAVED") != "0";

    private readonly BrainSpec _spec;
    // Workspaces per width (4, 8 or 16 lanes), each per worker: a cohort trying its widths in
    // turn (WidthTrial) must not reallocate them at every call.
    private readonly TrainWorkspace?[][] _workspacesByWidth = [[], [], []];
    // (and one more set of groups for one lane: a step where one set learns runs at Vec32).
    private readonly InterleavedWorkspace?[][] _groupsByWidth = [[], [], [], []];
    private TrainWorkspace?[] _workspaces = [];
    private InterleavedWorkspace?[] _groups = [];
    private bool _interleaved;

    // A step where one set learns runs its group one lane wide (Vec32): the same bits as a lane
    // of any width, without the transposes and empty lanes of a full-width group.
    private bool _oneLane;

    // Sets per tile on the interleaved path: groups are packed from the sets that have a batch,
    // so a step where few agents learn (policy gradients at episode ends) still fills its
    // lanes; a tile spans up to 16 groups, fewer when that would leave workers idle.
    private int _groupTile = SetsPerTile;
    private StepConstants _constants;
    private CohortView? _cohort;
    private TrainStepView? _step;
    private SimdWidth _width;

    public CpuTrainJob(BrainSpec spec) => _spec = spec;

    /// <summary>Per-agent kernels even where the interleaved ones apply (see <see cref="CpuBackend.PerAgentTraining"/>).</summary>
    public bool PerAgent { get; set; } = !InterleavedEnabled;

    public int Tiles => _interleaved
        ? (_step!.Sets + _groupTile - 1) / _groupTile
        : (_step!.Sets + SetsPerTile - 1) / SetsPerTile;

    public void Begin(CohortView cohort, TrainStepView step, SimdWidth width, int workers)
    {
        _cohort = cohort;
        _step = step;
        _width = width;
        _constants = new StepConstants(step.Settings);
        var slot = WidthSlot(width);
        _workspaces = _workspacesByWidth[slot];
        _groups = _groupsByWidth[slot];
        if (_workspaces.Length < workers)
        {
            Array.Resize(ref _workspaces, workers);
            _workspacesByWidth[slot] = _workspaces;
        }

        var lanes = (int)width;
        var learning = 0;
        foreach (var length in step.BatchLengths)
        {
            learning += length > 0 ? 1 : 0;
        }

        // Grouped whenever the batch fits, however few learn: a lane's arithmetic is one agent's
        // alone, in the same order at every width, so an agent's bits depend neither on how
        // many others learn beside it nor on the width (a group one agent fills costs a few
        // microseconds more than that agent alone: the price of those bits).
        _interleaved = !PerAgent && !cohort.IsShared && step.MaxBatch <= MaxInterleavedBatch;
        _oneLane = _interleaved && learning == 1;
        if (_oneLane)
        {
            lanes = 1;
            slot = OneLaneSlot;
            _groups = _groupsByWidth[slot];
        }

        if (_interleaved)
        {
            // A tile spans enough sets to hold about a quarter of a worker's share of the sets
            // that learn (a vector's worth at least, 16 groups at most): where few learn (policy
            // gradients, a twentieth of the agents a step) its groups still fill their lanes.
            var perTile = Math.Clamp(learning / (4 * Math.Max(1, workers)) / lanes * lanes, lanes, 16 * lanes);
            var tiles = Math.Max(1, (learning + perTile - 1) / perTile);
            _groupTile = Math.Clamp((step.Sets + tiles - 1) / tiles, lanes, MaxGroupTileSets);
            if (_groups.Length < workers)
            {
                Array.Resize(ref _groups, workers);
                _groupsByWidth[slot] = _groups;
            }

            // One lane's rows are a set's samples side by side, run a vector of samples at a
            // time: padded to 16 floats, so whole vectors stay within their row.
            var rowBatch = _oneLane ? (step.MaxBatch + 15) & ~15 : step.MaxBatch;
            for (var w = 0; w < workers; w++)
            {
                if (_groups[w] is not { } group || !group.Fits(_spec, rowBatch, lanes))
                {
                    _groups[w]?.Dispose();
                    _groups[w] = new InterleavedWorkspace(_spec, rowBatch, lanes);
                }
            }

            return;
        }

        for (var w = 0; w < workers; w++)
        {
            if (_workspaces[w] is not { } ws || !ws.Fits(_spec, step.MaxBatch, lanes))
            {
                _workspaces[w]?.Dispose();
                _workspaces[w] = new TrainWorkspace(_spec, step.MaxBatch, lanes);
            }
        }
    }

    private const int OneLaneSlot = 3;

    private static int WidthSlot(SimdWidth width) => width switch
    {
        SimdWidth.W512 => 2,
        SimdWidth.W256 => 1,
        _ => 0,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int tile, int worker)
    {
        if (_oneLane)
        {
            RunTile<Vec32>(tile, worker);
            return;
        }

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
        foreach (var ws in _workspacesByWidth.SelectMany(w => w))
        {
            ws?.Dispose();
        }

        foreach (var group in _groupsByWidth.SelectMany(g => g))
        {
            group?.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunTile<TV>(int tile, int worker)
        where TV : struct, IFloatVector<TV>
    {
        var step = _step!;
        if (_interleaved)
        {
            RunGroups<TV>(tile * _groupTile, Math.Min(step.Sets, (tile + 1) * _groupTile), worker);
            return;
        }

        var end = Math.Min(step.Sets, (tile + 1) * SetsPerTile);
        var ws = _workspaces[worker]!;
        var lengths = step.BatchLengths;
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
    /// The sets <paramref name="start"/> .. <paramref name="end"/> - 1 that have a batch, packed
    /// into groups of one vector's worth (lanes do not interact, so which sets share a group
    /// changes no bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunGroups<TV>(int start, int end, int worker)
        where TV : struct, IFloatVector<TV>
    {
        var ws = _groups[worker]!;
        var step = _step!;
        var store = _cohort!.Rows.Parameters;
        var all = step.BatchLengths;
        Span<int> lengths = stackalloc int[TV.Count];
        Span<bool> keep = stackalloc bool[TV.Count];

        // Sorted by batch length, so a group's lanes have batches of about one length: a group
        // costs its longest batch.
        Span<long> keys = stackalloc long[end - start];
        var count = 0;
        for (var set = start; set < end; set++)
        {
            if (all[set] > 0)
            {
                keys[count++] = ((long)all[set] << 32) | (uint)set;
            }
        }

        keys.Slice(0, count).Sort();
        Span<int> active = stackalloc int[count];
        for (var i = 0; i < count; i++)
        {
            active[i] = (int)keys[i];
        }

        for (var first = 0; first < count; first += TV.Count)
        {
            var sets = active.Slice(first, Math.Min(TV.Count, count - first));
            if (PrefetchEnabled)
            {
                var next = active.Slice(0, count);
                for (var i = first + TV.Count; i < Math.Min(count, first + (2 * TV.Count)); i++)
                {
                    PrefetchSet(next[i]);
                }
            }

            var longest = 0;
            for (var i = 0; i < sets.Length; i++)
            {
                lengths[i] = all[sets[i]];
                longest = Math.Max(longest, lengths[i]);
            }

            var groupLengths = lengths.Slice(0, sets.Length);
            GatherGroup<TV>(sets, groupLengths, longest, ws);
            var optimizer = _constants.Optimizer;
            var state = optimizer == OptimizerKind.Momentum ? store.Velocity : store.FirstMoment;
            InterleavedTrainKernel<TV>.ToLanes(_spec, store.Weights, store.Biases, sets, ws.Parameters);
            if (optimizer != OptimizerKind.Sgd)
            {
                InterleavedTrainKernel<TV>.ToLanes(_spec, state!.Weights, state.Biases, sets, ws.FirstState);
            }

            if (optimizer == OptimizerKind.Adam)
            {
                InterleavedTrainKernel<TV>.ToLanes(_spec, store.SecondMoment!.Weights, store.SecondMoment.Biases, sets, ws.SecondState);
            }

            InterleavedTrainKernel<TV>.Backprop(_spec, ws, groupLengths, longest);
            for (var i = 0; i < TV.Count; i++)
            {
                var set = sets[i < sets.Length ? i : 0];
                ws.LearningRates[i] = step.LearningRates[set];
                ws.FirstCorrections[i] = step.FirstCorrections[set];
                ws.SecondCorrections[i] = step.SecondCorrections[set];
            }

            InterleavedTrainKernel<TV>.Update(_spec, ws, _constants);

            // A lane whose loss or new parameters are not finite writes nothing back: the store
            // still holds its last good parameters and state.
            for (var i = 0; i < sets.Length; i++)
            {
                var set = sets[i];
                var loss = ws.Losses[i];
                step.Losses[set] = loss;
                keep[i] = float.IsFinite(loss) && ws.Finite[i] == 0f;
                step.Statuses[set] = keep[i] ? StepStatus.Stood : float.IsFinite(loss) ? StepStatus.RolledBack : StepStatus.LossNotFinite;
            }

            var kept = keep.Slice(0, sets.Length);
            InterleavedTrainKernel<TV>.FromLanes(_spec, ws.Parameters, store.Weights, store.Biases, sets, kept, ws.Discard);
            if (optimizer != OptimizerKind.Sgd)
            {
                InterleavedTrainKernel<TV>.FromLanes(_spec, ws.FirstState, state!.Weights, state.Biases, sets, kept, ws.Discard);
            }

            if (optimizer == OptimizerKind.Adam)
            {
                InterleavedTrainKernel<TV>.FromLanes(_spec, ws.SecondState, store.SecondMoment!.Weights, store.SecondMoment.Biases, sets, kept, ws.Discard);
            }
        }
    }

    /// <summary>
    /// Copies the group's batches into lanes (<c>[feature][sample][lane]</c>), zero past each
    /// lane's own batch, with the mask and 1 / length of each lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GatherGroup<TV>(ReadOnlySpan<int> sets, ReadOnlySpan<int> lengths, int longest, InterleavedWorkspace ws)
        where TV : struct, IFloatVector<TV>
    {
        var step = _step!;
        var samples = _cohort!.Rows.Samples;
        var inSize = samples.InputSize;
        var outSize = samples.OutputSize;
        var lanes = TV.Count;
        var stride = ws.RowStride;
        var a0 = ws.Activations[0];
        for (var i = 0; i < lanes; i++)
        {
            var length = i < lengths.Length ? lengths[i] : 0;
            ws.InverseLengths[i] = length > 0 ? 1f / length : 0f;
            for (var s = 0; s < longest; s++)
            {
                ws.Mask[(s * lanes) + i] = s < length ? 1f : 0f;
            }
        }

        if (LaneTranspose.Supported && lanes >= 8)
        {
            // Eight lanes' samples at a time, each sample's inputs (and targets) a row of the
            // transpose; lanes past their batch read zeros.
            var inputs = stackalloc float*[8];
            var targets = stackalloc float*[8];
            for (var s = 0; s < longest; s++)
            {
                for (var block = 0; block < lanes; block += 8)
                {
                    for (var i = 0; i < 8; i++)
                    {
                        var lane = block + i;
                        if (lane < lengths.Length && s < lengths[lane])
                        {
                            long row = step.SampleRows[(sets[lane] * step.MaxBatch) + s];
                            inputs[i] = samples.Inputs.Pointer + (row * inSize);
                            targets[i] = samples.Targets.Pointer + (row * outSize);
                        }
                        else
                        {
                            inputs[i] = ws.ZeroSample;
                            targets[i] = ws.ZeroSample;
                        }
                    }

                    var at = (s * lanes) + block;
                    LaneTranspose.ToLanes(inputs, inSize, a0 + at, stride);
                    LaneTranspose.ToLanes(targets, outSize, ws.Targets + at, stride);
                }
            }

            return;
        }

        for (var i = 0; i < lanes; i++)
        {
            var length = i < lengths.Length ? lengths[i] : 0;
            var rows = length > 0 ? step.SampleRows.Slice(sets[i] * step.MaxBatch, length) : default;
            for (var s = 0; s < longest; s++)
            {
                var at = (s * lanes) + i;
                var x = s < length ? samples.Inputs.Pointer + ((long)rows[s] * inSize) : ws.ZeroSample;
                var y = s < length ? samples.Targets.Pointer + ((long)rows[s] * outSize) : ws.ZeroSample;
                for (var k = 0; k < inSize; k++)
                {
                    a0[(k * stride) + at] = x[k];
                }

                for (var j = 0; j < outSize; j++)
                {
                    ws.Targets[(j * stride) + at] = y[j];
                }
            }
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

        return Commit<TV>(set, ws.Gradient, ws.Snapshot);
    }

    /// <summary>
    /// The optimiser update of one set from its gradient, undone if it leaves a parameter that
    /// is not finite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private StepStatus Commit<TV>(int set, float* gradient, float* snapshot)
        where TV : struct, IFloatVector<TV>
    {
        var store = _cohort!.Rows.Parameters;
        var step = _step!;
        AgentSnapshot.Save(store, set, snapshot);
        TrainKernel<TV>.Update(_spec, store, set, gradient, _constants, step.LearningRates[set], step.FirstCorrections[set], step.SecondCorrections[set]);
        if (AgentSnapshot.ParametersFinite(store, set))
        {
            return StepStatus.Stood;
        }

        AgentSnapshot.Restore(store, set, snapshot);
        return StepStatus.RolledBack;
    }

    /// <summary>
    /// Asks for the next set's batch rows, parameters and optimiser state while this one
    /// computes: each is touched once per step, the rows at random ring positions, so with
    /// thousands of agents they come from memory, and the hardware prefetcher cannot guess
    /// random positions. The batch is chosen before the step, so exactly its rows are asked for.
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
        var step = _step!;
        var batch = step.SampleRows.Slice(set * step.MaxBatch, step.BatchLengths[set]);
        foreach (var row in batch)
        {
            RowLines(samples.Inputs.Pointer + ((long)row * samples.InputSize), samples.InputSize);
            RowLines(samples.Targets.Pointer + ((long)row * samples.OutputSize), samples.OutputSize);
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

        // Every cache line a row of floats touches, however it straddles them.
        static void RowLines(float* start, int floats)
        {
            var first = (nuint)start & ~(nuint)63;
            var last = (nuint)(start + floats - 1) & ~(nuint)63;
            for (var line = first; line <= last; line += 64)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0((void*)line);
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
