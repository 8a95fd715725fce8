using System.Runtime.CompilerServices;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// The two inner loops of every dense layer, generic over the vector width.
/// Rows are feature-major: row r holds one neuron's value for every sample of a batch, padded
/// to whole vectors, so one vector instruction serves <c>TV.Count</c> samples at once.
/// </summary>
internal static unsafe class DenseKernels<TV>
    where TV : struct, IFloatVector<TV>
{
    /// <summary>
    /// <c>dest[s] = init + sum_r coeffs[r * coeffStride] * rows[r][s]</c> for every sample s.
    /// Forward: coefficients are one neuron's weights (stride 1) over the input rows.
    /// BP2: they are one input's weights across neurons (stride = fan-in) over the delta rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Combine(float* coeffs, int coeffStride, int count, float* rows, int rowStride, int chunks, float init, float* dest)
    {
        var c = 0;

        // Four independent accumulators hide the FMA latency.
        for (; c + 4 <= chunks; c += 4)
        {
            var a0 = TV.Broadcast(init);
            var a1 = a0;
            var a2 = a0;
            var a3 = a0;
            var row = rows + (c * TV.Count);
            for (var r = 0; r < count; r++)
            {
                var w = TV.Broadcast(coeffs[r * coeffStride]);
                a0 = TV.MultiplyAdd(w, TV.Load(row), a0);
                a1 = TV.MultiplyAdd(w, TV.Load(row + TV.Count), a1);
                a2 = TV.MultiplyAdd(w, TV.Load(row + (2 * TV.Count)), a2);
                a3 = TV.MultiplyAdd(w, TV.Load(row + (3 * TV.Count)), a3);
                row += rowStride;
            }

            var d = dest + (c * TV.Count);
            TV.Store(a0, d);
            TV.Store(a1, d + TV.Count);
            TV.Store(a2, d + (2 * TV.Count));
            TV.Store(a3, d + (3 * TV.Count));
        }

        for (; c < chunks; c++)
        {
            var acc = TV.Broadcast(init);
            var row = rows + (c * TV.Count);
            for (var r = 0; r < count; r++)
            {
                acc = TV.MultiplyAdd(TV.Broadcast(coeffs[r * coeffStride]), TV.Load(row), acc);
                row += rowStride;
            }

            TV.Store(acc, dest + (c * TV.Count));
        }
    }

    /// <summary>
    /// Lane-wise products of two rows of <paramref name="chunks"/> vectors, summed over the
    /// chunks but not across lanes: <c>Sum</c> of the result is the dot product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV DotRowsPartial(float* a, float* b, int chunks)
    {
        var acc = TV.Multiply(TV.Load(a), TV.Load(b));
        for (var c = 1; c < chunks; c++)
        {
            acc = TV.MultiplyAdd(TV.Load(a + (c * TV.Count)), TV.Load(b + (c * TV.Count)), acc);
        }

        return acc;
    }

    /// <summary>
    /// <c>dest[q] = scale * (init[q] + dot(a + q * aStride, b + q * bStride))</c> for q in 0..n-1,
    /// each dot over <paramref name="chunks"/> vectors. Whole groups of <c>TV.Count</c> dots
    /// finish with one transposing reduction instead of one horizontal sum each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ManyDots(float* a, long aStride, float* b, long bStride, int n, int chunks, float* init, float scale, float* dest, float* scratch)
    {
        var q = 0;
        var factor = TV.Broadcast(scale);
        for (; q + TV.Count <= n; q += TV.Count)
        {
            for (var i = 0; i < TV.Count; i++)
            {
                TV.Store(DotRowsPartial(a + ((q + i) * aStride), b + ((q + i) * bStride), chunks), scratch + (i * TV.Count));
            }

            var sums = TV.SumEach(scratch);
            if (init != null)
            {
                sums = TV.Add(sums, TV.Load(init + q));
            }

            TV.Store(TV.Multiply(sums, factor), dest + q);
        }

        for (; q < n; q++)
        {
            var sum = TV.Sum(DotRowsPartial(a + (q * aStride), b + (q * bStride), chunks));
            dest[q] = scale * (init == null ? sum : init[q] + sum);
        }
    }

    /// <summary><c>sum_s row[s]</c> over a padded row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SumRow(float* row, int chunks)
    {
        var acc = TV.Load(row);
        for (var c = 1; c < chunks; c++)
        {
            acc = TV.Add(acc, TV.Load(row + (c * TV.Count)));
        }

        return TV.Sum(acc);
    }

    /// <summary><c>sum_k a[k] b[k]</c> over any length (vector body, scalar tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int n)
    {
        var k = 0;
        var sum = 0f;
        if (n >= TV.Count)
        {
            var acc = TV.Multiply(TV.Load(a), TV.Load(b));
            for (k = TV.Count; k <= n - TV.Count; k += TV.Count)
            {
                acc = TV.MultiplyAdd(TV.Load(a + k), TV.Load(b + k), acc);
            }

            sum = TV.Sum(acc);
        }

        for (; k < n; k++)
        {
            sum = MathF.FusedMultiplyAdd(a[k], b[k], sum);
        }

        return sum;
    }
}
