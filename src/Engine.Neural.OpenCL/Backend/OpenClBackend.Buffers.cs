using System.Numerics;
using Engine.Neural.Backends;

namespace Engine.Neural.OpenCL;

/// <content>The device mirror of a cohort: what lives on the device and how it is kept exact.</content>
public sealed unsafe partial class OpenClBackend
{
    private const int MinimumCapacity = 64;

    private readonly DenseLayerShape[] _layers;

    // Per layer, for device weight i (by output, W[out][in], as the kernels read it) the host
    // weight it is (the host keeps W[in][out], see ParameterStore): upload and download turn
    // the weights with it.
    private readonly int[][] _byOutput;

    // Where everything lives (see LayerTable), on the host and on the device.
    private readonly LayerTable _table;
    private DeviceBuffer _tableBuffer = null!;

    // Parameter-shaped buffers, every layer's weights and biases in the agent-tiled layout of
    // shaders/brain_common.cl (upload and download convert): the parameters, their gradient,
    // a shared cohort's set gradient (16 copies in tile 0) and up to three kinds of optimiser state.
    private DeviceBuffer _parameters = null!;
    private DeviceBuffer _gradients = null!;
    private DeviceBuffer _setGradients = null!;
    private readonly DeviceBuffer?[] _states = new DeviceBuffer?[3];

    // Per-tile scratch of the forward pass and of the training pass (see LayerTable).
    private DeviceBuffer _forwardScratch = null!;
    private DeviceBuffer _trainScratch = null!;

    private DeviceBuffer _inputs = null!;
    private DeviceBuffer _outputs = null!;
    private DeviceBuffer _ringInputs = null!;
    private DeviceBuffer _ringTargets = null!;
    private DeviceBuffer _positions = null!;
    private DeviceBuffer _batchOf = null!;
    private DeviceBuffer _coefficients = null!;
    private DeviceBuffer _norms = null!;
    private DeviceBuffer _losses = null!;
    private DeviceBuffer _dummy = null!;
    private DeviceBuffer _sampleRows = null!;
    private DeviceBuffer _sampleInputs = null!;
    private DeviceBuffer _sampleTargets = null!;
    private DeviceBuffer _sampleLosses = null!;

    private static readonly OptimizerStateKind[] StateKindsAll = [OptimizerStateKind.Velocity, OptimizerStateKind.FirstMoment, OptimizerStateKind.SecondMoment];

    private int _capacity;

    // A shared cohort's largest batch so far: its samples are the lanes of a step.
    private int _sharedBatch;
    private int _maxBatch;
    private bool _uploaded;
    private bool _ringsStale = true;

    // Host staging for the per-step data, pinned so queued writes read stable memory.
    private int[] _hostPositions = [];
    private int[] _hostBatchOf = [];
    private float[] _hostCoefficients = [];
    private float[] _hostLosses = [];
    private int[] _hostSampleRows = [];
    private float[] _hostSampleInputs = [];
    private float[] _hostSampleTargets = [];

    // Host staging of the conversion between the host's rows and the device's tiles.
    private float[] _hostTiles = [];

    private void CreateBuffers()
    {
        _tableBuffer = New();
        _parameters = New();
        _gradients = New();
        _setGradients = New();
        _forwardScratch = New();
        _trainScratch = New();
        _inputs = New();
        _outputs = New();
        _ringInputs = New();
        _ringTargets = New();
        _positions = New();
        _batchOf = New();
        _coefficients = New();
        _norms = New();
        _losses = New();
        _dummy = New();
        _sampleRows = New();
        _sampleInputs = New();
        _sampleTargets = New();
        _sampleLosses = New();
    }

    private DeviceBuffer New() => new(_runtime, Counters, 4);

    private void ReleaseBuffers()
    {
        DropStates();
        DeviceBuffer[] all =
        [
            _tableBuffer, _parameters, _gradients, _setGradients, _forwardScratch, _trainScratch,
            _inputs, _outputs, _ringInputs, _ringTargets, _positions, _batchOf, _coefficients, _norms, _losses,
            _dummy, _sampleRows, _sampleInputs, _sampleTargets, _sampleLosses,
        ];
        foreach (var buffer in all)
        {
            buffer.Dispose();
        }
    }

    /// <summary>
    /// Re-uploads parameters and every kind of optimiser state the host has when the host
    /// rewrote them (<see cref="HostChanges.Parameters"/>); the rings follow in <see cref="SyncSamples"/>.
    /// </summary>
    private void SyncFromHost(CohortView cohort)
    {
        if (_uploaded && !cohort.Changes.Parameters)
        {
            return;
        }

        EnsureAgentCapacity(Math.Max(cohort.Count, _sharedBatch));
        var count = cohort.ParameterSets;
        DropStates();
        foreach (var kind in StateKindsAll)
        {
            if (cohort.HasState(kind))
            {
                _states[(int)kind] = new DeviceBuffer(_runtime, Counters, _table.ParameterFloatCount * sizeof(float));
            }
        }

        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            Upload(_parameters, _table.WeightsAt(l), cohort.Weights(l), layer.WeightCount, count, _byOutput[l]);
            Upload(_parameters, _table.BiasesAt(l), cohort.Biases(l), layer.Outputs, count, null);
            foreach (var kind in StateKindsAll)
            {
                if (_states[(int)kind] is { } state)
                {
                    Upload(state, _table.WeightsAt(l), cohort.StateWeights(kind, l), layer.WeightCount, count, _byOutput[l]);
                    Upload(state, _table.BiasesAt(l), cohort.StateBiases(kind, l), layer.Outputs, count, null);
                }
            }
        }

        _uploaded = true;
        _ringsStale = true;
    }

    private void DropStates()
    {
        for (var k = 0; k < _states.Length; k++)
        {
            _states[k]?.Dispose();
            _states[k] = null;
        }
    }

    /// <summary>
    /// Brings the device's sample rings up to date: only the samples pushed since the last
    /// call (packed, then scattered by one kernel), or every ring when rows moved or the host
    /// says the rings changed beyond what it logged.
    /// </summary>
    private void SyncSamples(CohortView cohort)
    {
        var changes = cohort.Changes;
        if (_ringsStale || changes.Rings)
        {
            var ringFloatsIn = (long)cohort.RingCapacity * _spec.InputSize;
            var ringFloatsOut = (long)cohort.RingCapacity * _spec.OutputSize;
            _ringInputs.Ensure(_capacity * ringFloatsIn * sizeof(float));
            _ringTargets.Ensure(_capacity * ringFloatsOut * sizeof(float));
            fixed (float* inputs = cohort.RingInputs)
            fixed (float* targets = cohort.RingTargets)
            {
                _ringInputs.Write(inputs, cohort.Count * ringFloatsIn * sizeof(float));
                _ringTargets.Write(targets, cohort.Count * ringFloatsOut * sizeof(float));
            }

            _ringsStale = false;
        }
        else if (changes.NewSamples.Length > 0)
        {
            ScatterNewSamples(cohort);
        }
    }

    private void ScatterNewSamples(CohortView cohort)
    {
        var log = cohort.Changes.NewSamples;
        var count = log.Length;
        var inSize = _spec.InputSize;
        var outSize = _spec.OutputSize;
        EnsureHost(ref _hostSampleRows, count);
        EnsureHost(ref _hostSampleInputs, count * inSize);
        EnsureHost(ref _hostSampleTargets, count * outSize);
        var inputs = cohort.RingInputs;
        var targets = cohort.RingTargets;
        for (var i = 0; i < count; i++)
        {
            // The host ring holds the latest value of every logged row, so a row pushed twice
            // in one frame is written twice with the same (newest) sample.
            var row = log[i];
            _hostSampleRows[i] = row;
            inputs.Slice(row * inSize, inSize).CopyTo(_hostSampleInputs.AsSpan(i * inSize, inSize));
            targets.Slice(row * outSize, outSize).CopyTo(_hostSampleTargets.AsSpan(i * outSize, outSize));
        }

        _sampleRows.Ensure((long)count * sizeof(int));
        _sampleInputs.Ensure((long)count * inSize * sizeof(float));
        _sampleTargets.Ensure((long)count * outSize * sizeof(float));
        fixed (int* rows = _hostSampleRows)
        fixed (float* packedInputs = _hostSampleInputs)
        fixed (float* packedTargets = _hostSampleTargets)
        {
            _sampleRows.Write(rows, (long)count * sizeof(int));
            _sampleInputs.Write(packedInputs, (long)count * inSize * sizeof(float));
            _sampleTargets.Write(packedTargets, (long)count * outSize * sizeof(float));
        }

        var call = _runtime.Begin("scatter_samples", Counters);
        call.Int(count);
        call.Int(inSize);
        call.Int(outSize);
        call.Buffer(_sampleRows);
        call.Buffer(_sampleInputs);
        call.Buffer(_sampleTargets);
        call.Buffer(_ringInputs);
        call.Buffer(_ringTargets);
        call.Launch(count);
    }

    /// <summary>Grows every per-agent buffer (parameters and state dropped: the caller re-uploads).</summary>
    private void EnsureAgentCapacity(int agents)
    {
        var capacity = Math.Max(MinimumCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(agents, 1)));
        _capacity = Math.Max(capacity, _capacity);
        ResizeTable();
        var parameters = _table.ParameterFloatCount * sizeof(float);
        _parameters.Ensure(parameters);
        _gradients.Ensure(parameters);
        _setGradients.Ensure(_shared ? parameters : 4);
        _forwardScratch.Ensure((long)_capacity * _table.ForwardScratchPerAgent * sizeof(float));
        _sampleLosses.Ensure((long)_capacity * sizeof(float));
        _inputs.Ensure((long)_capacity * _spec.InputSize * sizeof(float));
        _outputs.Ensure((long)_capacity * _spec.OutputSize * sizeof(float));
        _batchOf.Ensure((long)_capacity * sizeof(int));
        // Three arrays of one coefficient per agent (see update_all).
        _coefficients.Ensure((long)_capacity * 3 * sizeof(float));
        _norms.Ensure((long)_capacity * sizeof(float));
        // Each agent's loss, then each agent's update status (see update_all).
        _losses.Ensure((long)_capacity * 2 * sizeof(float));
        EnsureHost(ref _hostBatchOf, _capacity);
        EnsureHost(ref _hostCoefficients, _capacity * 3);
        EnsureHost(ref _hostLosses, _capacity * 2);
        EnsureStepBuffers();
    }

    /// <summary>Sizes the training scratch for <paramref name="batch"/> samples per agent.</summary>
    private void EnsureBatchCapacity(int batch)
    {
        if (batch <= _maxBatch)
        {
            return;
        }

        _maxBatch = batch;
        ResizeTable();
        EnsureStepBuffers();
    }

    private void EnsureStepBuffers()
    {
        var rows = (long)_capacity * _maxBatch;
        _trainScratch.Ensure((long)_capacity * _table.TrainScratchPerAgent * sizeof(float));
        _positions.Ensure(rows * sizeof(int));
        EnsureHost(ref _hostPositions, (int)rows);
    }

    /// <summary>
    /// Lays the table out for the current capacity and batch and uploads it, when either changed
    /// (waiting: it is tiny, and a re-upload of parameters alone leaves it as it is).
    /// </summary>
    private void ResizeTable()
    {
        if (_table.Capacity == _capacity && _table.Batch == _maxBatch)
        {
            return;
        }

        _table.Resize(_capacity, _maxBatch);
        _tableBuffer.Ensure(_table.Bytes);
        fixed (int* values = _table.Values)
        {
            _tableBuffer.Write(values, _table.Bytes, blocking: true);
        }
    }

    private static void EnsureHost<T>(ref T[] array, int length)
        where T : unmanaged
    {
        if (array.Length < length)
        {
            array = GC.AllocateArray<T>(length, pinned: true);
        }
    }

    /// <summary>For weight <c>j * inputs + k</c> by output, its place <c>k * outputs + j</c> by input.</summary>
    private static int[] ByOutput(int inputs, int outputs)
    {
        var order = new int[inputs * outputs];
        for (var j = 0; j < outputs; j++)
        {
            for (var k = 0; k < inputs; k++)
            {
                order[(j * inputs) + k] = (k * outputs) + j;
            }
        }

        return order;
    }

    /// <summary>Agents rounded up to whole tiles: the extent of every per-agent array a kernel touches.</summary>
    private static int Padded(int agents) => (agents + OpenClRuntime.Tile - 1) / OpenClRuntime.Tile * OpenClRuntime.Tile;

    /// <summary>
    /// Writes <paramref name="count"/> agents' blocks of <paramref name="perAgent"/> floats, host
    /// rows [agent][i], as device tiles [tile][i][lane] into the region that starts
    /// <paramref name="at"/> floats into <paramref name="device"/> (the surplus lanes of the last
    /// tile 0). A shared cohort's one set goes to all 16 lanes of tile 0. Waits for the copy: the
    /// staging is reused by the next upload.
    /// </summary>
    /// <remarks>Device float i of an agent's block is host float <paramref name="order"/>[i] of its row (i itself where null).</remarks>
    private void Upload(DeviceBuffer device, long at, ReadOnlySpan<float> host, int perAgent, int count, int[]? order)
    {
        if (_shared)
        {
            EnsureHost(ref _hostTiles, OpenClRuntime.Tile * perAgent);
            var copies = _hostTiles.AsSpan(0, OpenClRuntime.Tile * perAgent);
            for (var i = 0; i < perAgent; i++)
            {
                copies.Slice(i * OpenClRuntime.Tile, OpenClRuntime.Tile).Fill(host[order is null ? i : order[i]]);
            }

            fixed (float* source = copies)
            {
                device.Write(source, (long)copies.Length * sizeof(float), at * sizeof(float), blocking: true);
            }

            return;
        }

        var padded = Padded(count);
        EnsureHost(ref _hostTiles, padded * perAgent);
        var tiles = _hostTiles.AsSpan(0, padded * perAgent);
        for (var agent = 0; agent < count; agent++)
        {
            var row = host.Slice(agent * perAgent, perAgent);
            var first = (agent / OpenClRuntime.Tile * perAgent * OpenClRuntime.Tile) + (agent % OpenClRuntime.Tile);
            for (var i = 0; i < perAgent; i++)
            {
                tiles[first + (i * OpenClRuntime.Tile)] = row[order is null ? i : order[i]];
            }
        }

        if (padded > count)
        {
            // The loop above wrote only real agents; clear the surplus lanes it skipped.
            var lastTile = count / OpenClRuntime.Tile * perAgent * OpenClRuntime.Tile;
            for (var i = 0; i < perAgent; i++)
            {
                for (var lane = count % OpenClRuntime.Tile; lane < OpenClRuntime.Tile; lane++)
                {
                    tiles[lastTile + (i * OpenClRuntime.Tile) + lane] = 0f;
                }
            }
        }

        fixed (float* source = tiles)
        {
            device.Write(source, (long)tiles.Length * sizeof(float), at * sizeof(float), blocking: true);
        }
    }

    /// <summary>
    /// Reads the device tiles of the region that starts <paramref name="at"/> floats into
    /// <paramref name="device"/> back into <paramref name="count"/> host rows of <paramref name="perAgent"/> floats.
    /// </summary>
    /// <remarks>Device float i of an agent's block goes to host float <paramref name="order"/>[i] of its row (i itself where null).</remarks>
    private void Download(DeviceBuffer device, long at, Span<float> host, int perAgent, int count, int[]? order)
    {
        var padded = Padded(count);
        EnsureHost(ref _hostTiles, padded * perAgent);
        var tiles = _hostTiles.AsSpan(0, padded * perAgent);
        fixed (float* destination = tiles)
        {
            device.Read(destination, (long)tiles.Length * sizeof(float), at * sizeof(float));
        }

        for (var agent = 0; agent < count; agent++)
        {
            var row = host.Slice(agent * perAgent, perAgent);
            var first = (agent / OpenClRuntime.Tile * perAgent * OpenClRuntime.Tile) + (agent % OpenClRuntime.Tile);
            for (var i = 0; i < perAgent; i++)
            {
                row[order is null ? i : order[i]] = tiles[first + (i * OpenClRuntime.Tile)];
            }
        }
    }
}
