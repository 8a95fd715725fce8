namespace Engine.Neural;

/// <summary>
/// A seeded shuffle of 0 to n - 1 that needs no storage: element i of the permutation keyed by
/// <c>key</c> is computed on its own, so an agent's epoch is three numbers (key, size, cursor)
/// that save files hold and rows move like any other field.
/// </summary>
/// <remarks>
/// A bijection on the k-bit integers (the smallest 2^k &gt;= n), made of keyed steps that are
/// each invertible (xor, add, multiply by an odd number, xor-shift), is walked until it lands
/// below n ("cycle walking"): fewer than two steps on average, since 2^k &lt; 2n.
/// </remarks>
internal static class EpochPermutation
{
    private const int Rounds = 4;

    /// <summary>Element <paramref name="index"/> (0 to <paramref name="size"/> - 1) of the permutation of 0 to <paramref name="size"/> - 1 keyed by <paramref name="key"/>.</summary>
    public static int At(ulong key, int size, int index)
    {
        if (size <= 1)
        {
            return 0;
        }

        var bits = 64 - ulong.LeadingZeroCount((ulong)(size - 1));
        var mask = (1UL << (int)bits) - 1;
        var shift = (int)Math.Max(1, bits / 2);
        var x = (ulong)index;
        do
        {
            x = Mix(x, key, mask, shift);
        }
        while (x >= (ulong)size);

        return (int)x;
    }

    private static ulong Mix(ulong x, ulong key, ulong mask, int shift)
    {
        var k = key;
        for (var round = 0; round < Rounds; round++)
        {
            // Round keys from a SplitMix64 walk of the epoch key.
            k += 0x9E3779B97F4A7C15UL;
            var z = k;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            x = (x ^ z) & mask;
            x = (x * ((z >> 32) | 1)) & mask;
            x ^= x >> shift;
            x = (x + (z >> 16)) & mask;
        }

        return x;
    }
}
