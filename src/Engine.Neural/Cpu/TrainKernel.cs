using System.Runtime.CompilerServices;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// One agent's training step on the CPU: forward over its mini-batch, BP1-BP4, then the
/// regularised, clipped optimiser update of its own parameters. Generic over vector width.
/// </summary>
internal static unsafe class TrainKernel<TV>
    where TV : struct, IFloatVector<TV>
{
    // Saturated sigmoid/softmax outputs reach exactly 0 or 1 in float; the reported loss
    // clamps them so it stays finite. The gradient (a - y) needs no clamp.
    private const float LossFloor = 1e-7f;

    /// <summary>
    /// Runs forward and backward for the <paramref name="batch"/> samples gathered into
    /// <paramref name="ws"/>, leaving the batch-mean gradient in <c>ws.Gradient</c>.
    /// Returns the batch's mean loss.
    /// </summary>
    // Backprop calls one method per phase and layer, each compiled on its own: inlined into
    // one body, the kernels used up the JIT's inlining budget and the vector operations of the
    // later loops (Load, Store, MultiplyAdd, Broadcast) stayed calls (29-32 call sites at every
    // width, about a third of a training step).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Backprop(BrainSpec spec, ParameterStore store, int slot, TrainWorkspace ws, int batch)
    {
        var layers = spec.LayerArray;
        var padded = ws.Padded;

        // Rows keep the workspace's stride, but only the batch's own columns are computed: a
        // batch of 20 in a workspace sized for 500 costs 20 columns (policy-gradient updates
        // take whatever length an episode had).
        var used = (batch + TV.Count - 1) / TV.Count * TV.Count;
        var chunks = used / TV.Count;
        var last = layers.Length - 1;

        for (var l = 0; l <= last; l++)
        {
            var layer = layers[l];
            var w = store.Weights[l].Pointer + ((long)slot * layer.WeightCount);
            var b = store.Biases[l].Pointer + ((long)slot * layer.Outputs);
            ForwardLayer(layer, w, b, ws.Activations[l], ws.WeightedInputs[l], ws.Activations[l + 1], padded, used);
        }

        // BP1: the output error.
        var output = layers[last];
        var aL = ws.Activations[last + 1];
        var loss = MeanLoss(spec.Loss, aL, ws.Targets, output.Outputs, padded, batch);
        OutputError(spec.Loss, output, ws.WeightedInputs[last], aL, ws.Targets, ws.DeltaA, padded, used, batch);

        var delta = ws.DeltaA;
        var inverseBatch = 1f / batch;
        for (var l = last; l >= 0; l--)
        {
            var layer = layers[l];
            var aIn = ws.Activations[l];
            var gw = ws.Gradient + spec.WeightOffsets[l];
            LayerGradients(layer, aIn, delta, padded, chunks, inverseBatch, gw, ws.GradientRows, ws.Scratch);
            if (l == 0)
            {
                break;
            }

            // BP2: delta^(l-1) = (W^T delta) (.) sigma'(z^(l-1)).
            var w = store.Weights[l].Pointer + ((long)slot * layer.WeightCount);
            var below = delta == ws.DeltaA ? ws.DeltaB : ws.DeltaA;
            BackLayer(layer, layers[l - 1], w, delta, ws.WeightedInputs[l - 1], aIn, below, padded, used);
            delta = below;
        }

        return loss;
    }

    /// <summary><c>z = W a + b</c> then <c>a' = f(z)</c> over the batch's columns.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ForwardLayer(DenseLayerShape layer, float* w, float* b, float* aIn, float* z, float* aOut, int padded, int used)
    {
        DenseKernels<TV>.CombineAll(w, 1, layer.Outputs, layer.Inputs, aIn, padded, used / TV.Count, b, z, layer.Outputs);
        if (layer.Activation == Activation.Softmax)
        {
            SoftmaxColumns(z, aOut, layer.Outputs, padded, used);
        }
        else
        {
            Activate(layer, z, aOut, padded, used);
        }
    }

    /// <summary>BP1: <c>delta = dC/da (.) f'(z)</c> of the output layer, zero in the padding columns.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void OutputError(Loss loss, DenseLayerShape output, float* z, float* aL, float* targets, float* delta, int padded, int used, int batch)
    {
        if (loss == Loss.SoftmaxCrossEntropy)
        {
            SoftmaxCrossEntropyError(aL, targets, delta, output.Outputs, padded, used);
        }
        else
        {
            for (var j = 0; j < output.Outputs; j++)
            {
                var row = j * padded;
                for (var i = 0; i < used; i += TV.Count)
                {
                    TV.Store(TV.Subtract(TV.Load(aL + row + i), TV.Load(targets + row + i)), delta + row + i);
                }
            }
        }

        if (loss == Loss.Quadratic)
        {
            MultiplyByDerivative(output, z, aL, delta, padded, used);
        }

        // Padding columns are not samples: zero error there keeps them out of every gradient.
        for (var j = 0; j < output.Outputs; j++)
        {
            new Span<float>(delta + (j * padded) + batch, used - batch).Clear();
        }
    }

    /// <summary>
    /// BP3 and BP4, averaged over the batch: <c>dC/db_j = mean_s delta_j</c> and
    /// <c>dC/dw_jk = mean_s delta_j a_k</c>, one dot product of two rows per weight, each
    /// neuron's into a row of <paramref name="rows"/>, then turned into the store's layout.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void LayerGradients(DenseLayerShape layer, float* aIn, float* delta, int padded, int chunks, float inverseBatch, float* gw, float* rows, float* scratch)
    {
        var gb = gw + layer.WeightCount;
        var inputs = layer.Inputs;
        var outputs = layer.Outputs;
        for (var j = 0; j < outputs; j++)
        {
            gb[j] = inverseBatch * DenseKernels<TV>.SumRow(delta + (j * padded), chunks);
            DenseKernels<TV>.DotsWithSharedRow(aIn, padded, delta + (j * padded), inputs, chunks, inverseBatch, rows + (j * inputs), scratch);
        }

        WeightLayout.Turn(new ReadOnlySpan<float>(rows, layer.WeightCount), outputs, inputs, new Span<float>(gw, layer.WeightCount));
    }

    /// <summary>BP2: <c>below = (W^T delta) (.) f'(z_below)</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BackLayer(DenseLayerShape layer, DenseLayerShape under, float* w, float* delta, float* zUnder, float* aUnder, float* below, int padded, int used)
    {
        DenseKernels<TV>.CombineAll(w, layer.Outputs, 1, layer.Outputs, delta, padded, used / TV.Count, null, below, layer.Inputs);
        MultiplyByDerivative(under, zUnder, aUnder, below, padded, used);
    }

    /// <summary>
    /// Applies <c>ws.Gradient</c> to slot <paramref name="slot"/>: regularisation on the weights,
    /// clipping by value then by global norm, then the optimiser with the learning rate and
    /// Adam bias corrections the cohort decided for this set.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update(BrainSpec spec, ParameterStore store, int slot, float* gradient, in StepConstants k, float learningRate, float firstCorrection, float secondCorrection)
    {
        var layers = spec.LayerArray;
        var tmp = stackalloc float[4 * TV.Count];
        var normSquared = 0f;
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var gw = gradient + spec.WeightOffsets[l];
            normSquared += Prepare(store.Weights[l].Pointer + ((long)slot * layer.WeightCount), gw, layer.WeightCount, isWeight: true, k, tmp);
            normSquared += Prepare(null, gw + layer.WeightCount, layer.Outputs, isWeight: false, k, tmp);
        }

        var args = new OptimizerStep<TV>.Constants(k)
        {
            LearningRate = learningRate,
        };

        if (k.ClipNorm > 0)
        {
            var norm = MathF.Sqrt(normSquared);
            if (norm > k.ClipNorm)
            {
                args.GradientScale = k.ClipNorm / norm;
            }
        }

        if (k.Optimizer == OptimizerKind.Adam)
        {
            args.FirstCorrection = firstCorrection;
            args.SecondCorrection = secondCorrection;
        }

        var first = k.Optimizer == OptimizerKind.Momentum ? store.Velocity : store.FirstMoment;
        var second = store.SecondMoment;
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var gw = gradient + spec.WeightOffsets[l];
            long wAt = (long)slot * layer.WeightCount;
            long bAt = (long)slot * layer.Outputs;
            Apply(
                store.Weights[l].Pointer + wAt,
                gw,
                first is null ? null : first.Weights[l].Pointer + wAt,
                second is null ? null : second.Weights[l].Pointer + wAt,
                layer.WeightCount,
                args,
                tmp);
            Apply(
                store.Biases[l].Pointer + bAt,
                gw + layer.WeightCount,
                first is null ? null : first.Biases[l].Pointer + bAt,
                second is null ? null : second.Biases[l].Pointer + bAt,
                layer.Outputs,
                args,
                tmp);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float MeanLoss(Loss loss, float* a, float* y, int outputs, int padded, int batch)
    {
        if (loss == Loss.Quadratic)
        {
            return QuadraticLoss(a, y, outputs, padded, batch) / batch;
        }

        var sum = 0f;
        for (var j = 0; j < outputs; j++)
        {
            for (var s = 0; s < batch; s++)
            {
                var aj = a[(j * padded) + s];
                var yj = y[(j * padded) + s];
                sum += loss == Loss.BinaryCrossEntropy
                    ? -((yj * MathF.Log(Math.Clamp(aj, LossFloor, 1f - LossFloor))) + ((1f - yj) * MathF.Log(Math.Clamp(1f - aj, LossFloor, 1f - LossFloor))))
                    : yj == 0f ? 0f : -yj * MathF.Log(MathF.Max(aj, LossFloor));
            }
        }

        return sum / batch;
    }

    /// <summary>
    /// <c>sum 0.5 (y - a)^2</c> over the batch's columns: whole vectors, then the columns past
    /// the last whole vector one by one (the padding columns hold stale values, never summed).
    /// </summary>
    private static float QuadraticLoss(float* a, float* y, int outputs, int padded, int batch)
    {
        var whole = batch / TV.Count * TV.Count;
        var acc = TV.Zero;
        var tail = 0f;
        for (var j = 0; j < outputs; j++)
        {
            var row = j * padded;
            for (var s = 0; s < whole; s += TV.Count)
            {
                var d = TV.Subtract(TV.Load(y + row + s), TV.Load(a + row + s));
                acc = TV.MultiplyAdd(d, d, acc);
            }

            for (var s = whole; s < batch; s++)
            {
                var d = y[row + s] - a[row + s];
                tail += d * d;
            }
        }

        return 0.5f * (TV.Sum(acc) + tail);
    }

    /// <summary>
    /// <c>dC/dz_j = a_j sum_k y_k - y_j</c> for <c>C = -sum_k y_k ln a_k</c>: the familiar
    /// <c>a - y</c> when the targets sum to 1, and still exact when they do not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SoftmaxCrossEntropyError(float* a, float* y, float* delta, int outputs, int padded, int used)
    {
        for (var c = 0; c < used; c += TV.Count)
        {
            var total = TV.Zero;
            for (var j = 0; j < outputs; j++)
            {
                total = TV.Add(total, TV.Load(y + (j * padded) + c));
            }

            for (var j = 0; j < outputs; j++)
            {
                var at = (j * padded) + c;
                TV.Store(TV.Subtract(TV.Multiply(TV.Load(a + at), total), TV.Load(y + at)), delta + at);
            }
        }
    }

    /// <summary>
    /// The layer's activation over the first <paramref name="used"/> columns of each of its
    /// rows (stride <paramref name="padded"/>): one call over the block when they are all of it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Activate(DenseLayerShape layer, float* z, float* a, int padded, int used)
    {
        if (used == padded)
        {
            VectorMath.Activate<TV>(layer.Activation, (float)layer.Alpha, z, a, layer.Outputs * padded);
            return;
        }

        for (var j = 0; j < layer.Outputs; j++)
        {
            VectorMath.Activate<TV>(layer.Activation, (float)layer.Alpha, z + (j * padded), a + (j * padded), used);
        }
    }

    /// <summary><c>delta *= f'(z)</c> over the first <paramref name="used"/> columns of each row, as <see cref="Activate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyByDerivative(DenseLayerShape layer, float* z, float* a, float* delta, int padded, int used)
    {
        if (used == padded)
        {
            VectorMath.MultiplyByDerivative<TV>(layer.Activation, (float)layer.Alpha, z, a, delta, layer.Outputs * padded);
            return;
        }

        for (var j = 0; j < layer.Outputs; j++)
        {
            var row = j * padded;
            VectorMath.MultiplyByDerivative<TV>(layer.Activation, (float)layer.Alpha, z + row, a + row, delta + row, used);
        }
    }

    /// <summary>Softmax down each of the first <paramref name="used"/> columns (samples) of <c>[outputs][padded]</c> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SoftmaxColumns(float* z, float* a, int outputs, int padded, int used)
    {
        for (var c = 0; c < used; c += TV.Count)
        {
            var max = TV.Load(z + c);
            for (var j = 1; j < outputs; j++)
            {
                max = TV.Max(max, TV.Load(z + (j * padded) + c));
            }

            var sum = TV.Zero;
            for (var j = 0; j < outputs; j++)
            {
                var e = VectorMath.Exp(TV.Subtract(TV.Load(z + (j * padded) + c), max));
                TV.Store(e, a + (j * padded) + c);
                sum = TV.Add(sum, e);
            }

            for (var j = 0; j < outputs; j++)
            {
                TV.Store(TV.Divide(TV.Load(a + (j * padded) + c), sum), a + (j * padded) + c);
            }
        }
    }

    /// <summary>Adds the weight penalty and clips by value, in place; returns the sum of squares.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Prepare(float* p, float* g, int n, bool isWeight, in StepConstants k, float* tmp)
    {
        var full = n / TV.Count * TV.Count;
        var acc = OptimizerStep<TV>.Prepare(p, g, full / TV.Count, isWeight, k);
        var rest = n - full;
        if (rest > 0)
        {
            // The tail goes through the same vector code on a zero-padded copy.
            var tp = tmp;
            var tg = tmp + TV.Count;
            new Span<float>(tmp, 2 * TV.Count).Clear();
            new Span<float>(g + full, rest).CopyTo(new Span<float>(tg, rest));
            if (p != null)
            {
                new Span<float>(p + full, rest).CopyTo(new Span<float>(tp, rest));
            }

            acc = TV.Add(acc, OptimizerStep<TV>.Prepare(tp, tg, 1, isWeight, k));
            new Span<float>(tg, rest).CopyTo(new Span<float>(g + full, rest));
        }

        return TV.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply(float* p, float* g, float* s1, float* s2, int n, in OptimizerStep<TV>.Constants args, float* tmp)
    {
        var full = n / TV.Count * TV.Count;
        OptimizerStep<TV>.Apply(p, g, s1, s2, full / TV.Count, args, Coefficients(args));
        var rest = n - full;
        if (rest <= 0)
        {
            return;
        }

        var c = TV.Count;
        new Span<float>(tmp, 4 * c).Clear();
        new Span<float>(p + full, rest).CopyTo(new Span<float>(tmp, rest));
        new Span<float>(g + full, rest).CopyTo(new Span<float>(tmp + c, rest));
        if (s1 != null)
        {
            new Span<float>(s1 + full, rest).CopyTo(new Span<float>(tmp + (2 * c), rest));
        }

        if (s2 != null)
        {
            new Span<float>(s2 + full, rest).CopyTo(new Span<float>(tmp + (3 * c), rest));
        }

        OptimizerStep<TV>.Apply(tmp, tmp + c, tmp + (2 * c), tmp + (3 * c), 1, args, Coefficients(args));
        new Span<float>(tmp, rest).CopyTo(new Span<float>(p + full, rest));
        if (s1 != null)
        {
            new Span<float>(tmp + (2 * c), rest).CopyTo(new Span<float>(s1 + full, rest));
        }

        if (s2 != null)
        {
            new Span<float>(tmp + (3 * c), rest).CopyTo(new Span<float>(s2 + full, rest));
        }
    }

    /// <summary>One agent's step coefficients as vectors: every lane is a parameter of that agent.</summary>
    private static OptimizerStep<TV>.Lanes Coefficients(in OptimizerStep<TV>.Constants args) =>
        new(TV.Broadcast(args.LearningRate), TV.Broadcast(args.GradientScale), TV.Broadcast(args.FirstCorrection), TV.Broadcast(args.SecondCorrection));
}
