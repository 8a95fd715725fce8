using Engine.Neural.Cpu;

namespace Engine.Neural;

/// <summary>
/// Per-agent rings of training samples: <c>inputs[slot][ring][in]</c> and
/// <c>targets[slot][ring][out]</c>. A full ring overwrites its oldest sample.
/// </summary>
internal sealed class SampleStore
{
    public SampleStore(int inputSize, int outputSize, int ringCapacity, int capacity)
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        RingCapacity = ringCapacity;
        Inputs = new PinnedBuffer((long)capacity * ringCapacity * inputSize);
        Targets = new PinnedBuffer((long)capacity * ringCapacity * outputSize);
        Counts = new int[capacity];
        Heads = new int[capacity];
        _pushLog = new int[PushLogLength(capacity)];
    }

    private int[] _pushLog;

    public int InputSize { get; }

    public int OutputSize { get; }

    public int RingCapacity { get; }

    public PinnedBuffer Inputs { get; }

    public PinnedBuffer Targets { get; }

    /// <summary>
    /// Ring rows (<c>slot * RingCapacity + position</c>) written since the last
    /// <see cref="ResetPushLog"/>: what a device mirror must copy to stay exact. Only valid
    /// while <see cref="PushLogOverflowed"/> is false.
    /// </summary>
    public ReadOnlySpan<int> PushLog => _pushLog.AsSpan(0, LoggedPushes);

    /// <summary>Pushes in <see cref="PushLog"/>.</summary>
    public int LoggedPushes { get; private set; }

    /// <summary>
    /// True when more pushes happened than the log holds, or rings moved: a mirror must copy
    /// the rings whole.
    /// </summary>
    public bool PushLogOverflowed { get; private set; }

    /// <summary>Samples held per slot (at most <see cref="RingCapacity"/>).</summary>
    public int[] Counts { get; private set; }

    /// <summary>Where the next sample goes, per slot.</summary>
    public int[] Heads { get; private set; }

    public void EnsureCapacity(int capacity)
    {
        if (capacity <= Counts.Length)
        {
            return;
        }

        var grown = Math.Max(capacity, Counts.Length * 2);
        Inputs.Resize((long)grown * RingCapacity * InputSize);
        Targets.Resize((long)grown * RingCapacity * OutputSize);
        var counts = Counts;
        var heads = Heads;
        Counts = new int[grown];
        Heads = new int[grown];
        counts.CopyTo(Counts, 0);
        heads.CopyTo(Heads, 0);
        _pushLog = new int[PushLogLength(grown)];
        PushLogOverflowed = true;
    }

    public void Push(int slot, ReadOnlySpan<float> input, ReadOnlySpan<float> target)
    {
        var head = Heads[slot];
        input.CopyTo(Inputs.Slice(((long)slot * RingCapacity + head) * InputSize, InputSize));
        target.CopyTo(Targets.Slice(((long)slot * RingCapacity + head) * OutputSize, OutputSize));
        Heads[slot] = head + 1 == RingCapacity ? 0 : head + 1;
        Counts[slot] = Math.Min(Counts[slot] + 1, RingCapacity);
        if (!PushLogOverflowed)
        {
            if (LoggedPushes == _pushLog.Length)
            {
                PushLogOverflowed = true;
            }
            else
            {
                _pushLog[LoggedPushes++] = (slot * RingCapacity) + head;
            }
        }
    }

    /// <summary>Empties the push log: the mirror is exact as of now.</summary>
    public void ResetPushLog()
    {
        LoggedPushes = 0;
        PushLogOverflowed = false;
    }

    /// <summary>
    /// Ring position of the <paramref name="age"/>-th most recent sample of a slot
    /// (0 is the newest).
    /// </summary>
    public int PositionOfRecent(int slot, int age)
    {
        var p = Heads[slot] - 1 - age;
        return p < 0 ? p + RingCapacity : p;
    }

    public void CopySlot(int from, int to)
    {
        // A moved ring is many rows at once: mirrors copy everything.
        PushLogOverflowed = true;
        var inLength = RingCapacity * InputSize;
        var outLength = RingCapacity * OutputSize;
        Inputs.Slice((long)from * inLength, inLength).CopyTo(Inputs.Slice((long)to * inLength, inLength));
        Targets.Slice((long)from * outLength, outLength).CopyTo(Targets.Slice((long)to * outLength, outLength));
        Counts[to] = Counts[from];
        Heads[to] = Heads[from];
    }

    public void Clear(int slot)
    {
        Counts[slot] = 0;
        Heads[slot] = 0;
    }

    // Room for a few frames of one sample per agent; a mirror resets the log every frame.
    private static int PushLogLength(int capacity) => Math.Max(1024, 4 * capacity);
}
