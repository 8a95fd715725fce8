namespace Engine.Neural;

/// <content>What save files read and restore of the cohort's private bookkeeping.</content>
public sealed partial class BrainCohort
{
    /// <summary>Agent ids handed out so far (free ones included).</summary>
    internal int NextAgentId => _nextId;

    /// <summary>Version per agent id, ids 0 to <see cref="NextAgentId"/> - 1.</summary>
    internal ReadOnlySpan<int> AgentVersions => _versionOfId.AsSpan(0, _nextId);

    /// <summary>Ids waiting for reuse, in the order they will be reused (last first).</summary>
    internal ReadOnlySpan<int> FreeAgentIds => _freeIds.AsSpan(0, _freeCount);

    /// <summary>Agent id per row.</summary>
    internal ReadOnlySpan<int> AgentIdsByRow => _idOfSlot.AsSpan(0, Count);

    /// <summary>Per row, the learning-rate damping divergences left (1 until the first).</summary>
    internal float[] Dampings => _damping;

    /// <summary>Per row, how often its steps diverged.</summary>
    internal int[] DivergenceCounts => _divergences;

    /// <summary>The shared set's damping and divergence count (shared mode).</summary>
    internal (float Damping, int Divergences) SharedDivergence => (_sharedDamping, _sharedDivergences);

    /// <summary>
    /// Replaces the handle table with a saved one: <paramref name="count"/> rows, ids in
    /// <paramref name="idOfSlot"/>, so that handles taken before the save work after the load.
    /// Input and output rows are cleared (a frame rewrites them); parameters and rows are the
    /// caller's to fill. The caller has validated the table.
    /// </summary>
    internal void RestoreAgents(int count, ReadOnlySpan<int> versions, ReadOnlySpan<int> freeIds, ReadOnlySpan<int> idOfSlot)
    {
        SyncHost();
        HostChanged();
        SamplesChanged();
        EnsureCapacity(Math.Max(count, versions.Length));
        Array.Fill(_slotOfId, -1);
        Array.Clear(_versionOfId);
        versions.CopyTo(_versionOfId);
        freeIds.CopyTo(_freeIds);
        _freeCount = freeIds.Length;
        _nextId = versions.Length;
        for (var slot = 0; slot < count; slot++)
        {
            _idOfSlot[slot] = idOfSlot[slot];
            _slotOfId[idOfSlot[slot]] = slot;
        }

        Count = count;
        _inputs.Slice(0, count * Spec.InputSize).Clear();
        _outputs.Slice(0, count * Spec.OutputSize).Clear();
    }

    /// <summary>
    /// Restores the cohort-wide state a save holds. Settings are set directly because the public
    /// setter refuses any change on a step (untrainable) cohort, which still has settings.
    /// </summary>
    internal void RestoreCohortState(TrainingSettings settings, DeterministicRandom sharedRandom, ulong agentsCreated, CohortCounters counters)
    {
        _settings = settings;
        _sharedRandom = sharedRandom;
        _agentsCreated = agentsCreated;
        RejectedSamples = counters.RejectedSamples;
        ClampedSamples = counters.ClampedSamples;
        _divergenceEvents = counters.DivergenceEvents;
        _sharedDamping = counters.SharedDamping;
        _sharedDivergences = counters.SharedDivergences;
    }

    /// <summary>The cohort's counters and shared-mode divergence state, as a save holds them.</summary>
    internal CohortCounters Counters => new(RejectedSamples, ClampedSamples, DivergenceEvents, _sharedDamping, _sharedDivergences);
}

/// <summary>A cohort's counters and shared-mode divergence state, saved and restored together.</summary>
internal readonly record struct CohortCounters(long RejectedSamples, long ClampedSamples, long DivergenceEvents, float SharedDamping, int SharedDivergences);
