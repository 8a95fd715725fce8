using System.Diagnostics;
using System.Globalization;
using Engine.Neural.Backends;
using Engine.Neural.Cpu;

namespace Engine.Neural;

/// <summary>
/// All brains of one <see cref="BrainSpec"/>, run and trained as one batch. Each agent has its
/// own weights (or, in shared mode, every agent drives the one parameter set), its own input
/// and output row, and its own ring of training samples. A frame is one <see cref="Forward"/>
/// and a few <see cref="TrainStep"/>s, whatever the number of agents, and allocates nothing.
/// </summary>
/// <remarks>
/// A cohort is used by one thread at a time: a call that overlaps another thread's call on the
/// same cohort throws an <see cref="InvalidOperationException"/> (cohorts of different specs
/// may run on different threads).
/// </remarks>
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
public sealed class BrainCohort : IDisposable
{
    /// <summary>
    /// Each divergence multiplies the agent's learning-rate damping by this (so its effective
    /// learning rate halves every time it diverges).
    /// </summary>
    public const float DivergenceDampingFactor = CohortPolicy.DampingFactor;

    private readonly CohortRows _rows;
    private readonly CohortPolicy _policy;
    private readonly HostChanges _changes;
    private readonly CohortBackendSlot _backend;
    private readonly float[] _initScratch;
    private readonly float[] _clampedInput;
    private readonly float[] _clampedTarget;
    private TrainingSettings _settings;
    private int _owner;
    private bool _disposed;

    /// <summary>Creates an empty cohort.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public BrainCohort(BrainSpec spec, CohortOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Options = (options ?? new CohortOptions()).Validate();
        _settings = Options.Training;
        _rows = new CohortRows(spec, Options);
        _policy = new CohortPolicy(_rows, Options, WorkerPool.Shared);
        _changes = new HostChanges(Options.InitialCapacity);
        View = new CohortView(spec, IsShared, _rows, _changes);
        _backend = new CohortBackendSlot(spec, View, _changes, WorkerPool.Shared);
        _backend.Cpu.Use(Options.VectorWidth);
        _initScratch = new float[spec.ParameterCount];
        _clampedInput = new float[spec.InputSize];
        _clampedTarget = new float[spec.OutputSize];
        if (IsShared)
        {
            InitializeSet(0);
        }
    }

    /// <summary>
    /// Where log lines go (a backend falling back to the CPU, say). Defaults to standard error;
    /// a game points it at its own log.
    /// </summary>
    public static Action<string> Log { get; set; } = line => Console.Error.WriteLine(line);

    /// <summary>The shape every brain of the cohort has.</summary>
    public BrainSpec Spec { get; }

    /// <summary>The options the cohort was created with.</summary>
    public CohortOptions Options { get; }

    /// <summary>True in shared-brain mode (one parameter set for every agent).</summary>
    public bool IsShared => Options.SharedParameters;

    /// <summary>Number of agents.</summary>
    public int Count => _rows.Count;

    /// <summary>Weights and biases per brain.</summary>
    public int ParameterCount => Spec.ParameterCount;

    /// <summary>Samples rejected by <see cref="AddSample"/> for holding NaN or infinity.</summary>
    public long RejectedSamples { get; private set; }

    /// <summary>Samples <see cref="AddSample"/> kept after clamping (<see cref="NonFiniteSamplePolicy.Clamp"/>).</summary>
    public long ClampedSamples { get; private set; }

    /// <summary>Divergent steps undone so far, all agents together.</summary>
    public long DivergenceEvents => _policy.DivergenceEvents;

    /// <summary>The backend computing this cohort's frames: "cpu", or another's name.</summary>
    public string BackendName => _backend.Current.Name;

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
    public Span<float> Inputs => _rows.Inputs.Slice(0, Count * Spec.InputSize);

    /// <summary>Every agent's output row from the last <see cref="Forward"/>, <c>[Count x OutputSize]</c>.</summary>
    public ReadOnlySpan<float> Outputs => _rows.Outputs.Slice(0, Count * Spec.OutputSize);

    /// <summary>
    /// The CPU kernels' vector width (see <see cref="Engine.Neural.VectorWidth"/>): set a fixed one
    /// for the same bits on every machine, <see cref="VectorWidth.Measured"/> for the fastest here.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined width.</exception>
    public VectorWidth VectorWidth
    {
        get => _backend.Cpu.Setting;
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "BrainCohort: a vector width is Measured, Bits128, Bits256 or Bits512.");
            }

            using var use = Enter();
            _backend.Cpu.Use(value);
        }
    }

    /// <summary>The built-in CPU backend (the one that runs unless another was given, and the fallback).</summary>
    internal CpuBackend CpuBackend => _backend.Cpu;

    /// <summary>The vector width the CPU kernels use (tests compare widths).</summary>
    internal SimdWidth Width
    {
        get => _backend.Cpu.Width;
        set => _backend.Cpu.Width = value;
    }

    /// <summary>What backends see of this cohort.</summary>
    internal CohortView View { get; }

    internal CohortRows Rows => _rows;

    internal CohortPolicy Policy => _policy;

    /// <summary>Agents created so far (the seed stream of the next new brain).</summary>
    internal ulong AgentsCreated { get; set; }

    /// <summary>Adds an agent whose brain is drawn from the cohort's seed (its own, or the shared one).</summary>
    public AgentHandle Add()
    {
        using var use = Enter();
        var handle = AddRow();
        if (!IsShared)
        {
            InitializeSet(Count - 1);
        }

        return handle;
    }

    /// <summary>Adds an agent with the given parameters (flat layout: per layer W then b).</summary>
    /// <exception cref="InvalidOperationException">The cohort is shared.</exception>
    /// <exception cref="ArgumentException">Wrong length, or a value that is not finite.</exception>
    public AgentHandle Add(ReadOnlySpan<float> parameters)
    {
        using var use = Enter();
        if (IsShared)
        {
            throw new InvalidOperationException("BrainCohort: a shared cohort has one parameter set; set it with SetParameters.");
        }

        CheckParameters(parameters);
        var handle = AddRow();
        var set = Count - 1;
        _rows.Parameters.Write(set, parameters);
        _rows.Parameters.ResetState(set);
        return handle;
    }

    /// <summary>Removes an agent; the last row moves into its place, other handles stay valid.</summary>
    /// <exception cref="ArgumentException">The handle is not a live agent of this cohort.</exception>
    public void Remove(AgentHandle agent)
    {
        using var use = Enter();
        var row = RowOf(agent);
        HostWillChange();
        _rows.RemoveAt(row, agent);
    }

    /// <summary>True while <paramref name="agent"/> is a live agent of this cohort.</summary>
    public bool Contains(AgentHandle agent) => _rows.Contains(agent);

    /// <summary>The agent's current row in <see cref="Inputs"/> and <see cref="Outputs"/>.</summary>
    /// <exception cref="ArgumentException">The handle is not a live agent of this cohort.</exception>
    public int RowOf(AgentHandle agent)
    {
        if (!_rows.Contains(agent))
        {
            throw new ArgumentException($"BrainCohort: agent {agent.Id} (version {agent.Version}) is not in this cohort; it was removed or belongs to another.", nameof(agent));
        }

        return _rows.RowOfLive(agent);
    }

    /// <summary>The handle of the agent in row <paramref name="row"/>.</summary>
    public AgentHandle HandleAt(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        return _rows.HandleAt(row);
    }

    /// <summary>The agent's input row: write what it senses here before <see cref="Forward"/>.</summary>
    public Span<float> Input(AgentHandle agent) => _rows.Inputs.Slice((long)RowOf(agent) * Spec.InputSize, Spec.InputSize);

    /// <summary>The agent's outputs from the last <see cref="Forward"/>.</summary>
    public ReadOnlySpan<float> Output(AgentHandle agent) => _rows.Outputs.Slice((long)RowOf(agent) * Spec.OutputSize, Spec.OutputSize);

    /// <summary>Whether the agent learns from its samples (default true).</summary>
    public bool IsLearning(AgentHandle agent) => _rows.Table.Get(CohortRows.Learning)[RowOf(agent)];

    /// <summary>Turns the agent's learning on or off; its samples are kept either way.</summary>
    public void SetLearning(AgentHandle agent, bool learning) => _rows.Table.Get(CohortRows.Learning)[RowOf(agent)] = learning;

    /// <summary>The agent's learning-rate multiplier (default 1; ignored in shared mode).</summary>
    public float LearningRateScale(AgentHandle agent) => _rows.Table.Get(CohortRows.LearningRateScale)[RowOf(agent)];

    /// <summary>Sets the agent's learning-rate multiplier.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a finite number &gt;= 0.</exception>
    public void SetLearningRateScale(AgentHandle agent, float scale)
    {
        if (!float.IsFinite(scale) || scale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"BrainCohort: a learning-rate scale must be a finite number >= 0, got {scale.ToString(CultureInfo.InvariantCulture)}.");
        }

        _rows.Table.Get(CohortRows.LearningRateScale)[RowOf(agent)] = scale;
    }

    /// <summary>The mean loss of the agent's last training batch (shared mode: of the shared batch).</summary>
    public float LastLoss(AgentHandle agent) => _rows.Table.Get(CohortRows.LastLoss)[IsShared ? ZeroAfterCheck(agent) : RowOf(agent)];

    /// <summary>How often this agent's training step diverged and was undone.</summary>
    public int Divergences(AgentHandle agent) => IsShared ? ZeroAfterCheck(agent) + _policy.SharedDivergences : _rows.Table.Get(CohortRows.Divergences)[RowOf(agent)];

    /// <summary>
    /// The agent's learning-rate damping: 1, halved by every divergence (see
    /// <see cref="DivergenceDampingFactor"/>); the effective rate is
    /// <c>LearningRate x LearningRateScale x damping</c>.
    /// </summary>
    public float LearningRateDamping(AgentHandle agent) => _policy.DampingOf(IsShared ? ZeroAfterCheck(agent) : RowOf(agent));

    /// <summary>Samples in the agent's ring.</summary>
    public int SampleCount(AgentHandle agent) => _rows.Samples.Counts[RowOf(agent)];

    /// <summary>Forgets the agent's samples.</summary>
    public void ClearSamples(AgentHandle agent)
    {
        using var use = Enter();
        // Only the host's counts change: rings keep their data, so a mirror needs nothing.
        _rows.Samples.Clear(RowOf(agent));
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
        using var use = Enter();
        var row = RowOf(agent);
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

        _changes.MarkSample(_rows.Samples.Push(row, input, target));
        return true;
    }

    /// <summary>
    /// Claims the cohort for the calling thread while it fills many agents' rings at once on
    /// worker threads (<see cref="WriteSampleOnWorker"/>): another thread's call meanwhile
    /// throws as it would during any other call.
    /// </summary>
    internal UseScope ClaimForSampleBatch()
    {
        ThrowIfDisposed();
        return Enter();
    }

    /// <summary>
    /// <see cref="AddSample"/> for a learner that writes many agents' samples in parallel: each
    /// row is written by one thread, the shapes are the learner's (not checked here), and
    /// nothing shared is touched. The caller then reports the batch with
    /// <see cref="FinishSampleBatch"/>, which tracks the changes and counts what was rejected
    /// or clamped.
    /// </summary>
    internal SampleOutcome WriteSampleOnWorker(int row, ReadOnlySpan<float> input, ReadOnlySpan<float> target)
    {
        var finite = AllFinite(input) && AllFinite(target);
        if (!finite && Options.NonFiniteSamples == NonFiniteSamplePolicy.Reject)
        {
            return SampleOutcome.Rejected;
        }

        var samples = _rows.Samples;
        var ringRow = samples.Push(row, input, target);
        if (finite)
        {
            return SampleOutcome.Stored;
        }

        // Clamped in the ring itself, so no thread needs scratch of the cohort's.
        Clamp(samples.Inputs.Slice((long)ringRow * Spec.InputSize, Spec.InputSize), Options.SampleClampLimit);
        Clamp(samples.Targets.Slice((long)ringRow * Spec.OutputSize, Spec.OutputSize), Options.SampleClampLimit);
        return SampleOutcome.Clamped;
    }

    /// <summary>
    /// Ends a batch of <see cref="WriteSampleOnWorker"/> calls: the newest
    /// <paramref name="written"/>[i] samples of each row <paramref name="rows"/>[i] are new to
    /// the backend, and <paramref name="rejected"/> and <paramref name="clamped"/> samples
    /// count as <see cref="AddSample"/>'s would (the first rejection is logged).
    /// </summary>
    internal void FinishSampleBatch(ReadOnlySpan<int> rows, ReadOnlySpan<int> written, long rejected, long clamped)
    {
        var samples = _rows.Samples;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            for (var age = Math.Min(written[i], samples.RingCapacity) - 1; age >= 0; age--)
            {
                _changes.MarkSample((row * samples.RingCapacity) + samples.PositionOfRecent(row, age));
            }
        }

        if (rejected > 0 && RejectedSamples == 0)
        {
            Log($"Engine.Neural: {Spec} cohort rejected a sample holding NaN or infinity; later ones are only counted (BrainCohort.RejectedSamples).");
        }

        RejectedSamples += rejected;
        ClampedSamples += clamped;
    }

    /// <summary>Copies the agent's parameters out (flat layout: per layer W then b).</summary>
    public void GetParameters(AgentHandle agent, Span<float> destination)
    {
        using var use = Enter();
        var set = IsShared ? ZeroAfterCheck(agent) : RowOf(agent);
        if (destination.Length != ParameterCount)
        {
            throw new ArgumentException($"BrainCohort: {Spec} has {ParameterCount} parameters, the destination holds {destination.Length}.", nameof(destination));
        }

        _backend.SyncHost();
        _rows.Parameters.Read(set, destination);
    }

    /// <summary>Replaces the agent's parameters (shared mode: the shared set); keeps optimiser state.</summary>
    /// <exception cref="ArgumentException">Wrong length, or a value that is not finite.</exception>
    public void SetParameters(AgentHandle agent, ReadOnlySpan<float> parameters)
    {
        using var use = Enter();
        var set = IsShared ? ZeroAfterCheck(agent) : RowOf(agent);
        CheckParameters(parameters);
        HostWillChange();
        _rows.Parameters.Write(set, parameters);
    }

    /// <summary>
    /// Moves the cohort to <paramref name="backend"/>, parameters and optimiser state intact
    /// (the old backend's copy is downloaded first). From now on the cohort owns it and
    /// disposes it. See <see cref="ICohortBackend"/> for what a backend must do.
    /// </summary>
    public void UseBackend(ICohortBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        using var use = Enter();
        _backend.Use(backend);
    }

    /// <summary>
    /// Moves the cohort back to the CPU kernels (from OpenCL, say): the device's parameters,
    /// optimiser state and samples are downloaded first, so learning goes on exactly where it
    /// was. Does nothing when the cohort already runs on the CPU.
    /// </summary>
    public void UseCpu()
    {
        using var use = Enter();
        if (_backend.Current != _backend.Cpu)
        {
            _backend.Use(null);
        }
    }

    /// <summary>Runs every agent's brain on its input row, writing its output row. One batch.</summary>
    public void Forward()
    {
        using var use = Enter();
        ThrowIfDisposed();
        if (Count > 0)
        {
            _backend.Forward();
        }
    }

    /// <summary>
    /// One training step for the whole cohort: every learning agent with samples draws its
    /// mini-batch and takes one optimiser step on its own weights (shared mode: one step of the
    /// shared weights on a batch drawn from every agent's samples).
    /// </summary>
    /// <returns>How many parameter sets were updated.</returns>
    /// <exception cref="InvalidOperationException">The spec cannot be trained (step activation), or another thread is using the cohort.</exception>
    public int TrainStep()
    {
        using var use = Enter();
        ThrowIfDisposed();
        Spec.EnsureTrainable();
        if (Count == 0)
        {
            return 0;
        }

        // Creating optimiser state writes the host copy: a device ahead of it comes home first.
        if (!_rows.Parameters.HasState(_settings.Optimizer))
        {
            HostWillChange();
        }

        if (_policy.Prepare(_settings) == 0)
        {
            return 0;
        }

        _backend.TrainStep(_policy.Step);
        return _policy.Settle();
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
        while (true)
        {
            var before = Stopwatch.GetTimestamp();
            TrainStep();
            steps++;
            var now = Stopwatch.GetTimestamp();
            var lastStep = Stopwatch.GetElapsedTime(before, now).TotalMilliseconds;
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
            _backend.Dispose();
        }
    }

    /// <summary>
    /// Makes the host copy exact and tells the backend the host is about to rewrite rows,
    /// parameters or optimiser state (save files restoring, say).
    /// </summary>
    internal void HostWillChange()
    {
        _backend.SyncHost();
        _changes.MarkAll();
    }

    /// <summary>Makes the host copy exact, for readers of every parameter at once such as save files.</summary>
    internal void SyncHost() => _backend.SyncHost();

    /// <summary>Restores the cohort-wide state a save holds (settings bypass the trainable check: a step cohort still has settings).</summary>
    internal void RestoreCohortState(TrainingSettings settings, ulong agentsCreated, long rejected, long clamped)
    {
        _settings = settings;
        AgentsCreated = agentsCreated;
        RejectedSamples = rejected;
        ClampedSamples = clamped;
        _changes.MarkAll();
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

    private int ZeroAfterCheck(AgentHandle agent)
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

    private AgentHandle AddRow()
    {
        ThrowIfDisposed();
        HostWillChange();
        var capacity = _rows.Table.Capacity;
        var handle = _rows.Add();
        _rows.Table.Get(CohortRows.Random)[Count - 1] = DeterministicRandom.ForStream(Options.Seed, AgentsCreated++);
        if (_rows.Table.Capacity != capacity)
        {
            _changes.Grow(_rows.Table.Capacity);
        }

        return handle;
    }

    private void InitializeSet(int set)
    {
        // Every agent's initial brain has its own stream of the cohort's seed.
        var random = DeterministicRandom.ForStream(Options.Seed ^ 0x1A17, AgentsCreated);
        ParameterInitializer.Fill<float>(Spec, Options.Init, ref random, _initScratch);
        _rows.Parameters.Write(set, _initScratch);
        _rows.Parameters.ResetState(set);
    }

    /// <summary>
    /// Claims the cohort for the calling thread for one public call; a call from a second
    /// thread while the first is inside throws, instead of corrupting rows or parameters.
    /// Re-entry on the same thread is allowed.
    /// </summary>
    private UseScope Enter()
    {
        var me = Environment.CurrentManagedThreadId;
        var owner = Interlocked.CompareExchange(ref _owner, me, 0);
        if (owner == 0)
        {
            return new UseScope(this);
        }

        if (owner == me)
        {
            return default;
        }

        throw new InvalidOperationException($"BrainCohort: {Spec} cohort is in use on another thread (managed thread {owner}); a cohort is used by one thread at a time. Give each thread its own cohorts, or call them in turn.");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    internal readonly struct UseScope(BrainCohort? cohort) : IDisposable
    {
        public void Dispose()
        {
            if (cohort is not null)
            {
                Volatile.Write(ref cohort._owner, 0);
            }
        }
    }
}
