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
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public int RingCapacity { get; }

    public PinnedBuffer Inputs { get; }

    public PinnedBuffer Targets { get; }

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
    }

    /// <summary>Stores a sample in the slot's ring; returns the ring row it went to (<c>slot * RingCapacity + position</c>).</summary>
    public int Push(int slot, ReadOnlySpan<float> input, ReadOnlySpan<float> target)
    {
        var head = Heads[slot];

        // A sample is a few floats: plain loops, where a span copy each costs a call.
        var x = Inputs.Slice(((long)slot * RingCapacity + head) * InputSize, InputSize);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = input[i];
        }

        var y = Targets.Slice(((long)slot * RingCapacity + head) * OutputSize, OutputSize);
        for (var j = 0; j < y.Length; j++)
        {
            y[j] = target[j];
        }

        Heads[slot] = head + 1 == RingCapacity ? 0 : head + 1;
        Counts[slot] = Math.Min(Counts[slot] + 1, RingCapacity);
        return (slot * RingCapacity) + head;
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
}
