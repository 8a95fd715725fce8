using System.Globalization;
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

    private readonly BrainSpec _spec;
    private SimdWidth? _pinned = SimdWidthChooser.Forced;
    private readonly WidthTrial _forwardTrial = new();
    private readonly WidthTrial _trainTrial = new();
    private WidthChoice? _forwardChoice;
    private string _forwardWork = "";
    private string _trainWork = "";
    private WidthChoice? _trainChoice;
    private TrainingSettings? _trainWidthSettings;
    private bool _trainWidthShared;

    public CpuBackend(BrainSpec spec, WorkerPool pool)
    {
        _spec = spec;
        _pool = pool;
        _forward = new CpuForwardJob(spec, pool);
        _train = new CpuTrainJob(spec);
    }

    /// <inheritdoc/>
    public string Name => "cpu";

    /// <summary>
    /// The vector width the forward pass runs at: the pinned one, else the one measured fastest
    /// for this spec (<see cref="WidthTuner"/>, on first use). Setting it pins every kernel to
    /// it (tests compare widths; the probe pins its own cohorts).
    /// </summary>
    public SimdWidth Width
    {
        get => _pinned ?? _forwardTrial.Current ?? SimdWidthChooser.Native;
        set => _pinned = value;
    }

    /// <summary>
    /// Trains own-weight cohorts one agent at a time (<see cref="TrainKernel{TV}"/>) instead of a
    /// vector's worth of agents at once (<see cref="InterleavedTrainKernel{TV}"/>). The two agree
    /// to rounding, not bit for bit: tests that replay files written by earlier builds use it.
    /// </summary>
    public bool PerAgentTraining
    {
        get => _train.PerAgent;
        set => _train.PerAgent = value;
    }

    /// <summary>The pinned width as the public setting, or <see cref="VectorWidth.Measured"/>.</summary>
    public VectorWidth Setting { get; private set; }

    /// <summary>Pins a width (or, with <see cref="VectorWidth.Measured"/>, goes back to measuring or to ENGINE_NEURAL_SIMD).</summary>
    public void Use(VectorWidth setting)
    {
        Setting = setting;
        _pinned = setting switch
        {
            VectorWidth.Bits128 => SimdWidth.W128,
            VectorWidth.Bits256 => SimdWidth.W256,
            VectorWidth.Bits512 => SimdWidth.W512,
            _ => SimdWidthChooser.Forced,
        };
    }

    /// <summary>The width the last training step ran at (the pinned one, else the measured one for its settings).</summary>
    public SimdWidth TrainWidth => _pinned ?? _trainTrial.Current ?? SimdWidthChooser.Native;

    /// <inheritdoc/>
    public void Forward(CohortView cohort)
    {
        var width = _pinned ?? ForwardWidth(cohort);
        _forward.Begin(cohort, width);
        _pool.Run(_forward, _forward.Tiles);
        _forwardTrial.End(cohort.Count);
    }

    /// <summary>The measured width: the probe's, settled on real calls for a large cohort (<see cref="WidthTrial"/>).</summary>
    private SimdWidth ForwardWidth(CohortView cohort)
    {
        if (_forwardChoice is null)
        {
            _forwardChoice = WidthTuner.ForwardChoice(_spec, cohort.IsShared);
            _forwardWork = string.Create(CultureInfo.InvariantCulture, $"{_spec} {(cohort.IsShared ? "shared" : "own")} forward");
        }

        // A shared cohort's one parameter set stays in cache however many rows it has: the
        // probe's choice holds for it (and its trial would end wherever a game happens to
        // evaluate it next, in a steady frame).
        return _forwardTrial.Begin(_forwardChoice, _forwardWork, cohort.IsShared ? 1 : cohort.Count);
    }

    /// <inheritdoc/>
    public void TrainStep(CohortView cohort, TrainStepView step)
    {
        var width = _pinned ?? _trainTrial.Begin(TunedTraining(cohort.IsShared, step.Settings), _trainWork, cohort.ParameterSets);
        _train.Begin(cohort, step, width, _pool.WorkerCount);
        if (cohort.IsShared)
        {
            _train.Execute(0, 0);
        }
        else
        {
            _pool.Run(_train, _train.Tiles);
        }

        if (_trainTrial.Timing)
        {
            long samples = 0;
            foreach (var length in step.BatchLengths)
            {
                samples += length;
            }

            _trainTrial.End(samples);
        }
    }

    /// <summary>The measured choice for these settings, asked again only when the batch size or optimiser changes.</summary>
    private WidthChoice TunedTraining(bool shared, TrainingSettings settings)
    {
        if (_trainChoice is not { } choice
            || _trainWidthShared != shared
            || _trainWidthSettings is not { } last
            || last.BatchSize != settings.BatchSize
            || last.Optimizer != settings.Optimizer)
        {
            choice = WidthTuner.TrainingChoice(_spec, shared, settings);
            _trainChoice = choice;
            _trainWidthSettings = settings;
            _trainWidthShared = shared;
            _trainWork = string.Create(CultureInfo.InvariantCulture, $"{_spec} {(shared ? "shared" : "own")} {settings.Optimizer} {settings.BatchSize}");
        }

        return choice;
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
