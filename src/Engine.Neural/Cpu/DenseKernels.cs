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
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
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
    /// <see cref="Combine"/> for two destinations at once over the same rows: each row vector
    /// is loaded once for both, which keeps the loop bound by multiply-adds, not by loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Combine2(float* coeffsA, float* coeffsB, int coeffStride, int count, float* rows, int rowStride, int chunks, float initA, float initB, float* destA, float* destB)
    {
        var c = 0;
        for (; c + 4 <= chunks; c += 4)
        {
            var a0 = TV.Broadcast(initA);
            var a1 = a0;
            var a2 = a0;
            var a3 = a0;
            var b0 = TV.Broadcast(initB);
            var b1 = b0;
            var b2 = b0;
            var b3 = b0;
            var row = rows + (c * TV.Count);
            for (var r = 0; r < count; r++)
            {
                var wa = TV.Broadcast(coeffsA[r * coeffStride]);
                var wb = TV.Broadcast(coeffsB[r * coeffStride]);
                var x0 = TV.Load(row);
                var x1 = TV.Load(row + TV.Count);
                var x2 = TV.Load(row + (2 * TV.Count));
                var x3 = TV.Load(row + (3 * TV.Count));
                a0 = TV.MultiplyAdd(wa, x0, a0);
                a1 = TV.MultiplyAdd(wa, x1, a1);
                a2 = TV.MultiplyAdd(wa, x2, a2);
                a3 = TV.MultiplyAdd(wa, x3, a3);
                b0 = TV.MultiplyAdd(wb, x0, b0);
                b1 = TV.MultiplyAdd(wb, x1, b1);
                b2 = TV.MultiplyAdd(wb, x2, b2);
                b3 = TV.MultiplyAdd(wb, x3, b3);
                row += rowStride;
            }

            var da = destA + (c * TV.Count);
            TV.Store(a0, da);
            TV.Store(a1, da + TV.Count);
            TV.Store(a2, da + (2 * TV.Count));
            TV.Store(a3, da + (3 * TV.Count));
            var db = destB + (c * TV.Count);
            TV.Store(b0, db);
            TV.Store(b1, db + TV.Count);
            TV.Store(b2, db + (2 * TV.Count));
            TV.Store(b3, db + (3 * TV.Count));
        }

        for (; c < chunks; c++)
        {
            var a = TV.Broadcast(initA);
            var b = TV.Broadcast(initB);
            var row = rows + (c * TV.Count);
            for (var r = 0; r < count; r++)
            {
                var x = TV.Load(row);
                a = TV.MultiplyAdd(TV.Broadcast(coeffsA[r * coeffStride]), x, a);
                b = TV.MultiplyAdd(TV.Broadcast(coeffsB[r * coeffStride]), x, b);
                row += rowStride;
            }

            TV.Store(a, destA + (c * TV.Count));
            TV.Store(b, destB + (c * TV.Count));
        }
    }

    /// <summary>
    /// <see cref="Combine"/> for four destinations at once, for batches of one or two vectors
    /// (a batch of 32 at 512 bits, of 8 at 256): two destinations would leave only two or four
    /// multiply-add chains, too few to cover the FMA latency; four give four or eight. Each
    /// destination sums in the same order as <see cref="Combine"/>, so the results are the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Combine4(float* coeffs, int coeffStep, int coeffStride, int count, float* rows, int rowStride, int chunks, float* init, float* dest0, int destStride)
    {
        var c0 = coeffs;
        var c1 = coeffs + coeffStep;
        var c2 = c1 + coeffStep;
        var c3 = c2 + coeffStep;
        var i0 = init == null ? 0f : init[0];
        var i1 = init == null ? 0f : init[1];
        var i2 = init == null ? 0f : init[2];
        var i3 = init == null ? 0f : init[3];
        var c = 0;
        for (; c + 2 <= chunks; c += 2)
        {
            TV a0 = TV.Broadcast(i0), b0 = TV.Broadcast(i1), d0 = TV.Broadcast(i2), e0 = TV.Broadcast(i3);
            TV a1 = a0, b1 = b0, d1 = d0, e1 = e0;
            var row = rows + (c * TV.Count);
            for (var r = 0; r < count; r++)
            {
                var x0 = TV.Load(row);
                var x1 = TV.Load(row + TV.Count);
                var k = r * coeffStride;
                var w = TV.Broadcast(c0[k]);
                a0 = TV.MultiplyAdd(w, x0, a0);
                a1 = TV.MultiplyAdd(w, x1, a1);
                w = TV.Broadcast(c1[k]);
                b0 = TV.MultiplyAdd(w, x0, b0);
                b1 = TV.MultiplyAdd(w, x1, b1);
                w = TV.Broadcast(c2[k]);
                d0 = TV.MultiplyAdd(w, x0, d0);
                d1 = TV.MultiplyAdd(w, x1, d1);
                w = TV.Broadcast(c3[k]);
                e0 = TV.MultiplyAdd(w, x0, e0);
                e1 = TV.MultiplyAdd(w, x1, e1);
                row += rowStride;
            }

            var d = dest0 + (c * TV.Count);
            TV.Store(a0, d);
            TV.Store(a1, d + TV.Count);
            d += destStride;
            TV.Store(b0, d);
            TV.Store(b1, d + TV.Count);
            d += destStride;
            TV.Store(d0, d);
            TV.Store(d1, d + TV.Count);
            d += destStride;
            TV.Store(e0, d);
            TV.Store(e1, d + TV.Count);
        }

        for (; c < chunks; c++)
        {
            TV a = TV.Broadcast(i0), b = TV.Broadcast(i1), d = TV.Broadcast(i2), e = TV.Broadcast(i3);
            var row = rows + (c * TV.Count);
            for (var r = 0; r < count; r++)
            {
                var x = TV.Load(row);
                var k = r * coeffStride;
                a = TV.MultiplyAdd(TV.Broadcast(c0[k]), x, a);
                b = TV.MultiplyAdd(TV.Broadcast(c1[k]), x, b);
                d = TV.MultiplyAdd(TV.Broadcast(c2[k]), x, d);
                e = TV.MultiplyAdd(TV.Broadcast(c3[k]), x, e);
                row += rowStride;
            }

            var o = dest0 + (c * TV.Count);
            TV.Store(a, o);
            TV.Store(b, o + destStride);
            TV.Store(d, o + (2 * destStride));
            TV.Store(e, o + (3 * destStride));
        }
    }

    /// <summary>
    /// Every row of a layer: <c>dest_q[s] = init_q + sum_r coeffs_q[r * coeffStride] rows[r][s]</c>
    /// for q in 0..<paramref name="outputs"/>-1, where <c>coeffs_q = coeffs + q * coeffStep</c>
    /// and <c>dest_q = dest + q * rowStride</c>; two at a time (see <see cref="Combine2"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void CombineAll(float* coeffs, int coeffStep, int coeffStride, int count, float* rows, int rowStride, int chunks, float* init, float* dest, int outputs)
    {
        var q = 0;
        if (chunks < 4)
        {
            for (; q + 4 <= outputs; q += 4)
            {
                Combine4(coeffs + (q * coeffStep), coeffStep, coeffStride, count, rows, rowStride, chunks, init == null ? null : init + q, dest + (q * rowStride), rowStride);
            }
        }

        for (; q + 2 <= outputs; q += 2)
        {
            Combine2(
                coeffs + (q * coeffStep),
                coeffs + ((q + 1) * coeffStep),
                coeffStride,
                count,
                rows,
                rowStride,
                chunks,
                init == null ? 0f : init[q],
                init == null ? 0f : init[q + 1],
                dest + (q * rowStride),
                dest + ((q + 1) * rowStride));
        }

        if (q < outputs)
        {
            Combine(coeffs + (q * coeffStep), coeffStride, count, rows, rowStride, chunks, init == null ? 0f : init[q], dest + (q * rowStride));
        }
    }

    /// <summary>
    /// <c>dest[k] = scale * sum_s rows[k][s] shared[s]</c> for k in 0..n-1: the weight gradient of
    /// one neuron (shared = its delta row, rows = the layer's inputs). The shared row of up to
    /// four vectors stays in registers, so each dot costs only the loads of its own row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void DotsWithSharedRow(float* rows, int rowStride, float* shared, int n, int chunks, float scale, float* dest, float* scratch)
    {
        if (chunks > 4)
        {
            ManyDots(rows, rowStride, shared, 0, n, chunks, null, scale, dest, scratch);
            return;
        }

        var d0 = TV.Load(shared);
        var d1 = chunks > 1 ? TV.Load(shared + TV.Count) : TV.Zero;
        var d2 = chunks > 2 ? TV.Load(shared + (2 * TV.Count)) : TV.Zero;
        var d3 = chunks > 3 ? TV.Load(shared + (3 * TV.Count)) : TV.Zero;
        var factor = TV.Broadcast(scale);
        var k = 0;
        for (; k < n; k++)
        {
            var row = rows + (k * rowStride);
            var acc = TV.Multiply(TV.Load(row), d0);
            if (chunks > 1)
            {
                acc = TV.MultiplyAdd(TV.Load(row + TV.Count), d1, acc);
            }

            if (chunks > 2)
            {
                acc = TV.MultiplyAdd(TV.Load(row + (2 * TV.Count)), d2, acc);
            }

            if (chunks > 3)
            {
                acc = TV.MultiplyAdd(TV.Load(row + (3 * TV.Count)), d3, acc);
            }

            // Park each partial sum; every TV.Count of them finish in one transposing reduction.
            var lane = k % TV.Count;
            TV.Store(acc, scratch + (lane * TV.Count));
            if (lane == TV.Count - 1)
            {
                TV.Store(TV.Multiply(TV.SumEach(scratch), factor), dest + (k - lane));
            }
        }

        var done = n / TV.Count * TV.Count;
        for (var rest = done; rest < n; rest++)
        {
            dest[rest] = scale * TV.Sum(TV.Load(scratch + ((rest - done) * TV.Count)));
        }
    }

    /// <summary>
    /// Lane-wise products of two rows of <paramref name="chunks"/> vectors, summed over the
    /// chunks but not across lanes: <c>Sum</c> of the result is the dot product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static float SumRow(float* row, int chunks)
    {
        var acc = TV.Load(row);
        for (var c = 1; c < chunks; c++)
        {
            acc = TV.Add(acc, TV.Load(row + (c * TV.Count)));
        }

        return TV.Sum(acc);
    }
}
