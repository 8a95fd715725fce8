using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
        var c0 = Avx.LoadVector256(r0);
        var c1 = Avx.LoadVector256(r1);
        var c2 = Avx.LoadVector256(r2);
        var c3 = Avx.LoadVector256(r3);
        var c4 = Avx.LoadVector256(r4);
        var c5 = Avx.LoadVector256(r5);
        var c6 = Avx.LoadVector256(r6);
        var c7 = Avx.LoadVector256(r7);
        Transpose(ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
        Avx.Store(dest, c0);
        Avx.Store(dest + destStride, c1);
        Avx.Store(dest + (2 * destStride), c2);
        Avx.Store(dest + (3 * destStride), c3);
        Avx.Store(dest + (4 * destStride), c4);
        Avx.Store(dest + (5 * destStride), c5);
        Avx.Store(dest + (6 * destStride), c6);
        Avx.Store(dest + (7 * destStride), c7);
    }

    /// <summary>Transposes the 8 x 8 block the eight vectors hold (vector i is row i), in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> r2, ref Vector256<float> r3, ref Vector256<float> r4, ref Vector256<float> r5, ref Vector256<float> r6, ref Vector256<float> r7)
    {
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        // Within each 128-bit half: s0 = (r0[0], r1[0], r2[0], r3[0] | the same of [4]), and so on.
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);

        r0 = Avx.Permute2x128(s0, s4, 0x20);
        r1 = Avx.Permute2x128(s1, s5, 0x20);
        r2 = Avx.Permute2x128(s2, s6, 0x20);
        r3 = Avx.Permute2x128(s3, s7, 0x20);
        r4 = Avx.Permute2x128(s0, s4, 0x31);
        r5 = Avx.Permute2x128(s1, s5, 0x31);
        r6 = Avx.Permute2x128(s2, s6, 0x31);
        r7 = Avx.Permute2x128(s3, s7, 0x31);
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

        if (p + 4 <= n)
        {
            // A block of four: two 4 x 4 transposes of 128-bit rows, joined into 8-lane columns
            // (a sample's four targets are the common case).
            var a0 = Sse.LoadVector128(rows[0] + p);
            var a1 = Sse.LoadVector128(rows[1] + p);
            var a2 = Sse.LoadVector128(rows[2] + p);
            var a3 = Sse.LoadVector128(rows[3] + p);
            var b0 = Sse.LoadVector128(rows[4] + p);
            var b1 = Sse.LoadVector128(rows[5] + p);
            var b2 = Sse.LoadVector128(rows[6] + p);
            var b3 = Sse.LoadVector128(rows[7] + p);
            Transpose4(ref a0, ref a1, ref a2, ref a3);
            Transpose4(ref b0, ref b1, ref b2, ref b3);
            var d = dest + (p * destStride);
            Avx.Store(d, Vector256.Create(a0, b0));
            Avx.Store(d + destStride, Vector256.Create(a1, b1));
            Avx.Store(d + (2 * destStride), Vector256.Create(a2, b2));
            Avx.Store(d + (3 * destStride), Vector256.Create(a3, b3));
            p += 4;
        }

        for (; p < n; p++)
        {
            for (var i = 0; i < 8; i++)
            {
                dest[(p * destStride) + i] = rows[i][p];
            }
        }
    }

    /// <summary>Transposes the 4 x 4 block the four vectors hold (vector i is row i), in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(ref Vector128<float> r0, ref Vector128<float> r1, ref Vector128<float> r2, ref Vector128<float> r3)
    {
        var t0 = Sse.UnpackLow(r0, r1);
        var t1 = Sse.UnpackHigh(r0, r1);
        var t2 = Sse.UnpackLow(r2, r3);
        var t3 = Sse.UnpackHigh(r2, r3);
        r0 = Sse.MoveLowToHigh(t0, t2);
        r1 = Sse.MoveHighToLow(t2, t0);
        r2 = Sse.MoveLowToHigh(t1, t3);
        r3 = Sse.MoveHighToLow(t3, t1);
    }

    /// <summary>
    /// <c>rows[i][p] = source[p * sourceStride + i]</c> for eight lanes and p &lt; n: the inverse
    /// of <see cref="ToLanes"/>, into eight rows anywhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FromLanes(float* source, long sourceStride, int n, float** rows)
    {
        var p = 0;
        for (; p + 8 <= n; p += 8)
        {
            var s = source + (p * sourceStride);
            var c0 = Avx.LoadVector256(s);
            var c1 = Avx.LoadVector256(s + sourceStride);
            var c2 = Avx.LoadVector256(s + (2 * sourceStride));
            var c3 = Avx.LoadVector256(s + (3 * sourceStride));
            var c4 = Avx.LoadVector256(s + (4 * sourceStride));
            var c5 = Avx.LoadVector256(s + (5 * sourceStride));
            var c6 = Avx.LoadVector256(s + (6 * sourceStride));
            var c7 = Avx.LoadVector256(s + (7 * sourceStride));
            Transpose(ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
            Avx.Store(rows[0] + p, c0);
            Avx.Store(rows[1] + p, c1);
            Avx.Store(rows[2] + p, c2);
            Avx.Store(rows[3] + p, c3);
            Avx.Store(rows[4] + p, c4);
            Avx.Store(rows[5] + p, c5);
            Avx.Store(rows[6] + p, c6);
            Avx.Store(rows[7] + p, c7);
        }

        for (; p < n; p++)
        {
            for (var i = 0; i < 8; i++)
            {
                rows[i][p] = source[(p * sourceStride) + i];
            }
        }
    }
}
