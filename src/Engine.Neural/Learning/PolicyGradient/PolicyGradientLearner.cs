using System.Globalization;
using Engine.Neural.Cpu;

namespace Engine.Neural.Learning;

/// <summary>
/// Teaches a cohort's agents from rewards: each agent acts by sampling its own policy, the game
/// rewards it and says when its episode ends, and the agent learns from its own trajectory by
/// policy gradient (REINFORCE with a baseline, or actor-critic with a value cohort and GAE),
/// through the cohort's ordinary batched training step.
/// </summary>
/// <remarks>
/// <para>
/// A frame: write observations into <see cref="BrainCohort.Inputs"/>, call <see cref="Act"/>,
/// read <see cref="Action"/>, play it, then <see cref="Reward"/> and, when an episode is over,
/// <see cref="EndEpisode(AgentHandle, EpisodeEnd)"/>. Agents whose episode ended (or who
/// collected <see cref="PolicyGradientOptions.UpdateEvery"/> steps) learn at the start of the
/// next <see cref="Act"/>, all in one <see cref="BrainCohort.TrainStep"/>, before anyone acts
/// again: so every trajectory was acted with the parameters it is learned with.
/// </para>
/// <para>
/// The learner owns the cohort's sample rings and learning flags (see
/// <see cref="Policy.SurrogateTarget"/> for how a policy gradient becomes one training step).
/// Remove agents through <see cref="Remove"/>, which keeps the learner's rows aligned with the
/// cohort's; agents added to the cohort are picked up by the next <see cref="Act"/>.
/// Trajectories are per agent; nothing here allocates once every agent has been seen.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var pg = new PolicyGradientOptions { Discount = 0.99 };
/// using var cohort = new BrainCohort(spec, pg.CohortOptionsFor(new CohortOptions { Seed = 1, Training = adam }));
/// using var learner = new PolicyGradientLearner(cohort, DiscretePolicy.Instance, pg);
/// // every frame, for every agent: sense, act, reward
/// learner.Act();
/// int move = (int)learner.Action(agent)[0];
/// learner.Reward(agent, 1f);
/// if (fell) learner.EndEpisode(agent, EpisodeEnd.Terminal);
/// </code>
/// </example>
public sealed partial class PolicyGradientLearner : IDisposable
{
    private readonly BrainCohort _cohort;
    private readonly BrainCohort? _values;
    private readonly int _inputs;
    private readonly int _outputs;
    private readonly int _actionSize;
    private readonly int _length;
    private readonly int _logStdSize;

    // Trajectories, [row][step][record]: one step's record is observation, outputs, action,
    // log-probability, reward and value side by side, so that recording a step of every agent
    // touches one cache line per agent rather than one per field.
    private readonly RowBuffer<float> _trajectory;
    private readonly int _record;
    private readonly int _outputAt;
    private readonly int _actionAt;
    private readonly int _logProbabilityAt;
    private readonly int _rewardAt;
    private readonly int _valueAt;

    // Per agent. Rewards for the last action wait here, one float per agent side by side, and
    // are added to its record when it next acts or learns, on the worker that touches that
    // record anyway: the game's reward calls then write one dense array, not a cache line a
    // trajectory apart per agent (which the act had left in the other core's cache).
    private readonly RowBuffer<float> _pendingReward;
    private readonly RowBuffer<int> _steps;
    private readonly RowBuffer<byte> _ending;
    private readonly RowBuffer<float> _finalObservation;
    private readonly RowBuffer<float> _bootstrap;
    private readonly RowBuffer<float> _currentValue;
    private readonly RowBuffer<float> _currentAction;
    private readonly RowBuffer<float> _baseline;
    private readonly RowBuffer<float> _logStd;
    private readonly RowBuffer<float> _logStdFirst;
    private readonly RowBuffer<float> _logStdSecond;
    private readonly RowBuffer<int> _logStdSteps;
    private readonly RowBuffer<DeterministicRandom> _random;
    private readonly RowBuffer<int> _updatedRows;
    private readonly RowBuffer<int> _written;
    private readonly RowBuffer<int> _valueWritten;
    private readonly IRowBuffer[] _rowBuffers;

    // Scratch of one step's numbers, one set per worker thread.
    private readonly WorkerPool _pool;
    private readonly StepScratch[] _scratch;
    private readonly ActJob _actJob;
    private readonly LearnJob _learnJob;

    private int _rows;
    private ulong _agentsSeen;
    private bool _disposed;

    /// <summary>Starts teaching <paramref name="cohort"/>'s agents with <paramref name="policy"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The spec's output does not fit the policy, the cohort is shared, or its sampling, rings
    /// or batch size cannot hold a trajectory (<see cref="PolicyGradientOptions.CohortOptionsFor"/> gives fitting options).
    /// </exception>
    public PolicyGradientLearner(BrainCohort cohort, Policy policy, PolicyGradientOptions? options = null)
        : this(cohort, policy, options, WorkerPool.Shared)
    {
    }

    /// <summary>Starts teaching on <paramref name="pool"/>'s threads (tests compare pools of different sizes).</summary>
    internal PolicyGradientLearner(BrainCohort cohort, Policy policy, PolicyGradientOptions? options, WorkerPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pool = pool;
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(policy);
        Options = (options ?? new PolicyGradientOptions()).Validate();
        policy.Validate(cohort.Spec);
        if (cohort.IsShared)
        {
            throw new ArgumentException("PolicyGradientLearner: a shared cohort mixes every agent's samples in one batch; each agent must learn from its own trajectory.", nameof(cohort));
        }

        _length = Options.TrajectoryLength;
        if (cohort.Options.Sampling != BatchSampling.Latest || cohort.Options.SampleCapacity < _length)
        {
            throw new ArgumentException(
                $"PolicyGradientLearner: the cohort must learn from the latest samples (BatchSampling.Latest) with rings of at least {_length} samples, it has {cohort.Options.Sampling} and {cohort.Options.SampleCapacity}; use PolicyGradientOptions.CohortOptionsFor.",
                nameof(cohort));
        }

        _cohort = cohort;
        Policy = policy;
        CheckBatchSize();
        _inputs = cohort.Spec.InputSize;
        _outputs = cohort.Spec.OutputSize;
        _actionSize = policy.ActionSize(_outputs);
        _logStdSize = policy.HasLogStd ? _outputs : 0;
        var capacity = Math.Max(1, cohort.Count);
        _outputAt = _inputs;
        _actionAt = _outputAt + _outputs;
        _logProbabilityAt = _actionAt + _actionSize;
        _rewardAt = _logProbabilityAt + 1;
        _valueAt = _rewardAt + 1;
        _record = _valueAt + 1;
        _trajectory = new RowBuffer<float>(_length * _record, capacity);
        _pendingReward = new RowBuffer<float>(1, capacity);
        _steps = new RowBuffer<int>(1, capacity);
        _ending = new RowBuffer<byte>(1, capacity);
        _finalObservation = new RowBuffer<float>(_inputs, capacity);
        _bootstrap = new RowBuffer<float>(1, capacity);
        _currentValue = new RowBuffer<float>(1, capacity);
        _currentAction = new RowBuffer<float>(_actionSize, capacity);
        _baseline = new RowBuffer<float>(1, capacity);
        _logStd = new RowBuffer<float>(_logStdSize, capacity);
        _logStdFirst = new RowBuffer<float>(_logStdSize, capacity);
        _logStdSecond = new RowBuffer<float>(_logStdSize, capacity);
        _logStdSteps = new RowBuffer<int>(1, capacity);
        _random = new RowBuffer<DeterministicRandom>(1, capacity);
        _updatedRows = new RowBuffer<int>(1, capacity);
        _rowBuffers =
        [
            _trajectory, _pendingReward, _steps, _ending,
            _finalObservation, _bootstrap, _currentValue, _currentAction, _baseline, _logStd, _logStdFirst,
            _logStdSecond, _logStdSteps, _random,
        ];
        _written = new RowBuffer<int>(1, capacity);
        _valueWritten = new RowBuffer<int>(1, capacity);
        _scratch = new StepScratch[pool.WorkerCount];
        for (var w = 0; w < _scratch.Length; w++)
        {
            _scratch[w] = new StepScratch(_outputs, _logStdSize, _length);
        }

        _actJob = new ActJob(this);
        _learnJob = new LearnJob(this);
        if (Options.Baseline == BaselineKind.ValueCohort)
        {
            var valueSpec = new BrainSpec(_inputs, Options.ValueHidden, new LayerSpec(1, Activation.Identity), Loss.Quadratic);
            _values = new BrainCohort(valueSpec, Options.CohortOptionsFor(new CohortOptions
            {
                Seed = Options.Seed ^ 0x7A1E,
                InitialCapacity = capacity,
                Training = Options.ValueTraining,
            }));
        }

        SyncRows();
    }

    /// <summary>The learner's settings.</summary>
    public PolicyGradientOptions Options { get; }

    /// <summary>The policy the agents act by.</summary>
    public Policy Policy { get; }

    /// <summary>The cohort whose agents learn.</summary>
    public BrainCohort Cohort => _cohort;

    /// <summary>The value brains (one per agent, same rows) when the baseline is <see cref="BaselineKind.ValueCohort"/>.</summary>
    public BrainCohort? ValueCohort => _values;

    /// <summary>Floats per action (<see cref="Policy.ActionSize"/>).</summary>
    public int ActionSize => _actionSize;

    /// <summary>Rewards rejected by <see cref="Reward"/> for being NaN or infinite.</summary>
    public long RejectedRewards { get; private set; }

    /// <summary>Agent updates (one per agent per trajectory learned) so far.</summary>
    public long Updates { get; private set; }

    /// <summary>Every agent's action from the last <see cref="Act"/>, <c>[Count x ActionSize]</c>, row = <see cref="BrainCohort.RowOf"/>.</summary>
    public ReadOnlySpan<float> Actions => _currentAction.Values.AsSpan(0, _rows * _actionSize);

    /// <summary>The agent's action from the last <see cref="Act"/> (a discrete policy's is the index, as a float).</summary>
    public ReadOnlySpan<float> Action(AgentHandle agent) => _currentAction.Row(_cohort.RowOf(agent));

    /// <summary>The log-probability (log-density) of the agent's last action.</summary>
    public float LogProbability(AgentHandle agent)
    {
        var row = _cohort.RowOf(agent);
        var t = _steps.At(row);
        return t == 0 ? float.NaN : _trajectory.At(row, ((t - 1) * _record) + _logProbabilityAt);
    }

    /// <summary>The agent's log standard deviations (Gaussian policy; empty otherwise).</summary>
    public ReadOnlySpan<float> LogStd(AgentHandle agent) => _logStd.Row(_cohort.RowOf(agent));

    /// <summary>The agent's running-mean baseline.</summary>
    public float Baseline(AgentHandle agent) => _baseline.At(_cohort.RowOf(agent));

    /// <summary>Steps in the agent's current trajectory (since it last learned).</summary>
    public int TrajectorySteps(AgentHandle agent) => _steps.At(_cohort.RowOf(agent));

    /// <summary>
    /// Lets every agent due to learn do so (one batched training step), then runs every
    /// agent's brain on its input row and samples its action from its own generator,
    /// recording observation, action and log-probability in its trajectory.
    /// </summary>
    public void Act()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        SyncRows();
        CheckBatchSize();
        if (_values != null)
        {
            EvaluateValues();
        }

        LearnDueAgents();
        _cohort.Forward();
        _pool.Run(_actJob, TileCount(_rows, ActTileRows));
    }

    /// <summary>Rewards the agent for its last action (rewards given twice for one action add up).</summary>
    /// <returns>False when the reward was NaN or infinite: rejected and counted in <see cref="RejectedRewards"/>.</returns>
    /// <exception cref="InvalidOperationException">The agent has not acted since it last learned.</exception>
    public bool Reward(AgentHandle agent, float reward)
    {
        var row = _cohort.RowOf(agent);
        LastStep(row, "rewarded");
        if (!float.IsFinite(reward))
        {
            if (RejectedRewards++ == 0)
            {
                BrainCohort.Log($"Engine.Neural: a policy-gradient learner rejected a reward of {reward.ToString(CultureInfo.InvariantCulture)}; later ones are only counted (PolicyGradientLearner.RejectedRewards).");
            }

            return false;
        }

        _pendingReward.At(row) += reward;
        return true;
    }

    /// <summary>
    /// Ends the agent's episode; a <see cref="EpisodeEnd.TimeLimit"/> bootstraps from the
    /// running-mean baseline (with a value cohort, give the final observation instead).
    /// </summary>
    /// <exception cref="InvalidOperationException">The agent has not acted since it last learned.</exception>
    public void EndEpisode(AgentHandle agent, EpisodeEnd end) => EndEpisode(agent, end, default);

    /// <summary>
    /// Ends the agent's episode. A <see cref="EpisodeEnd.TimeLimit"/> bootstraps from the value
    /// of <paramref name="finalObservation"/> (the state the limit cut off; with a value
    /// cohort) or from the baseline; a <see cref="EpisodeEnd.Terminal"/> end ignores it.
    /// </summary>
    /// <exception cref="ArgumentException">A final observation of the wrong length.</exception>
    /// <exception cref="InvalidOperationException">The agent has not acted since it last learned.</exception>
    public void EndEpisode(AgentHandle agent, EpisodeEnd end, ReadOnlySpan<float> finalObservation)
    {
        var row = _cohort.RowOf(agent);
        LastStep(row, "ended");
        if (end == EpisodeEnd.TimeLimit && _values != null)
        {
            if (finalObservation.Length != _inputs)
            {
                throw new ArgumentException($"PolicyGradientLearner: with a value cohort a time-limit end needs the final observation ({_inputs} floats) to bootstrap from, got {finalObservation.Length}.", nameof(finalObservation));
            }

            finalObservation.CopyTo(_finalObservation.Row(row));
        }

        _ending.At(row) = end == EpisodeEnd.Terminal ? EndingTerminal : EndingTimeLimit;
    }

    /// <summary>Removes an agent from the cohort (and its value brain), keeping the learner's rows aligned.</summary>
    public void Remove(AgentHandle agent)
    {
        SyncRows();
        var row = _cohort.RowOf(agent);
        var last = _rows - 1;
        if (row != last)
        {
            foreach (var buffer in _rowBuffers)
            {
                buffer.Move(last, row);
            }
        }

        _values?.Remove(_values.HandleAt(row));
        _cohort.Remove(agent);
        _rows--;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _values?.Dispose();
        }
    }

    private const byte EndingNone = 0;
    private const byte EndingTerminal = 1;
    private const byte EndingTimeLimit = 2;

    private int LastStep(int row, string what)
    {
        // A row past the learner's is an agent added since the last Act: it has not acted yet.
        var t = row < _rows ? _steps.At(row) : 0;
        if (t == 0 || _ending.At(row) != EndingNone)
        {
            throw new InvalidOperationException($"PolicyGradientLearner: agent in row {row} was {what} without an action to credit: call Act first (and end an episode once).");
        }

        return t - 1;
    }

    private void CheckBatchSize()
    {
        if (_cohort.Settings.BatchSize < _length)
        {
            throw new InvalidOperationException($"PolicyGradientLearner: the cohort's batch size ({_cohort.Settings.BatchSize}) must hold a whole trajectory ({_length} steps); use PolicyGradientOptions.CohortOptionsFor.");
        }
    }

    /// <summary>Grows the learner's rows to the cohort's agents; new agents start afresh.</summary>
    private void SyncRows()
    {
        var count = _cohort.Count;
        if (count < _rows)
        {
            throw new InvalidOperationException("PolicyGradientLearner: agents were removed from the cohort directly; remove them through PolicyGradientLearner.Remove so that trajectories stay with their agents.");
        }

        if (count == _rows)
        {
            return;
        }

        foreach (var buffer in _rowBuffers)
        {
            buffer.EnsureCapacity(count);
        }

        _updatedRows.EnsureCapacity(count);
        _written.EnsureCapacity(count);
        _valueWritten.EnsureCapacity(count);
        for (var row = _rows; row < count; row++)
        {
            _steps.At(row) = 0;
            _pendingReward.At(row) = 0f;
            _ending.At(row) = EndingNone;
            _baseline.At(row) = 0f;
            _currentValue.At(row) = 0f;
            _logStd.Row(row).Fill((float)Options.InitialLogStd);
            _logStdFirst.Row(row).Clear();
            _logStdSecond.Row(row).Clear();
            _logStdSteps.At(row) = 0;
            _random.At(row) = DeterministicRandom.ForStream(Options.Seed, _agentsSeen++);
            _cohort.ClearSamples(_cohort.HandleAt(row));
            _values?.Add();
        }

        _rows = count;
    }
}
