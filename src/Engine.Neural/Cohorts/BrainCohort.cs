using System.Diagnostics;
using System.Globalization;
using Engine.Neural.Cpu;

namespace Engine.Neural;

/// <summary>
/// All brains of one <see cref="BrainSpec"/>, run and trained as one batch. Each agent has its
/// own weights (or, in shared mode, every agent drives the one parameter set), its own input
/// and output row, and its own ring of training samples. A frame is one <see cref="Forward"/>
/// and a few <see cref="TrainStep"/>s, whatever the number of agents, and allocates nothing.
/// </summary>
/// <example>
/// <code>
/// using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 7 });
/// var agent = cohort.Add();
/// cohort.Input(agent)[0] = 0.5f;                  // what it senses
/// cohort.Forward();                               // every agent at once
/// float decision = cohort.Output(agent)[0];       // what it decides
/// cohort.AddSample(agent, [0.5f, 0.1f], [1f]);    // feedback
/// cohort.Train(TrainingBudget.StepsPerFrame(1));  // learn, every agent at once
/// </code>
/// </example>
public sealed partial class BrainCohort : IDisposable
{
    private const int RowsPerForwardTile = 256;
    private const int AgentsPerTrainTile = 16;

    private readonly ParameterStore _store;
    private readonly SampleStore _samples;
    private readonly PinnedBuffer _inputs;
    private readonly PinnedBuffer _outputs;
    private readonly float[] _initScratch;
    private readonly float[] _clampedInput;
    private readonly float[] _clampedTarget;
    private readonly ForwardJob _forwardJob;
    private readonly TrainJob _trainJob;
    private readonly WorkerPool _pool;

    private int[] _slotOfId;
    private int[] _idOfSlot;
    private int[] _versionOfId;
    private int[] _freeIds;
    private int _freeCount;
    private int _nextId;
    private bool[] _learning;
    private float[] _learningRateScale;
    private float[] _lastLoss;
    private float[] _damping;
    private int[] _divergences;
    private long _divergenceEvents;
    private DeterministicRandom[] _random;
    private DeterministicRandom _sharedRandom;
    private ulong _agentsCreated;
    private TrainingSettings _settings;
    private bool _disposed;

    /// <summary>Creates an empty cohort.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public BrainCohort(BrainSpec spec, CohortOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Options = (options ?? new CohortOptions()).Validate();
        _settings = Options.Training;
        var capacity = Options.InitialCapacity;
        _store = new ParameterStore(spec, IsShared ? 1 : capacity);
        _samples = new SampleStore(spec.InputSize, spec.OutputSize, Options.SampleCapacity, capacity);
        _inputs = new PinnedBuffer((long)capacity * spec.InputSize);
        _outputs = new PinnedBuffer((long)capacity * spec.OutputSize);
        _initScratch = new float[spec.ParameterCount];
        _clampedInput = new float[spec.InputSize];
        _clampedTarget = new float[spec.OutputSize];
        _slotOfId = new int[capacity];
        _idOfSlot = new int[capacity];
        _versionOfId = new int[capacity];
        _freeIds = new int[capacity];
        _learning = new bool[capacity];
        _learningRateScale = new float[capacity];
        _lastLoss = new float[capacity];
        _damping = new float[capacity];
        _divergences = new int[capacity];
        _random = new DeterministicRandom[capacity];
        _sharedRandom = DeterministicRandom.ForStream(Options.Seed, ulong.MaxValue);
        _pool = WorkerPool.Shared;
        _forwardJob = new ForwardJob(this);
        _trainJob = new TrainJob(this);
        if (IsShared)
        {
            InitializeSlot(0);
        }
    }

    /// <summary>The shape every brain of the cohort has.</summary>
    public BrainSpec Spec { get; }

    /// <summary>The options the cohort was created with.</summary>
    public CohortOptions Options { get; }

    /// <summary>True in shared-brain mode (one parameter set for every agent).</summary>
    public bool IsShared => Options.SharedParameters;

    /// <summary>Number of agents.</summary>
    public int Count { get; private set; }

    /// <summary>Weights and biases per brain.</summary>
    public int ParameterCount => Spec.ParameterCount;

    /// <summary>Samples rejected by <see cref="AddSample"/> for holding NaN or infinity.</summary>
    public long RejectedSamples { get; private set; }

    /// <summary>Samples <see cref="AddSample"/> kept after clamping (<see cref="NonFiniteSamplePolicy.Clamp"/>).</summary>
    public long ClampedSamples { get; private set; }

    /// <summary>
    /// How the cohort learns. Changing it keeps every learned weight (and the optimiser state).
    /// </summary>
    /// <exception cref="ArgumentException">An invalid setting.</exception>
    public TrainingSettings Settings
    {
        get => _settings;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!Spec.IsTrainable)
            {
                Spec.EnsureTrainable();
            }

            _settings = value.Validate();
        }
    }

    /// <summary>Every agent's input row, <c>[Count x InputSize]</c>, row = <see cref="RowOf"/>.</summary>
    public Span<float> Inputs => _inputs.Slice(0, Count * Spec.InputSize);

    /// <summary>Every agent's output row from the last <see cref="Forward"/>, <c>[Count x OutputSize]</c>.</summary>
    public ReadOnlySpan<float> Outputs => _outputs.Slice(0, Count * Spec.OutputSize);

    /// <summary>The vector width the kernels use (tests compare widths).</summary>
    internal SimdWidth Width { get; set; } = SimdWidthChooser.Best;

    internal ParameterStore Store => _store;

    /// <summary>Adds an agent whose brain is drawn from the cohort's seed (its own, or the shared one).</summary>
    public AgentHandle Add()
    {
        ThrowIfDisposed();
        var handle = AllocateRow();
        if (!IsShared)
        {
            InitializeSlot(Count - 1);
        }

        return handle;
    }

    /// <summary>Adds an agent with the given parameters (flat layout: per layer W then b).</summary>
    /// <exception cref="InvalidOperationException">The cohort is shared.</exception>
    /// <exception cref="ArgumentException">Wrong length, or a value that is not finite.</exception>
    public AgentHandle Add(ReadOnlySpan<float> parameters)
    {
        ThrowIfDisposed();
        if (IsShared)
        {
            throw new InvalidOperationException("BrainCohort: a shared cohort has one parameter set; set it with SetParameters.");
        }

        CheckParameters(parameters);
        SyncHost();
        var handle = AllocateRow();
        var slot = Count - 1;
        _store.Write(slot, parameters);
        _store.ResetState(slot);
        return handle;
    }

    /// <summary>Removes an agent; the last row moves into its place, other handles stay valid.</summary>
    /// <exception cref="ArgumentException">The handle is not a live agent of this cohort.</exception>
    public void Remove(AgentHandle agent)
    {
        var slot = RowOf(agent);
        var last = Count - 1;
        SyncHost();
        HostChanged();
        SamplesChanged();
        if (slot != last)
        {
            if (!IsShared)
            {
                _store.CopySlot(last, slot);
            }

            _samples.CopySlot(last, slot);
            _inputs.Slice((long)last * Spec.InputSize, Spec.InputSize).CopyTo(_inputs.Slice((long)slot * Spec.InputSize, Spec.InputSize));
            _outputs.Slice((long)last * Spec.OutputSize, Spec.OutputSize).CopyTo(_outputs.Slice((long)slot * Spec.OutputSize, Spec.OutputSize));
            _learning[slot] = _learning[last];
            _learningRateScale[slot] = _learningRateScale[last];
            _lastLoss[slot] = _lastLoss[last];
            _damping[slot] = _damping[last];
            _divergences[slot] = _divergences[last];
            _random[slot] = _random[last];
            var movedId = _idOfSlot[last];
            _idOfSlot[slot] = movedId;
            _slotOfId[movedId] = slot;
        }

        _versionOfId[agent.Id]++;
        _freeIds[_freeCount++] = agent.Id;
        Count--;
    }

    /// <summary>True while <paramref name="agent"/> is a live agent of this cohort.</summary>
    public bool Contains(AgentHandle agent) =>
        agent.Id >= 0 && agent.Id < _nextId && _versionOfId[agent.Id] == agent.Version && _slotOfId[agent.Id] >= 0;

    /// <summary>The agent's current row in <see cref="Inputs"/> and <see cref="Outputs"/>.</summary>
    /// <exception cref="ArgumentException">The handle is not a live agent of this cohort.</exception>
    public int RowOf(AgentHandle agent)
    {
        if (!Contains(agent))
        {
            throw new ArgumentException($"BrainCohort: agent {agent.Id} (version {agent.Version}) is not in this cohort; it was removed or belongs to another.", nameof(agent));
        }

        return _slotOfId[agent.Id];
    }

    /// <summary>The handle of the agent in row <paramref name="row"/>.</summary>
    public AgentHandle HandleAt(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        var id = _idOfSlot[row];
        return new AgentHandle(id, _versionOfId[id]);
    }

    /// <summary>The agent's input row: write what it senses here before <see cref="Forward"/>.</summary>
    public Span<float> Input(AgentHandle agent) => _inputs.Slice((long)RowOf(agent) * Spec.InputSize, Spec.InputSize);

    /// <summary>The agent's outputs from the last <see cref="Forward"/>.</summary>
    public ReadOnlySpan<float> Output(AgentHandle agent) => _outputs.Slice((long)RowOf(agent) * Spec.OutputSize, Spec.OutputSize);

    /// <summary>Whether the agent learns from its samples (default true).</summary>
    public bool IsLearning(AgentHandle agent) => _learning[RowOf(agent)];

    /// <summary>Turns the agent's learning on or off; its samples are kept either way.</summary>
    public void SetLearning(AgentHandle agent, bool learning) => _learning[RowOf(agent)] = learning;

    /// <summary>The agent's learning-rate multiplier (default 1; ignored in shared mode).</summary>
    public float LearningRateScale(AgentHandle agent) => _learningRateScale[RowOf(agent)];

    /// <summary>Sets the agent's learning-rate multiplier.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a finite number &gt;= 0.</exception>
    public void SetLearningRateScale(AgentHandle agent, float scale)
    {
        if (!float.IsFinite(scale) || scale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"BrainCohort: a learning-rate scale must be a finite number >= 0, got {scale.ToString(CultureInfo.InvariantCulture)}.");
        }

        _learningRateScale[RowOf(agent)] = scale;
    }

    /// <summary>The mean loss of the agent's last training batch (shared mode: of the shared batch).</summary>
    public float LastLoss(AgentHandle agent) => _lastLoss[IsShared ? 0 : RowOf(agent)];

    /// <summary>Samples in the agent's ring.</summary>
    public int SampleCount(AgentHandle agent) => _samples.Counts[RowOf(agent)];

    /// <summary>Forgets the agent's samples.</summary>
    public void ClearSamples(AgentHandle agent)
    {
        _samples.Clear(RowOf(agent));
        SamplesChanged();
    }

    /// <summary>
    /// Gives the agent feedback: for this input the right output is <paramref name="target"/>.
    /// A sample holding NaN or infinity is handled by <see cref="CohortOptions.NonFiniteSamples"/>:
    /// rejected and counted (the default; the first is logged once), or clamped and kept. Either
    /// way bad numbers never reach the weights.
    /// </summary>
    /// <returns>True when the sample was stored.</returns>
    /// <exception cref="ArgumentException">Wrong input or target length, or an unknown agent.</exception>
    public bool AddSample(AgentHandle agent, ReadOnlySpan<float> input, ReadOnlySpan<float> target)
    {
        var slot = RowOf(agent);
        if (input.Length != Spec.InputSize || target.Length != Spec.OutputSize)
        {
            throw new ArgumentException($"BrainCohort: a sample for {Spec} needs {Spec.InputSize} inputs and {Spec.OutputSize} targets, got {input.Length} and {target.Length}.", nameof(input));
        }

        if (!AllFinite(input) || !AllFinite(target))
        {
            if (Options.NonFiniteSamples == NonFiniteSamplePolicy.Reject)
            {
                if (RejectedSamples++ == 0)
                {
                    Log($"Engine.Neural: {Spec} cohort rejected a sample holding NaN or infinity; later ones are only counted (BrainCohort.RejectedSamples).");
                }

                return false;
            }

            ClampedSamples++;
            input.CopyTo(_clampedInput);
            target.CopyTo(_clampedTarget);
            Clamp(_clampedInput, Options.SampleClampLimit);
            Clamp(_clampedTarget, Options.SampleClampLimit);
            input = _clampedInput;
            target = _clampedTarget;
        }

        _samples.Push(slot, input, target);
        SamplesChanged();
        return true;
    }

    /// <summary>Copies the agent's parameters out (flat layout: per layer W then b).</summary>
    public void GetParameters(AgentHandle agent, Span<float> destination)
    {
        var slot = IsShared ? ValidateAndZero(agent) : RowOf(agent);
        if (destination.Length != ParameterCount)
        {
            throw new ArgumentException($"BrainCohort: {Spec} has {ParameterCount} parameters, the destination holds {destination.Length}.", nameof(destination));
        }

        SyncHost();
        _store.Read(slot, destination);
    }

    /// <summary>Replaces the agent's parameters (shared mode: the shared set); keeps optimiser state.</summary>
    /// <exception cref="ArgumentException">Wrong length, or a value that is not finite.</exception>
    public void SetParameters(AgentHandle agent, ReadOnlySpan<float> parameters)
    {
        var slot = IsShared ? ValidateAndZero(agent) : RowOf(agent);
        CheckParameters(parameters);
        SyncHost();
        _store.Write(slot, parameters);
        HostChanged();
    }

    /// <summary>Runs every agent's brain on its input row, writing its output row. One batch.</summary>
    public void Forward()
    {
        ThrowIfDisposed();
        if (!TryBackendForward())
        {
            _pool.Run(_forwardJob, (Count + RowsPerForwardTile - 1) / RowsPerForwardTile);
        }
    }

    /// <summary>
    /// One training step for the whole cohort: every learning agent with samples draws its
    /// mini-batch and takes one optimiser step on its own weights (shared mode: one step of the
    /// shared weights on a batch drawn from every agent's samples).
    /// </summary>
    /// <returns>How many parameter sets were updated.</returns>
    /// <exception cref="InvalidOperationException">The spec cannot be trained (step activation).</exception>
    public int TrainStep()
    {
        ThrowIfDisposed();
        Spec.EnsureTrainable();
        if (TryBackendTrainStep(out var trainedOnDevice))
        {
            return trainedOnDevice;
        }

        _store.EnsureState(_settings.Optimizer);
        _trainJob.Prepare(_settings, _pool.WorkerCount);
        if (IsShared)
        {
            return _trainJob.TrainShared() ? 1 : 0;
        }

        _pool.Run(_trainJob, (Count + AgentsPerTrainTile - 1) / AgentsPerTrainTile);
        return _trainJob.TrainedAgents;
    }

    /// <summary>Trains within a frame's budget; returns the number of steps taken.</summary>
    public int Train(TrainingBudget budget)
    {
        if (budget.Milliseconds <= 0)
        {
            for (var i = 0; i < budget.Steps; i++)
            {
                TrainStep();
            }

            return budget.Steps;
        }

        var start = Stopwatch.GetTimestamp();
        var steps = 0;
        var lastStep = 0.0;
        while (true)
        {
            var before = Stopwatch.GetTimestamp();
            TrainStep();
            steps++;
            var now = Stopwatch.GetTimestamp();
            lastStep = Stopwatch.GetElapsedTime(before, now).TotalMilliseconds;
            if (Stopwatch.GetElapsedTime(start, now).TotalMilliseconds + lastStep > budget.Milliseconds)
            {
                return steps;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _backend?.Dispose();
            _backend = null;
            _trainJob.Dispose();
            _forwardJob.Dispose();
        }
    }

    private static void Clamp(Span<float> values, float limit)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = float.IsNaN(values[i]) ? 0f : Math.Clamp(values[i], -limit, limit);
        }
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private int ValidateAndZero(AgentHandle agent)
    {
        RowOf(agent);
        return 0;
    }

    private void CheckParameters(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != ParameterCount)
        {
            throw new ArgumentException($"BrainCohort: {Spec} has {ParameterCount} parameters, got {parameters.Length}.", nameof(parameters));
        }

        if (!AllFinite(parameters))
        {
            throw new ArgumentException("BrainCohort: parameters must all be finite; NaN or infinity would spread into every output.", nameof(parameters));
        }
    }

    private AgentHandle AllocateRow()
    {
        SyncHost();
        HostChanged();
        SamplesChanged();
        EnsureCapacity(Count + 1);
        var id = _freeCount > 0 ? _freeIds[--_freeCount] : _nextId++;
        var slot = Count++;
        _slotOfId[id] = slot;
        _idOfSlot[slot] = id;
        _learning[slot] = true;
        _learningRateScale[slot] = 1f;
        _lastLoss[slot] = float.NaN;
        _damping[slot] = 1f;
        _divergences[slot] = 0;
        _random[slot] = DeterministicRandom.ForStream(Options.Seed, _agentsCreated++);
        _samples.Clear(slot);
        _inputs.Slice((long)slot * Spec.InputSize, Spec.InputSize).Clear();
        _outputs.Slice((long)slot * Spec.OutputSize, Spec.OutputSize).Clear();
        return new AgentHandle(id, _versionOfId[id]);
    }

    private void InitializeSlot(int slot)
    {
        // Every agent's initial brain has its own stream of the cohort's seed.
        var random = DeterministicRandom.ForStream(Options.Seed ^ 0x1A17, _agentsCreated);
        ParameterInitializer.Fill<float>(Spec, Options.Init, ref random, _initScratch);
        _store.Write(slot, _initScratch);
        _store.ResetState(slot);
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _idOfSlot.Length)
        {
            return;
        }

        var grown = Math.Max(needed, _idOfSlot.Length * 2);
        if (!IsShared)
        {
            _store.EnsureCapacity(grown);
        }

        _samples.EnsureCapacity(grown);
        _inputs.Resize((long)grown * Spec.InputSize);
        _outputs.Resize((long)grown * Spec.OutputSize);
        Array.Resize(ref _slotOfId, grown);
        Array.Resize(ref _idOfSlot, grown);
        Array.Resize(ref _versionOfId, grown);
        Array.Resize(ref _freeIds, grown);
        Array.Resize(ref _learning, grown);
        Array.Resize(ref _learningRateScale, grown);
        Array.Resize(ref _lastLoss, grown);
        Array.Resize(ref _damping, grown);
        Array.Resize(ref _divergences, grown);
        Array.Resize(ref _random, grown);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
