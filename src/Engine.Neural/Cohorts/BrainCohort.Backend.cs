using Engine.Neural.Cpu;

namespace Engine.Neural;

/// <content>The seam for other backends, and what they may read of the cohort.</content>
public sealed partial class BrainCohort
{
    private ICohortBackend? _backend;
    private bool _deviceAhead;

    /// <summary>
    /// Where log lines go (a backend falling back to the CPU, say). Defaults to standard error;
    /// a game points it at its own log.
    /// </summary>
    public static Action<string> Log { get; set; } = line => Console.Error.WriteLine(line);

    /// <summary>The backend computing this cohort's frames: "cpu", or another's name.</summary>
    public string BackendName => _backend?.Name ?? "cpu";

    /// <summary>Increments whenever the host changes parameters, optimiser state or rows.</summary>
    internal long HostVersion { get; private set; }

    /// <summary>Increments whenever a sample is added or a ring is cleared.</summary>
    internal long SampleVersion { get; private set; }

    internal SampleStore Samples => _samples;

    internal PinnedBuffer InputRows => _inputs;

    internal PinnedBuffer OutputRows => _outputs;

    internal bool[] LearningFlags => _learning;

    internal float[] LearningRateScales => _learningRateScale;

    internal float[] LastLosses => _lastLoss;

    /// <summary>Each row's own generator (batch draws); saved and restored with the cohort.</summary>
    internal DeterministicRandom[] AgentRandoms => _random;

    /// <summary>The generator of shared-mode batch draws.</summary>
    internal ref DeterministicRandom SharedRandom => ref _sharedRandom;

    /// <summary>Agents created so far (the seed stream of the next new brain).</summary>
    internal ulong AgentsCreated
    {
        get => _agentsCreated;
        set => _agentsCreated = value;
    }

    /// <summary>
    /// Makes the host copy exact (downloading from a device backend if it is ahead) and
    /// returns the store, for readers of every parameter at once such as save files.
    /// </summary>
    internal ParameterStore SynchronizedStore()
    {
        SyncHost();
        return _store;
    }

    /// <summary>Tells a device backend that the host rewrote parameters, state or samples.</summary>
    internal void MarkHostChanged()
    {
        HostChanged();
        SamplesChanged();
    }

    /// <summary>
    /// Moves the cohort back to the CPU kernels (from OpenCL, say): the device's parameters,
    /// optimiser state and samples are downloaded first, so learning goes on exactly where it
    /// was. Does nothing when the cohort already runs on the CPU.
    /// </summary>
    public void UseCpu()
    {
        if (_backend is not null)
        {
            UseBackend(null);
        }
    }

    /// <summary>
    /// Moves the cohort to <paramref name="backend"/> (null: the CPU kernels), parameters and
    /// optimiser state intact: the old backend's device copy is downloaded first.
    /// </summary>
    internal void UseBackend(ICohortBackend? backend)
    {
        SyncHost();
        _backend?.Dispose();
        _backend = backend;
        HostVersion++;
    }

    /// <summary>
    /// Picks one agent's mini-batch: ring positions into <paramref name="positions"/> (at
    /// least <see cref="TrainingSettings.BatchSize"/> long); returns the batch size.
    /// Advances the agent's own generator, so every backend draws the same batches.
    /// </summary>
    internal int ChooseBatch(int slot, Span<int> positions)
    {
        var available = _samples.Counts[slot];
        var size = _settings.BatchSize;
        if (Options.Sampling == BatchSampling.Latest)
        {
            var batch = Math.Min(size, available);
            for (var s = 0; s < batch; s++)
            {
                positions[s] = _samples.PositionOfRecent(slot, batch - 1 - s);
            }

            return batch;
        }

        // Ring positions 0..available-1 all hold samples (a ring fills from 0 before wrapping).
        ref var random = ref _random[slot];
        for (var s = 0; s < size; s++)
        {
            positions[s] = random.NextInt(available);
        }

        return size;
    }

    /// <summary>Makes the host copy exact before the host reads or changes parameters.</summary>
    private void SyncHost()
    {
        if (_backend is null || !_deviceAhead)
        {
            return;
        }

        try
        {
            _backend.Download(this);
            _deviceAhead = false;
        }
        catch (Exception e)
        {
            FallBack(e, "download");
        }
    }

    private void HostChanged() => HostVersion++;

    private void SamplesChanged() => SampleVersion++;

    /// <summary>Runs the frame on the backend; on any failure, falls back to the CPU.</summary>
    private bool TryBackendForward()
    {
        if (_backend is null)
        {
            return false;
        }

        try
        {
            _backend.Forward(this);
            return true;
        }
        catch (Exception e)
        {
            FallBack(e, "forward");
            return false;
        }
    }

    private bool TryBackendTrainStep(out int trained)
    {
        trained = 0;
        if (_backend is null)
        {
            return false;
        }

        try
        {
            trained = _backend.TrainStep(this, _settings);
            _deviceAhead = true;
            return true;
        }
        catch (Exception e)
        {
            FallBack(e, "training step");
            return false;
        }
    }

    private void FallBack(Exception error, string during)
    {
        var backend = _backend!;
        _backend = null;
        var kept = "its last downloaded parameters";
        try
        {
            if (_deviceAhead)
            {
                backend.Download(this);
                kept = "its current parameters (downloaded)";
            }
        }
        catch (Exception)
        {
            // The device is gone: the host copy from the last download is the last good one.
        }

        _deviceAhead = false;
        HostVersion++;
        try
        {
            backend.Dispose();
        }
        catch (Exception)
        {
            // Disposing a broken device must not take the game down either.
        }

        Log($"Engine.Neural: {Spec} cohort: the {backend.Name} backend failed during {during} ({error.GetType().Name}: {error.Message}); continuing on the CPU with {kept}.");
    }
}
