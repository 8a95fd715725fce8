using Engine.Neural.Backends;
using Engine.Neural.Cpu;

namespace Engine.Neural;

/// <summary>
/// Which backend computes a cohort's frames, and the rules around it: the host copy is made
/// exact (downloaded) before the host reads or changes parameters, changes are cleared after
/// every call that returns, and a backend that throws is dropped for the CPU with one log
/// line and the best parameters that could be kept.
/// </summary>
internal sealed class CohortBackendSlot : IDisposable
{
    private readonly BrainSpec _spec;
    private readonly CohortView _view;
    private readonly HostChanges _changes;
    private ICohortBackend? _other;
    private bool _deviceAhead;

    public CohortBackendSlot(BrainSpec spec, CohortView view, HostChanges changes, WorkerPool pool)
    {
        _spec = spec;
        _view = view;
        _changes = changes;
        Cpu = new CpuBackend(spec, pool);
    }

    /// <summary>The built-in backend, always there.</summary>
    public CpuBackend Cpu { get; }

    /// <summary>The backend computing frames now.</summary>
    public ICohortBackend Current => _other ?? Cpu;

    /// <summary>Makes the host copy exact: downloads from a backend that is ahead of it.</summary>
    public void SyncHost()
    {
        if (_other is null || !_deviceAhead)
        {
            return;
        }

        try
        {
            _other.Download(_view);
            _deviceAhead = false;
        }
        catch (Exception e)
        {
            FallBack(e, "download");
        }
    }

    /// <summary>Moves to <paramref name="backend"/> (null: the CPU), the old one's parameters downloaded first.</summary>
    public void Use(ICohortBackend? backend)
    {
        SyncHost();
        var old = _other;
        _other = backend;
        _deviceAhead = false;
        _changes.MarkAll();
        old?.Dispose();
    }

    public void Forward()
    {
        if (_other is not null)
        {
            try
            {
                _other.Forward(_view);
                _changes.Clear();
                return;
            }
            catch (Exception e)
            {
                FallBack(e, "forward");
            }
        }

        Cpu.Forward(_view);
        _changes.Clear();
    }

    public void TrainStep(TrainStepView step)
    {
        if (_other is not null)
        {
            try
            {
                _other.TrainStep(_view, step);
                _deviceAhead = true;
                _changes.Clear();
                return;
            }
            catch (Exception e)
            {
                // The step is taken again on the CPU from the parameters the fallback kept.
                FallBack(e, "training step");
                step.Statuses.Clear();
            }
        }

        Cpu.TrainStep(_view, step);
        _changes.Clear();
    }

    public void Dispose()
    {
        _other?.Dispose();
        _other = null;
        Cpu.Dispose();
    }

    private void FallBack(Exception error, string during)
    {
        var backend = _other!;
        _other = null;
        var kept = "its last downloaded parameters";
        try
        {
            if (_deviceAhead)
            {
                backend.Download(_view);
                kept = "its current parameters (downloaded)";
            }
        }
        catch (Exception)
        {
            // The device is gone: the host copy from the last download is the last good one.
        }

        _deviceAhead = false;
        _changes.MarkAll();
        try
        {
            backend.Dispose();
        }
        catch (Exception)
        {
            // Disposing a broken device must not take the game down either.
        }

        BrainCohort.Log($"Engine.Neural: {_spec} cohort: the {backend.Name} backend failed during {during} ({error.GetType().Name}: {error.Message}); continuing on the CPU with {kept}.");
    }
}
