using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engine.Neural.Cpu;

/// <summary>
/// A float array on the pinned object heap: it never moves, so kernels keep raw pointers
/// into it without <c>fixed</c>, and an OpenCL backend can copy from it directly. Large ones
/// ask for huge pages (<see cref="HugePages"/>).
/// </summary>
internal sealed unsafe class PinnedBuffer
{
    private float[] _data;

    /// <summary>Creates a zeroed buffer of <paramref name="length"/> floats.</summary>
    public PinnedBuffer(long length)
    {
        _data = Allocate(length);
    }

    /// <summary>Number of floats.</summary>
    public int Length => _data.Length;

    /// <summary>Address of the first float; stable for the buffer's life (until <see cref="Resize"/>).</summary>
    public float* Pointer => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_data));

    /// <summary>The whole buffer as a span.</summary>
    public Span<float> Span => _data;

    /// <summary>A slice as a span.</summary>
    public Span<float> Slice(long start, int length) => _data.AsSpan((int)start, length);

    /// <summary>Grows (or shrinks) to <paramref name="length"/> floats, keeping the common prefix.</summary>
    public void Resize(long length)
    {
        var bigger = Allocate(length);
        _data.AsSpan(0, (int)Math.Min(_data.Length, length)).CopyTo(bigger);
        _data = bigger;
    }

    private static float[] Allocate(long length)
    {
        if (length < 0 || length > Array.MaxLength)
        {
            throw new OutOfMemoryException($"PinnedBuffer: {length} floats exceed the largest array .NET can hold ({Array.MaxLength}).");
        }

        // Uninitialised, advised, then cleared: where the memory is fresh, clearing it faults
        // it in as huge pages directly (HugePages); what was already there is moved after.
        var data = GC.AllocateUninitializedArray<float>((int)length, pinned: true);
        var start = Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(data));
        HugePages.Advise(start, length * sizeof(float));
        data.AsSpan().Clear();
        _ = HugePages.Collapse(start, length * sizeof(float));
        return data;
    }
}
