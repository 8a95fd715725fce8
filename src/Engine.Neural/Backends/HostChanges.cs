namespace Engine.Neural.Backends;

/// <summary>
/// What the host changed since a backend's last call: the one mechanism by which a device
/// mirror stays exact. The cohort records every change here and clears it after each backend
/// call that returns.
/// </summary>
public sealed class HostChanges
{
    private int[] _newSamples;

    internal HostChanges(int capacity)
    {
        _newSamples = new int[LogLength(capacity)];
        MarkAll();
    }

    /// <summary>
    /// Rows were added, removed or reordered, or parameters or optimiser state were written
    /// (or a kind of state was created): upload parameters and every kind of state the cohort
    /// has, for rows 0 to <see cref="CohortView.Count"/> - 1, and the rings.
    /// </summary>
    public bool Parameters { get; private set; }

    /// <summary>Sample rings were rewritten beyond what <see cref="NewSamples"/> lists: upload them whole.</summary>
    public bool Rings { get; private set; }

    /// <summary>
    /// Ring rows (<c>row * RingCapacity + position</c>, into <see cref="CohortView.RingInputs"/>)
    /// written since the last call, oldest first, when <see cref="Rings"/> is false. A row may
    /// appear more than once; the host ring holds its newest sample.
    /// </summary>
    public ReadOnlySpan<int> NewSamples => _newSamples.AsSpan(0, NewSampleCount);

    /// <summary>True when anything at all changed.</summary>
    public bool Any => Parameters || Rings || NewSampleCount > 0;

    private int NewSampleCount { get; set; }

    internal void MarkAll()
    {
        Parameters = true;
        Rings = true;
        NewSampleCount = 0;
    }

    internal void MarkParameters() => Parameters = true;

    internal void MarkRings()
    {
        Rings = true;
        NewSampleCount = 0;
    }

    internal void MarkSample(int ringRow)
    {
        if (Rings)
        {
            return;
        }

        if (NewSampleCount == _newSamples.Length)
        {
            // More than a few frames of pushes: uploading the rings whole is as cheap.
            MarkRings();
            return;
        }

        _newSamples[NewSampleCount++] = ringRow;
    }

    internal void Grow(int capacity)
    {
        if (LogLength(capacity) > _newSamples.Length)
        {
            _newSamples = new int[LogLength(capacity)];
        }

        MarkAll();
    }

    internal void Clear()
    {
        Parameters = false;
        Rings = false;
        NewSampleCount = 0;
    }

    // Room for a few frames of one sample per agent.
    private static int LogLength(int capacity) => Math.Max(1024, 4 * capacity);
}
