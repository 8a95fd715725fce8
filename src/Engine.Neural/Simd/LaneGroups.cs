namespace Engine.Neural.Simd;

/// <summary>
/// The lane bookkeeping behind <see cref="IFloatVector{TSelf}.FoldGroups"/>, written once in
/// plain code: the portable form every width falls back to where its shuffles are not
/// hardware instructions, and the definition tests hold the hardware forms to.
/// </summary>
/// <remarks>
/// A vector's lanes are split into groups of <c>g</c> consecutive lanes (a power of two, at
/// most the lane count), each group the partial sums of one dot product. Folding <c>a</c> and
/// <c>b</c> keeps every group of both but halves its size: the result has groups of <c>g / 2</c>
/// lanes, each the sum of a group's two halves. Where the groups land is the hardware's
/// cheapest order: whole-vector groups (<c>g</c> = lanes) put <c>a</c>'s halves before
/// <c>b</c>'s; groups of 8 in 16 lanes move 4-lane blocks <c>[a0 a2 b0 b2] + [a1 a3 b1 b3]</c>;
/// groups of 4 and 2 stay within each 4-lane block as SSE's <c>shufps</c> leaves them.
/// </remarks>
internal static unsafe class LaneGroups
{
    /// <summary>Writes the fold of <paramref name="a"/> and <paramref name="b"/> (<paramref name="lanes"/> floats each) to <paramref name="result"/>.</summary>
    public static void Fold(float* a, float* b, float* result, int lanes, int groupSize)
    {
        var lo = stackalloc float[lanes];
        var hi = stackalloc float[lanes];
        if (groupSize == lanes)
        {
            var half = lanes / 2;
            for (var i = 0; i < half; i++)
            {
                lo[i] = a[i];
                lo[half + i] = b[i];
                hi[i] = a[half + i];
                hi[half + i] = b[half + i];
            }
        }
        else if (groupSize == 8)
        {
            // 16 lanes: 4-lane blocks [a0 a2 b0 b2] and [a1 a3 b1 b3].
            for (var i = 0; i < 4; i++)
            {
                lo[i] = a[i];
                lo[4 + i] = a[8 + i];
                lo[8 + i] = b[i];
                lo[12 + i] = b[8 + i];
                hi[i] = a[4 + i];
                hi[4 + i] = a[12 + i];
                hi[8 + i] = b[4 + i];
                hi[12 + i] = b[12 + i];
            }
        }
        else
        {
            // Within each 4-lane block: groups of 4 pair lanes (0 1 | 2 3), groups of 2 (0 2 | 1 3).
            var second = groupSize == 4 ? 1 : 2;
            var other = groupSize == 4 ? 2 : 1;
            for (var block = 0; block < lanes; block += 4)
            {
                lo[block] = a[block];
                lo[block + 1] = a[block + second];
                lo[block + 2] = b[block];
                lo[block + 3] = b[block + second];
                hi[block] = a[block + other];
                hi[block + 1] = a[block + other + second];
                hi[block + 2] = b[block + other];
                hi[block + 3] = b[block + other + second];
            }
        }

        for (var i = 0; i < lanes; i++)
        {
            result[i] = lo[i] + hi[i];
        }
    }
}
