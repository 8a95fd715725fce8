using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Engine.Neural.Cpu;

/// <summary>
/// 8 x 8 float transposes between agent-major rows and lane-interleaved columns, for
/// <see cref="InterleavedTrainKernel{TV}"/>'s way in and out: 24 shuffles for 64 floats where a
/// scalar copy costs 64 strided stores. AVX only; callers fall back to scalar copies elsewhere.
/// </summary>
internal static unsafe class LaneTranspose
{
    /// <summary>True where <see cref="Transpose8"/> runs.</summary>
    public static bool Supported => Avx.IsSupported;

    /// <summary>
    /// Row i (i &lt; 8) is the 8 floats at <c>ri</c>; column t goes to
    /// <c>dest + t * destStride</c>, as 8 floats: <c>dest[t * destStride + i] = ri[t]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose8(float* r0, float* r1, float* r2, float* r3, float* r4, float* r5, float* r6, float* r7, float* dest, long destStride)
    {
        var t0 = Avx.UnpackLow(Avx.LoadVector256(r0), Avx.LoadVector256(r1));
        var t1 = Avx.UnpackHigh(Avx.LoadVector256(r0), Avx.LoadVector256(r1));
        var t2 = Avx.UnpackLow(Avx.LoadVector256(r2), Avx.LoadVector256(r3));
        var t3 = Avx.UnpackHigh(Avx.LoadVector256(r2), Avx.LoadVector256(r3));
        var t4 = Avx.UnpackLow(Avx.LoadVector256(r4), Avx.LoadVector256(r5));
        var t5 = Avx.UnpackHigh(Avx.LoadVector256(r4), Avx.LoadVector256(r5));
        var t6 = Avx.UnpackLow(Avx.LoadVector256(r6), Avx.LoadVector256(r7));
        var t7 = Avx.UnpackHigh(Avx.LoadVector256(r6), Avx.LoadVector256(r7));

        // Within each 128-bit half: s0 = (r0[0], r1[0], r2[0], r3[0] | the same of [4]), and so on.
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dest, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dest + destStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dest + (2 * destStride), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dest + (3 * destStride), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dest + (4 * destStride), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dest + (5 * destStride), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dest + (6 * destStride), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dest + (7 * destStride), Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>
    /// <c>dest[p * destStride + i] = rows[i][p]</c> for the eight rows and p &lt; n: eight
    /// agents' blocks of n floats into eight adjacent lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ToLanes(float** rows, int n, float* dest, long destStride)
    {
        var p = 0;
        for (; p + 8 <= n; p += 8)
        {
            Transpose8(rows[0] + p, rows[1] + p, rows[2] + p, rows[3] + p, rows[4] + p, rows[5] + p, rows[6] + p, rows[7] + p, dest + (p * destStride), destStride);
        }

        for (; p < n; p++)
        {
            for (var i = 0; i < 8; i++)
            {
                dest[(p * destStride) + i] = rows[i][p];
            }
        }
    }

    /// <summary>
    /// <c>dest[i * destStride + p] = source[p * sourceStride + i]</c> for eight lanes and p &lt; n:
    /// the inverse of <see cref="ToLanes"/>, into eight evenly spaced rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FromLanes(float* source, long sourceStride, int n, float* dest, long destStride)
    {
        var p = 0;
        for (; p + 8 <= n; p += 8)
        {
            var s = source + (p * sourceStride);
            Transpose8(s, s + sourceStride, s + (2 * sourceStride), s + (3 * sourceStride), s + (4 * sourceStride), s + (5 * sourceStride), s + (6 * sourceStride), s + (7 * sourceStride), dest + p, destStride);
        }

        for (; p < n; p++)
        {
            for (var i = 0; i < 8; i++)
            {
                dest[(i * destStride) + p] = source[(p * sourceStride) + i];
            }
        }
    }
}
