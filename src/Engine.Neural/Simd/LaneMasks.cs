using System.Runtime.InteropServices;

namespace Engine.Neural.Simd;

/// <summary>
/// Lane masks for <see cref="IFloatVector{TSelf}.LoadMasked"/>: the hardware's masked loads
/// read only the lanes a mask sets, so a row's last partial vector is loaded in one
/// instruction without reading past the row (or the array).
/// </summary>
internal static unsafe class LaneMasks
{
    private const int MaxLanes = 16;

    // 16 lanes of all ones, then 16 of zeros: the mask of the first n lanes starts n lanes
    // before the zeros. Never freed: one small table for the process's life.
    private static readonly int* Table = Build();

    /// <summary>A mask of 16 lanes whose first <paramref name="count"/> (0 to 16) are all ones, the rest zero.</summary>
    public static float* First(int count) => (float*)(Table + MaxLanes - count);

    /// <summary>
    /// Copies the floats at <paramref name="source"/> whose lanes <paramref name="mask"/> sets
    /// (nonzero bits) into <paramref name="lanes"/> floats at <paramref name="destination"/>, +0
    /// in the rest, reading no other: the portable form of a masked load.
    /// </summary>
    public static void CopyMasked(float* source, float* mask, float* destination, int lanes)
    {
        for (var i = 0; i < lanes; i++)
        {
            destination[i] = BitConverter.SingleToInt32Bits(mask[i]) != 0 ? source[i] : 0f;
        }
    }

    private static int* Build()
    {
        var table = (int*)NativeMemory.AlignedAlloc(2 * MaxLanes * sizeof(int), 64);
        for (var i = 0; i < 2 * MaxLanes; i++)
        {
            table[i] = i < MaxLanes ? -1 : 0;
        }

        return table;
    }
}
