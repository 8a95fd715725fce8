using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// Forward and backward passes for a group of <c>TV.Count</c> agents at once, one agent per
/// vector lane (<see cref="InterleavedWorkspace"/>). Every operation is lane-wise, so an agent's
/// results do not depend on which agents share its group, and nothing needs a horizontal sum:
/// a tiny layer (16 x 16) costs exactly its multiply-adds, with no padding of neurons or
/// samples to the vector width. The per-sample kernels of <see cref="TrainKernel{TV}"/> spend
/// most of such a layer transposing and reducing.
/// </summary>
internal static unsafe class InterleavedTrainKernel<TV>
    where TV : struct, IFloatVector<TV>
{
    // Saturated sigmoid/softmax outputs reach exactly 0 or 1 in float; the reported loss
    // clamps them so it stays finite (as TrainKernel does).
    private const float LossFloor = 1e-7f;

    /// <summary>
    /// Copies the group's blocks of <paramref name="weights"/> and <paramref name="biases"/> (the
    /// parameters, or an optimiser state shaped like them) into lanes at <paramref name="dest"/>:
    /// lane i holds set <c>sets[i]</c>. Lanes past the group's sets get copies of the first set:
    /// their samples are masked out and their results never kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToLanes(BrainSpec spec, PinnedBuffer[] weights, PinnedBuffer[] biases, ReadOnlySpan<int> sets, float* dest)
    {
        var layers = spec.LayerArray;
        var lanes = TV.Count;
        if (LaneTranspose.Supported && lanes >= 8)
        {
            var rows = stackalloc float*[8];
            for (var block = 0; block < lanes; block += 8)
            {
                for (var l = 0; l < layers.Length; l++)
                {
                    var layer = layers[l];
                    var at = dest + ((long)spec.WeightOffsets[l] * lanes) + block;
                    Rows(weights[l].Pointer, layer.WeightCount, sets, block, rows);
                    LaneTranspose.ToLanes(rows, layer.WeightCount, at, lanes);
                    Rows(biases[l].Pointer, layer.Outputs, sets, block, rows);
                    LaneTranspose.ToLanes(rows, layer.Outputs, at + ((long)layer.WeightCount * lanes), lanes);
                }
            }

            return;
        }

        if (lanes == 1)
        {
            OneLaneCopy(spec, weights, biases, sets[0], dest, intoLane: true);
            return;
        }

        for (var i = 0; i < lanes; i++)
        {
            long set = sets[i < sets.Length ? i : 0];
            for (var l = 0; l < layers.Length; l++)
            {
                var layer = layers[l];
                var at = dest + ((long)spec.WeightOffsets[l] * lanes) + i;
                Spread(weights[l].Pointer + (set * layer.WeightCount), layer.WeightCount, at, lanes);
                Spread(biases[l].Pointer + (set * layer.Outputs), layer.Outputs, at + ((long)layer.WeightCount * lanes), lanes);
            }
        }
    }

    /// <summary>
    /// The inverse of <see cref="ToLanes"/> for the lanes <paramref name="keep"/> marks: lane i
    /// goes back to set <c>sets[i]</c>'s blocks; the other lanes are written nowhere that counts
    /// (<see cref="InterleavedWorkspace.Discard"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromLanes(BrainSpec spec, float* source, PinnedBuffer[] weights, PinnedBuffer[] biases, ReadOnlySpan<int> sets, ReadOnlySpan<bool> keep, float* discard)
    {
        var layers = spec.LayerArray;
        var lanes = TV.Count;
        if (lanes == 1)
        {
            if (keep[0])
            {
                OneLaneCopy(spec, weights, biases, sets[0], source, intoLane: false);
            }

            return;
        }

        var rows = stackalloc float*[8];
        for (var block = 0; block < lanes; block += 8)
        {
            if (!Any(keep, block))
            {
                continue;
            }

            for (var l = 0; l < layers.Length; l++)
            {
                var layer = layers[l];
                var at = source + ((long)spec.WeightOffsets[l] * lanes) + block;
                KeptRows(weights[l].Pointer, layer.WeightCount, sets, keep, block, discard, rows);
                if (LaneTranspose.Supported && lanes >= 8)
                {
                    LaneTranspose.FromLanes(at, lanes, layer.WeightCount, rows);
                    KeptRows(biases[l].Pointer, layer.Outputs, sets, keep, block, discard, rows);
                    LaneTranspose.FromLanes(at + ((long)layer.WeightCount * lanes), lanes, layer.Outputs, rows);
                    continue;
                }

                Gather(at, layer.WeightCount, rows);
                KeptRows(biases[l].Pointer, layer.Outputs, sets, keep, block, discard, rows);
                Gather(at + ((long)layer.WeightCount * lanes), layer.Outputs, rows);
            }
        }

        void Gather(float* from, int n, float** to)
        {
            for (var p = 0; p < n; p++)
            {
                for (var i = 0; i < 8 && i < lanes; i++)
                {
                    to[i][p] = from[((long)p * lanes) + i];
                }
            }
        }
    }

    /// <summary>
    /// The optimiser step for every lane at once, on the lanes' own gradients: weight penalty
    /// and value clipping, norm clipping per lane, then SGD, momentum or Adam with each lane's
    /// own learning rate and bias corrections (<see cref="OptimizerStep{TV}"/>, as the per-agent
    /// kernel). New parameters and state replace the old in the
    /// workspace; <see cref="InterleavedWorkspace.Finite"/> says which lanes stayed finite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update(BrainSpec spec, InterleavedWorkspace ws, in StepConstants k)
    {
        var layers = spec.LayerArray;
        var lanes = TV.Count;
        var norm = TV.Zero;
        var prepared = k.ClipNorm > 0 || k.ClipValue > 0 || k.Regularization != RegularizationKind.None;
        for (var l = 0; prepared && l < layers.Length; l++)
        {
            var layer = layers[l];
            var w = (long)spec.WeightOffsets[l] * lanes;
            norm = TV.Add(norm, OptimizerStep<TV>.Prepare(ws.Parameters + w, ws.Gradients + w, layer.WeightCount, isWeight: true, k));
            var b = w + ((long)layer.WeightCount * lanes);
            norm = TV.Add(norm, OptimizerStep<TV>.Prepare(null, ws.Gradients + b, layer.Outputs, isWeight: false, k));
        }

        var scale = TV.Broadcast(1f);
        if (k.ClipNorm > 0)
        {
            var clip = TV.Broadcast(k.ClipNorm);
            var length = TV.Sqrt(norm);
            scale = TV.SelectGreater(length, clip, TV.Divide(clip, length), scale);
        }

        if (TV.Count == 1)
        {
            *ws.Finite = OneLaneApply(ws, spec.ParameterCount, k, TV.Sum(scale));
            return;
        }

        var coefficients = new OptimizerStep<TV>.Lanes(TV.Load(ws.LearningRates), scale, TV.Load(ws.FirstCorrections), TV.Load(ws.SecondCorrections));
        var finite = OptimizerStep<TV>.Apply(ws.Parameters, ws.Gradients, ws.FirstState, ws.SecondState, spec.ParameterCount, new OptimizerStep<TV>.Constants(k), coefficients);
        TV.Store(finite, ws.Finite);
    }

    /// <summary>
    /// The one lane's optimiser step: every formula is element-wise, with the lane's rate, scale
    /// and corrections broadcast, so it runs as wide as the CPU goes (the same operations on
    /// each parameter, the same bits) and the last parameters one lane at a time. Returns 0, or
    /// NaN where a new parameter is not finite.
    /// </summary>
    private static float OneLaneApply(InterleavedWorkspace ws, int parameters, in StepConstants k, float scale)
    {
        var done = 0;
        var finite = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            done = parameters / Vec512.Count * Vec512.Count;
            finite = Vec512.Sum(OneLaneRun<Vec512>(ws, 0, done / Vec512.Count, k, scale));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            done = parameters / Vec256.Count * Vec256.Count;
            finite = Vec256.Sum(OneLaneRun<Vec256>(ws, 0, done / Vec256.Count, k, scale));
        }

        return finite + Vec32.Sum(OneLaneRun<Vec32>(ws, done, parameters - done, k, scale));
    }

    private static TW OneLaneRun<TW>(InterleavedWorkspace ws, int from, int vectors, in StepConstants k, float scale)
        where TW : struct, IFloatVector<TW>
    {
        var lanes = new OptimizerStep<TW>.Lanes(TW.Broadcast(*ws.LearningRates), TW.Broadcast(scale), TW.Broadcast(*ws.FirstCorrections), TW.Broadcast(*ws.SecondCorrections));
        return OptimizerStep<TW>.Apply(ws.Parameters + from, ws.Gradients + from, ws.FirstState + from, ws.SecondState + from, vectors, new OptimizerStep<TW>.Constants(k), lanes);
    }

    /// <summary>
    /// Forward over the gathered batches, the loss of each lane into <c>ws.Losses</c>, then
    /// BP1-BP4, leaving each lane's batch-mean gradient in <c>ws.Gradients</c>.
    /// <paramref name="lengths"/> are the lanes' batch lengths (as many as the group has
    /// agents), <paramref name="longest"/> the largest of them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backprop(BrainSpec spec, InterleavedWorkspace ws, ReadOnlySpan<int> lengths, int longest)
    {
        var layers = spec.LayerArray;
        var lanes = TV.Count;
        var stride = ws.RowStride;
        var last = layers.Length - 1;
        for (var l = 0; l <= last; l++)
        {
            // Each pair of neurons' rows is activated as soon as its sums are done, while they
            // are still in L1; weighted inputs are not kept (every derivative comes from a).
            var layer = layers[l];
            var w = ws.Parameters + ((long)spec.WeightOffsets[l] * lanes);
            var a = ws.Activations[l + 1];
            if (layer.Activation == Activation.Softmax)
            {
                Combine(w, 1, layer.Outputs, layer.Inputs, ws.Activations[l], w + ((long)layer.WeightCount * lanes), a, layer.Outputs, longest, stride, default(Unchanged));
                Softmax(layer.Outputs, a, longest, stride);
            }
            else
            {
                Combine(w, 1, layer.Outputs, layer.Inputs, ws.Activations[l], w + ((long)layer.WeightCount * lanes), a, layer.Outputs, longest, stride, new Activated(layer));
            }
        }

        var output = layers[last];
        var aL = ws.Activations[last + 1];
        Losses(spec.Loss, aL, ws, output.Outputs, lengths, longest);
        OutputError(spec.Loss, output, aL, ws, longest);

        var delta = ws.DeltaA;
        for (var l = last; l >= 0; l--)
        {
            var layer = layers[l];
            var gw = ws.Gradients + ((long)spec.WeightOffsets[l] * lanes);
            Gradients(delta, ws.Activations[l], layer.Outputs, layer.Inputs, longest, stride, ws.InverseLengths, gw, gw + ((long)layer.WeightCount * lanes));
            if (l == 0)
            {
                break;
            }

            // BP2: delta^(l-1) = (W^T delta) (.) sigma'(z^(l-1)), the derivative taken from
            // a^(l-1) (for every activation here, z > 0 exactly where a > 0).
            var w = ws.Parameters + ((long)spec.WeightOffsets[l] * lanes);
            var below = delta == ws.DeltaA ? ws.DeltaB : ws.DeltaA;
            Combine(w, layer.Outputs, 1, layer.Outputs, delta, null, below, layer.Inputs, longest, stride, new TimesDerivative(layers[l - 1], ws.Activations[l], stride));
            delta = below;
        }
    }

    /// <summary>
    /// A one-lane row's length rounded up to whole 256-bit vectors: its padding (rows of 16
    /// floats) is computed too, which nothing reads, rather than a tail through a copy. (Whole
    /// 512-bit vectors measured slower for W1's rows of 10 samples: 8.0 against 9.2-9.9 M
    /// samples/s on a Zen 5.)
    /// </summary>
    private static int WholeVectors(int floats) => (floats + 7) & ~7;

    /// <summary>What <see cref="Combine"/> does to a finished row of sums while it is in cache.</summary>
    private interface IRowFinish
    {
        /// <summary>Row <paramref name="q"/>, <paramref name="floats"/> long, at <paramref name="row"/>.</summary>
        void Finish(int q, float* row, int floats);
    }

    /// <summary>Nothing: the sums are the result.</summary>
    private readonly struct Unchanged : IRowFinish
    {
        public void Finish(int q, float* row, int floats)
        {
        }
    }

    /// <summary>The layer's element-wise activation, in place.</summary>
    private readonly struct Activated(DenseLayerShape layer) : IRowFinish
    {
        public void Finish(int q, float* row, int floats)
        {
            // One lane: the row is one agent's samples side by side, and an element-wise
            // function gives the same bits at any width, so it runs as wide as the CPU goes.
            if (TV.Count == 1 && Vector256.IsHardwareAccelerated)
            {
                VectorMath.Activate<Vec256>(layer.Activation, (float)layer.Alpha, row, row, WholeVectors(floats));
            }
            else
            {
                VectorMath.Activate<TV>(layer.Activation, (float)layer.Alpha, row, row, floats);
            }
        }
    }

    /// <summary>Times the derivative of the layer below, from its activations' row q.</summary>
    private readonly struct TimesDerivative(DenseLayerShape under, float* activations, int stride) : IRowFinish
    {
        public void Finish(int q, float* row, int floats)
        {
            var a = activations + ((long)q * stride);
            if (TV.Count == 1 && Vector256.IsHardwareAccelerated)
            {
                VectorMath.MultiplyByDerivative<Vec256>(under.Activation, (float)under.Alpha, a, a, row, WholeVectors(floats));
            }
            else
            {
                VectorMath.MultiplyByDerivative<TV>(under.Activation, (float)under.Alpha, a, a, row, floats);
            }
        }
    }

    /// <summary>
    /// <c>dest[q][s] = init[q] + sum_r c[q * cq + r * cr] x[r][s]</c> for q &lt; outputs and
    /// s &lt; samples, every term a vector over lanes (coefficient offsets count vectors): the
    /// forward pass (q = neuron, r = input) and BP2 (q = input, r = neuron) alike. Blocks of two
    /// outputs by four samples keep eight sums in registers for six loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Combine<TFinish>(float* c, int cq, int cr, int count, float* x, float* init, float* dest, int outputs, int samples, int stride, TFinish finish)
        where TFinish : struct, IRowFinish
    {
        if (TV.Count == 1 && Vector256.IsHardwareAccelerated)
        {
            CombineAcrossSamples<Vec256, TFinish>(c, cq, cr, count, x, init, dest, outputs, samples, stride, finish);
            return;
        }

        var v = TV.Count;
        long coeffStep = (long)cr * v;
        var q = 0;
        for (; q + 2 <= outputs; q += 2)
        {
            var c0 = c + ((long)q * cq * v);
            var c1 = c0 + ((long)cq * v);
            var i0 = init == null ? TV.Zero : TV.Load(init + ((long)q * v));
            var i1 = init == null ? TV.Zero : TV.Load(init + ((long)(q + 1) * v));
            var d0 = dest + ((long)q * stride);
            var d1 = d0 + stride;
            var s = 0;
            for (; s + 4 <= samples; s += 4)
            {
                TV a0 = i0, a1 = i0, a2 = i0, a3 = i0, b0 = i1, b1 = i1, b2 = i1, b3 = i1;
                var xr = x + ((long)s * v);
                var w0 = c0;
                var w1 = c1;
                for (var r = 0; r < count; r++)
                {
                    var x0 = TV.Load(xr);
                    var x1 = TV.Load(xr + v);
                    var x2 = TV.Load(xr + (2 * v));
                    var x3 = TV.Load(xr + (3 * v));
                    var u = TV.Load(w0);
                    a0 = TV.MultiplyAdd(u, x0, a0);
                    a1 = TV.MultiplyAdd(u, x1, a1);
                    a2 = TV.MultiplyAdd(u, x2, a2);
                    a3 = TV.MultiplyAdd(u, x3, a3);
                    u = TV.Load(w1);
                    b0 = TV.MultiplyAdd(u, x0, b0);
                    b1 = TV.MultiplyAdd(u, x1, b1);
                    b2 = TV.MultiplyAdd(u, x2, b2);
                    b3 = TV.MultiplyAdd(u, x3, b3);
                    xr += stride;
                    w0 += coeffStep;
                    w1 += coeffStep;
                }

                var o = (long)s * v;
                TV.Store(a0, d0 + o);
                TV.Store(a1, d0 + o + v);
                TV.Store(a2, d0 + o + (2 * v));
                TV.Store(a3, d0 + o + (3 * v));
                TV.Store(b0, d1 + o);
                TV.Store(b1, d1 + o + v);
                TV.Store(b2, d1 + o + (2 * v));
                TV.Store(b3, d1 + o + (3 * v));
            }

            for (; s < samples; s++)
            {
                TV a = i0, b = i1;
                var xr = x + ((long)s * v);
                var w0 = c0;
                var w1 = c1;
                for (var r = 0; r < count; r++)
                {
                    var xs = TV.Load(xr);
                    a = TV.MultiplyAdd(TV.Load(w0), xs, a);
                    b = TV.MultiplyAdd(TV.Load(w1), xs, b);
                    xr += stride;
                    w0 += coeffStep;
                    w1 += coeffStep;
                }

                TV.Store(a, d0 + ((long)s * v));
                TV.Store(b, d1 + ((long)s * v));
            }

            finish.Finish(q, d0, samples * v);
            finish.Finish(q + 1, d1, samples * v);
        }

        if (q < outputs)
        {
            var c0 = c + ((long)q * cq * v);
            var i0 = init == null ? TV.Zero : TV.Load(init + ((long)q * v));
            var d0 = dest + ((long)q * stride);
            for (var s = 0; s < samples; s++)
            {
                var a = i0;
                var xr = x + ((long)s * v);
                var w0 = c0;
                for (var r = 0; r < count; r++)
                {
                    a = TV.MultiplyAdd(TV.Load(w0), TV.Load(xr), a);
                    xr += stride;
                    w0 += coeffStep;
                }

                TV.Store(a, d0 + ((long)s * v));
            }

            finish.Finish(q, d0, samples * v);
        }
    }

    /// <summary>
    /// <see cref="Combine"/> for one lane, where a row is one agent's samples side by side: a
    /// vector of <typeparamref name="TW"/> holds samples, every coefficient is broadcast, and
    /// each sum adds the same terms in the same order as a lane does, so the bits are a lane's.
    /// Whole vectors run past the last sample into the row's padding (the one-lane workspace's
    /// rows are padded to 16 floats), whose values nothing reads.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void CombineAcrossSamples<TW, TFinish>(float* c, int cq, int cr, int count, float* x, float* init, float* dest, int outputs, int samples, int stride, TFinish finish)
        where TW : struct, IFloatVector<TW>
        where TFinish : struct, IRowFinish
    {
        var w = TW.Count;
        for (var q = 0; q < outputs; q++)
        {
            var cRow = c + ((long)q * cq);
            var start = init == null ? TW.Zero : TW.Broadcast(init[q]);
            var d = dest + ((long)q * stride);
            for (var s = 0; s < samples; s += w)
            {
                var sum = start;
                var xr = x + s;
                for (var r = 0; r < count; r++)
                {
                    sum = TW.MultiplyAdd(TW.Broadcast(cRow[(long)r * cr]), TW.Load(xr), sum);
                    xr += stride;
                }

                TW.Store(sum, d + s);
            }

            finish.Finish(q, d, samples);
        }
    }

    /// <summary>
    /// BP3 and BP4, averaged over each lane's batch: <c>gb[j] = mean_s delta[j][s]</c> and
    /// <c>gw[j][k] = mean_s delta[j][s] a[k][s]</c>, in blocks of two neurons by four inputs.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Gradients(float* delta, float* a, int outputs, int inputs, int samples, int stride, float* inverseLengths, float* gw, float* gb)
    {
        var v = TV.Count;
        var scale = TV.Load(inverseLengths);
        var j = 0;
        for (; j + 4 <= outputs; j += 4)
        {
            // Four neurons' sums side by side: four chains of adds, not one.
            var d = delta + ((long)j * stride);
            TV s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero;
            for (var s = 0; s < samples; s++)
            {
                var o = (long)s * v;
                s0 = TV.Add(s0, TV.Load(d + o));
                s1 = TV.Add(s1, TV.Load(d + stride + o));
                s2 = TV.Add(s2, TV.Load(d + (2 * stride) + o));
                s3 = TV.Add(s3, TV.Load(d + (3 * stride) + o));
            }

            TV.Store(TV.Multiply(s0, scale), gb + ((long)j * v));
            TV.Store(TV.Multiply(s1, scale), gb + ((long)(j + 1) * v));
            TV.Store(TV.Multiply(s2, scale), gb + ((long)(j + 2) * v));
            TV.Store(TV.Multiply(s3, scale), gb + ((long)(j + 3) * v));
        }

        for (; j < outputs; j++)
        {
            var d = delta + ((long)j * stride);
            var sum = TV.Zero;
            for (var s = 0; s < samples; s++)
            {
                sum = TV.Add(sum, TV.Load(d + ((long)s * v)));
            }

            TV.Store(TV.Multiply(sum, scale), gb + ((long)j * v));
        }

        var q = 0;
        for (; q + 2 <= outputs; q += 2)
        {
            var dA = delta + ((long)q * stride);
            var dB = dA + stride;
            var k = 0;
            for (; k + 4 <= inputs; k += 4)
            {
                var x = a + ((long)k * stride);
                TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero, b0 = TV.Zero, b1 = TV.Zero, b2 = TV.Zero, b3 = TV.Zero;
                for (var s = 0; s < samples; s++)
                {
                    var o = (long)s * v;
                    var x0 = TV.Load(x + o);
                    var x1 = TV.Load(x + stride + o);
                    var x2 = TV.Load(x + (2 * stride) + o);
                    var x3 = TV.Load(x + (3 * stride) + o);
                    var u = TV.Load(dA + o);
                    a0 = TV.MultiplyAdd(u, x0, a0);
                    a1 = TV.MultiplyAdd(u, x1, a1);
                    a2 = TV.MultiplyAdd(u, x2, a2);
                    a3 = TV.MultiplyAdd(u, x3, a3);
                    u = TV.Load(dB + o);
                    b0 = TV.MultiplyAdd(u, x0, b0);
                    b1 = TV.MultiplyAdd(u, x1, b1);
                    b2 = TV.MultiplyAdd(u, x2, b2);
                    b3 = TV.MultiplyAdd(u, x3, b3);
                }

                // The weights are stored by input: weight (q, k) is vector k * outputs + q.
                var gA = gw + ((((long)k * outputs) + q) * v);
                var gB = gA + v;
                var next = (long)outputs * v;
                TV.Store(TV.Multiply(a0, scale), gA);
                TV.Store(TV.Multiply(a1, scale), gA + next);
                TV.Store(TV.Multiply(a2, scale), gA + (2 * next));
                TV.Store(TV.Multiply(a3, scale), gA + (3 * next));
                TV.Store(TV.Multiply(b0, scale), gB);
                TV.Store(TV.Multiply(b1, scale), gB + next);
                TV.Store(TV.Multiply(b2, scale), gB + (2 * next));
                TV.Store(TV.Multiply(b3, scale), gB + (3 * next));
            }

            for (; k < inputs; k++)
            {
                GradientOne(dA, a + ((long)k * stride), samples, scale, gw + ((((long)k * outputs) + q) * v));
                GradientOne(dB, a + ((long)k * stride), samples, scale, gw + ((((long)k * outputs) + q + 1) * v));
            }
        }

        for (; q < outputs; q++)
        {
            for (var k = 0; k < inputs; k++)
            {
                GradientOne(delta + ((long)q * stride), a + ((long)k * stride), samples, scale, gw + ((((long)k * outputs) + q) * v));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientOne(float* d, float* x, int samples, TV scale, float* g)
    {
        var v = TV.Count;
        var sum = TV.Zero;
        for (var s = 0; s < samples; s++)
        {
            sum = TV.MultiplyAdd(TV.Load(d + ((long)s * v)), TV.Load(x + ((long)s * v)), sum);
        }

        TV.Store(TV.Multiply(sum, scale), g);
    }

    /// <summary>Softmax over the neurons of each sample, in place: lane-wise, one vector per neuron.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Softmax(int outputs, float* a, int samples, int stride)
    {
        var v = TV.Count;
        for (var s = 0; s < samples; s++)
        {
            var o = (long)s * v;
            var max = TV.Load(a + o);
            for (var j = 1; j < outputs; j++)
            {
                max = TV.Max(max, TV.Load(a + ((long)j * stride) + o));
            }

            var sum = TV.Zero;
            for (var j = 0; j < outputs; j++)
            {
                var at = ((long)j * stride) + o;
                var e = VectorMath.Exp(TV.Subtract(TV.Load(a + at), max));
                TV.Store(e, a + at);
                sum = TV.Add(sum, e);
            }

            for (var j = 0; j < outputs; j++)
            {
                var at = ((long)j * stride) + o;
                TV.Store(TV.Divide(TV.Load(a + at), sum), a + at);
            }
        }
    }

    /// <summary>Each lane's mean loss over its own samples, into <c>ws.Losses</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Losses(Loss loss, float* a, InterleavedWorkspace ws, int outputs, ReadOnlySpan<int> lengths, int samples)
    {
        var v = TV.Count;
        var stride = ws.RowStride;
        if (loss == Loss.Quadratic)
        {
            var acc = TV.Zero;
            for (var j = 0; j < outputs; j++)
            {
                var row = (long)j * stride;
                for (var s = 0; s < samples; s++)
                {
                    var o = row + ((long)s * v);
                    var d = TV.Multiply(TV.Subtract(TV.Load(ws.Targets + o), TV.Load(a + o)), TV.Load(ws.Mask + ((long)s * v)));
                    acc = TV.MultiplyAdd(d, d, acc);
                }
            }

            TV.Store(TV.Multiply(TV.Multiply(acc, TV.Broadcast(0.5f)), TV.Load(ws.InverseLengths)), ws.Losses);
            return;
        }

        for (var i = 0; i < lengths.Length; i++)
        {
            var sum = 0f;
            for (var j = 0; j < outputs; j++)
            {
                for (var s = 0; s < lengths[i]; s++)
                {
                    var at = (j * stride) + (s * v) + i;
                    var aj = a[at];
                    var yj = ws.Targets[at];
                    sum += loss == Loss.BinaryCrossEntropy
                        ? -((yj * MathF.Log(Math.Clamp(aj, LossFloor, 1f - LossFloor))) + ((1f - yj) * MathF.Log(Math.Clamp(1f - aj, LossFloor, 1f - LossFloor))))
                        : yj == 0f ? 0f : -yj * MathF.Log(MathF.Max(aj, LossFloor));
                }
            }

            ws.Losses[i] = lengths[i] == 0 ? 0f : sum / lengths[i];
        }
    }

    /// <summary>BP1: <c>delta = dC/da (.) f'(z)</c> of the output layer, zero past each lane's batch.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void OutputError(Loss loss, DenseLayerShape output, float* aL, InterleavedWorkspace ws, int samples)
    {
        var v = TV.Count;
        var stride = ws.RowStride;
        var delta = ws.DeltaA;
        var y = ws.Targets;
        for (var s = 0; s < samples; s++)
        {
            var o = (long)s * v;
            var total = TV.Zero;
            if (loss == Loss.SoftmaxCrossEntropy)
            {
                // dC/dz_j = a_j sum_k y_k - y_j: exact when the targets do not sum to 1.
                for (var j = 0; j < output.Outputs; j++)
                {
                    total = TV.Add(total, TV.Load(y + ((long)j * stride) + o));
                }
            }

            for (var j = 0; j < output.Outputs; j++)
            {
                var at = ((long)j * stride) + o;
                var aj = TV.Load(aL + at);
                var e = loss == Loss.SoftmaxCrossEntropy ? TV.Multiply(aj, total) : aj;
                TV.Store(TV.Subtract(e, TV.Load(y + at)), delta + at);
            }
        }

        for (var j = 0; j < output.Outputs; j++)
        {
            var row = (long)j * stride;
            if (loss == Loss.Quadratic)
            {
                VectorMath.MultiplyByDerivative<TV>(output.Activation, (float)output.Alpha, aL + row, aL + row, delta + row, samples * v);
            }

            // Padding samples are not samples: zero error there keeps them out of every gradient.
            for (var s = 0; s < samples; s++)
            {
                var at = row + ((long)s * v);
                TV.Store(TV.Multiply(TV.Load(delta + at), TV.Load(ws.Mask + ((long)s * v))), delta + at);
            }
        }
    }

    /// <summary>Row pointers of eight lanes' blocks of n floats from <paramref name="block"/> on, <paramref name="discard"/> for lanes not kept.</summary>
    private static void KeptRows(float* buffer, int n, ReadOnlySpan<int> sets, ReadOnlySpan<bool> keep, int block, float* discard, float** rows)
    {
        for (var i = 0; i < 8; i++)
        {
            var lane = block + i;
            rows[i] = lane < sets.Length && keep[lane] ? buffer + ((long)sets[lane] * n) : discard;
        }
    }

    private static bool Any(ReadOnlySpan<bool> keep, int block)
    {
        for (var i = block; i < block + 8 && i < keep.Length; i++)
        {
            if (keep[i])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Row pointers of eight lanes' blocks of n floats from <paramref name="block"/> on (the first set's where a lane has none).</summary>
    private static void Rows(float* buffer, int n, ReadOnlySpan<int> sets, int block, float** rows)
    {
        for (var i = 0; i < 8; i++)
        {
            var lane = block + i;
            rows[i] = buffer + ((long)(lane < sets.Length ? sets[lane] : sets[0]) * n);
        }
    }

    /// <summary>
    /// One lane's layout is the set's own blocks one after another: <see cref="ToLanes"/> and
    /// <see cref="FromLanes"/> for a one-lane group are whole-block copies, in or out.
    /// </summary>
    private static void OneLaneCopy(BrainSpec spec, PinnedBuffer[] weights, PinnedBuffer[] biases, long set, float* lane, bool intoLane)
    {
        var layers = spec.LayerArray;
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var at = lane + spec.WeightOffsets[l];
            Copy(weights[l].Pointer + (set * layer.WeightCount), at, layer.WeightCount, intoLane);
            Copy(biases[l].Pointer + (set * layer.Outputs), at + layer.WeightCount, layer.Outputs, intoLane);
        }

        static void Copy(float* store, float* lane, int n, bool intoLane)
        {
            var bytes = (long)n * sizeof(float);
            if (intoLane)
            {
                Buffer.MemoryCopy(store, lane, bytes, bytes);
            }
            else
            {
                Buffer.MemoryCopy(lane, store, bytes, bytes);
            }
        }
    }

    private static void Spread(float* source, int n, float* dest, int lanes)
    {
        for (var p = 0; p < n; p++)
        {
            dest[(long)p * lanes] = source[p];
        }
    }
}
