using Engine.Neural.Backends;
using Engine.Neural.Cpu;

namespace Engine.Neural;

/// <summary>
/// Every decision of a training step, written once for every backend: which parameter sets
/// learn, which samples form each batch, the optimiser's step counts and bias corrections, and
/// what a divergent step does (counted, damped, its Adam step not counted). The backend only
/// computes the step this prepares, then <see cref="Settle"/> applies its outcome.
/// </summary>
internal sealed class CohortPolicy
{
    private const int RowsPerTile = 256;

    private readonly CohortRows _rows;
    private readonly CohortOptions _options;
    private readonly WorkerPool _pool;
    private readonly PrepareJob _prepare;
    private DeterministicRandom _sharedRandom;
    private long _divergenceEvents;

    public CohortPolicy(CohortRows rows, CohortOptions options, WorkerPool pool)
    {
        _rows = rows;
        _options = options;
        _pool = pool;
        _sharedRandom = DeterministicRandom.ForStream(options.Seed, ulong.MaxValue);
        _prepare = new PrepareJob(this);
    }

    /// <summary>
    /// Each divergence multiplies the learning-rate damping by this (so the effective learning
    /// rate halves every time a set diverges).
    /// </summary>
    public const float DampingFactor = 0.5f;

    /// <summary>The step being prepared or run.</summary>
    public TrainStepView Step { get; } = new();

    /// <summary>The generator of shared-mode batch draws.</summary>
    public ref DeterministicRandom SharedRandom => ref _sharedRandom;

    /// <summary>The shared set's learning-rate damping (shared mode).</summary>
    public float SharedDamping { get; set; } = 1f;

    /// <summary>The shared set's divergences (shared mode).</summary>
    public int SharedDivergences { get; set; }

    /// <summary>Divergent steps so far, all sets together.</summary>
    public long DivergenceEvents
    {
        get => _divergenceEvents;
        set => _divergenceEvents = value;
    }

    private bool Shared => _options.SharedParameters;

    /// <summary>
    /// Decides the step for <paramref name="settings"/>: batches, learning rates, Adam
    /// corrections (counting the step for every set that learns). Returns how many sets learn.
    /// </summary>
    public int Prepare(TrainingSettings settings)
    {
        _rows.Parameters.EnsureState(settings.Optimizer);
        var sets = Shared ? 1 : _rows.Count;
        Step.Begin(settings, sets);
        if (Shared)
        {
            return PrepareShared(settings) ? 1 : 0;
        }

        _prepare.Settings = settings;
        _pool.Run(_prepare, (sets + RowsPerTile - 1) / RowsPerTile);
        var learning = 0;
        foreach (var n in Step.BatchLengths)
        {
            learning += n > 0 ? 1 : 0;
        }

        return learning;
    }

    /// <summary>
    /// Applies the outcome the backend wrote: each set's loss, and for every set whose step did
    /// not stand a divergence (damped, counted, its Adam step taken back). Returns how many
    /// sets' steps stood.
    /// </summary>
    public int Settle()
    {
        var step = Step;
        var lengths = step.BatchLengths;
        var statuses = step.Statuses;
        var losses = step.Losses;
        var lastLoss = _rows.Table.Get(CohortRows.LastLoss);
        var adamSteps = _rows.Parameters.AdamSteps;
        var adam = step.Settings.Optimizer == OptimizerKind.Adam;
        var stood = 0;
        for (var s = 0; s < step.Sets; s++)
        {
            if (lengths[s] == 0)
            {
                continue;
            }

            lastLoss[s] = losses[s];
            if (statuses[s] == StepStatus.Stood)
            {
                stood++;
                continue;
            }

            RecordDivergence(s);
            if (adam)
            {
                adamSteps[s]--;
            }
        }

        return stood;
    }

    /// <summary>The damping of parameter set <paramref name="set"/>.</summary>
    public float DampingOf(int set) => Shared ? SharedDamping : _rows.Table.Get(CohortRows.Damping)[set];

    private void RecordDivergence(int set)
    {
        if (Shared)
        {
            SharedDamping *= DampingFactor;
            SharedDivergences++;
        }
        else
        {
            _rows.Table.Get(CohortRows.Damping)[set] *= DampingFactor;
            _rows.Table.Get(CohortRows.Divergences)[set]++;
        }

        _divergenceEvents++;
    }

    /// <summary>Learning rate and Adam corrections of set <paramref name="set"/>, counting its step.</summary>
    private void Coefficients(TrainingSettings settings, int set, float scale)
    {
        var step = Step;
        step.WritableLearningRates[set] = (float)settings.LearningRate * (scale * DampingOf(set));
        step.WritableFirstCorrections[set] = 1f;
        step.WritableSecondCorrections[set] = 1f;
        if (settings.Optimizer == OptimizerKind.Adam)
        {
            // In double, from the set's own step count: every backend gets the same floats.
            var t = ++_rows.Parameters.AdamSteps[set];
            step.WritableFirstCorrections[set] = (float)(1.0 / (1.0 - Math.Pow(settings.Beta1, t)));
            step.WritableSecondCorrections[set] = (float)(1.0 / (1.0 - Math.Pow(settings.Beta2, t)));
        }
    }

    /// <summary>One row's batch: ring rows of its own samples, drawn by its own generator.</summary>
    private int ChooseBatch(int row, int size, Span<int> ringRows)
    {
        var samples = _rows.Samples;
        var available = samples.Counts[row];
        var ringStart = row * samples.RingCapacity;
        if (_options.Sampling == BatchSampling.Latest)
        {
            var batch = Math.Min(size, available);
            for (var s = 0; s < batch; s++)
            {
                ringRows[s] = ringStart + samples.PositionOfRecent(row, batch - 1 - s);
            }

            return batch;
        }

        // Ring positions 0..available-1 all hold samples (a ring fills from 0 before wrapping).
        ref var random = ref _rows.Table.Get(CohortRows.Random)[row];
        for (var s = 0; s < size; s++)
        {
            ringRows[s] = ringStart + random.NextInt(available);
        }

        return size;
    }

    /// <summary>Shared mode: one batch for the one set, each draw uniform over every learning row's samples.</summary>
    private bool PrepareShared(TrainingSettings settings)
    {
        var step = Step;
        var samples = _rows.Samples;
        var learning = _rows.Table.Get(CohortRows.Learning);
        var total = 0;
        for (var row = 0; row < _rows.Count; row++)
        {
            total += learning[row] ? samples.Counts[row] : 0;
        }

        if (total == 0)
        {
            step.WritableBatchLengths[0] = 0;
            return false;
        }

        var batch = settings.BatchSize;
        var ringRows = step.WritableSampleRows;
        for (var s = 0; s < batch; s++)
        {
            var pick = _sharedRandom.NextInt(total);
            var row = 0;
            while (!learning[row] || pick >= samples.Counts[row])
            {
                pick -= learning[row] ? samples.Counts[row] : 0;
                row++;
            }

            ringRows[s] = (row * samples.RingCapacity) + pick;
        }

        step.WritableBatchLengths[0] = batch;
        Coefficients(settings, 0, 1f);
        return true;
    }

    /// <summary>Own-weights mode: every row's batch and coefficients, tiles of rows spread over the workers.</summary>
    private sealed class PrepareJob(CohortPolicy policy) : IParallelJob
    {
        public TrainingSettings Settings { get; set; } = new();

        public void Execute(int tile, int worker)
        {
            var rows = policy._rows;
            var step = policy.Step;
            var learning = rows.Table.Get(CohortRows.Learning);
            var scales = rows.Table.Get(CohortRows.LearningRateScale);
            var counts = rows.Samples.Counts;
            var size = Settings.BatchSize;
            var end = Math.Min(rows.Count, (tile + 1) * RowsPerTile);
            for (var row = tile * RowsPerTile; row < end; row++)
            {
                if (!learning[row] || counts[row] == 0)
                {
                    step.WritableBatchLengths[row] = 0;
                    continue;
                }

                step.WritableBatchLengths[row] = policy.ChooseBatch(row, size, step.WritableSampleRows.Slice(row * size, size));
                policy.Coefficients(Settings, row, scales[row]);
            }
        }
    }
}
