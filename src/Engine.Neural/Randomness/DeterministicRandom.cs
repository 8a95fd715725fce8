namespace Engine.Neural;

/// <summary>
/// A small, fast, seeded generator (xoshiro256**, seeded through SplitMix64). The same seed
/// gives the same sequence on every machine and .NET version, and it is a struct, so drawing
/// numbers never allocates.
/// </summary>
public struct DeterministicRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator from a 64-bit seed.</summary>
    public DeterministicRandom(ulong seed)
    {
        _s0 = SplitMix64(ref seed);
        _s1 = SplitMix64(ref seed);
        _s2 = SplitMix64(ref seed);
        _s3 = SplitMix64(ref seed);
    }

    /// <summary>The generator's whole state, for saving it (a save file resumes the same sequence).</summary>
    internal readonly (ulong S0, ulong S1, ulong S2, ulong S3) State => (_s0, _s1, _s2, _s3);

    /// <summary>A generator continuing from a saved <see cref="State"/>.</summary>
    internal static DeterministicRandom FromState((ulong S0, ulong S1, ulong S2, ulong S3) state) =>
        new() { _s0 = state.S0, _s1 = state.S1, _s2 = state.S2, _s3 = state.S3 };

    /// <summary>Derives a generator for stream <paramref name="stream"/> of a seed (e.g. one per agent).</summary>
    public static DeterministicRandom ForStream(ulong seed, ulong stream)
    {
        var mixed = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        return new DeterministicRandom(SplitMix64(ref mixed));
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        // Lemire's multiply-shift: a 32-bit draw scaled to the range, rejecting draws whose low
        // half falls below 2^32 mod bound. That threshold is below bound, so it (and its slow
        // integer division) is needed only when the low half is below bound: rarely.
        var bound = (uint)maxExclusive;
        var product = (ulong)(uint)(NextUInt64() >> 32) * bound;
        if ((uint)product < bound)
        {
            // Written with uint wrap-around: `-bound` on a uint widens to long, where
            // -bound % bound is 0, which would silently disable the rejection.
            var threshold = unchecked(0u - bound) % bound;
            while ((uint)product < threshold)
            {
                product = (ulong)(uint)(NextUInt64() >> 32) * bound;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>Uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Standard normal N(0, 1) by the Box-Muller transform (one of the pair is used).</summary>
    public double NextGaussian()
    {
        // 1 - U lies in (0, 1], so the logarithm is finite.
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
