using System.Runtime.CompilerServices;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// One dense layer, <c>a = f(W x + b)</c>, for a run of agents each with its own weights
/// (<c>W[agent][out][in]</c>, agents one after another in the store): every weight vector is
/// multiplied by the agent's input once, and a tree of
/// <see cref="IFloatVector{TSelf}.FoldGroups"/> turns <c>TV.Count</c> rows' products into one
/// vector of their sums, so no sum goes through memory or a horizontal add and the activation
/// runs on that vector in registers. Rows of 1, 2, 4 or 8 inputs shorter than a vector are
/// packed several to a vector (8 inputs: two rows in 16 lanes); other rows take a vector or
/// more each. One call runs the layer for the whole run, streaming its weights in store order.
/// </summary>
/// <remarks>
/// Every width sums a row in one order, so a layer's outputs are the same bits at 128, 256
/// and 512 bits. Lane k of 16 starts with the row's product k (rounded) and multiply-adds
/// products k + 16, k + 32, ... into it (fused, one rounding each); then the 16 lanes fold in
/// halves, lane k plus lane k + 8, then k + 4, k + 2 and k + 1: the fold tree's own order at
/// 16 lanes. 512 bits run exactly that (a multiply, then a multiply-add per further vector);
/// 256 bits hold the 16 lanes as two vectors and add them before the tree (a row of 16:
/// multiply, multiply, add); 128 bits as four, <c>(v0 + v2) + (v1 + v3)</c>. Lanes past a
/// row's end hold the product -0 (weight +0 times input -0), the one value that leaves any
/// sum x as it is, -0 included (+0 would turn a -0 sum into +0), in an add or a multiply-add
/// alike: so a width may leave those lanes out or carry them, and a row of 8 that fills one
/// vector at 256 bits and half a group at 512, or a row of 12 that ends inside a vector, sums
/// to the same bits. The bias is added after the sum, and the activations are lane-wise
/// formulas, the same at every width; so every width computes every layer alike, and a
/// layer of rows shorter than half a vector runs at the narrower width they fill.
/// </remarks>
internal static unsafe class FoldedDots<TV>
    where TV : struct, IFloatVector<TV>
{
    // Whether a layer's weights are asked for ahead (WeightPrefetch says how far);
    // ENGINE_NEURAL_PREFETCH=0 turns it off, to measure what it buys.
    private static readonly bool PrefetchEnabled = Environment.GetEnvironmentVariable("ENGINE_NEURAL_PREFETCH") != "0";

    // Where a tree of g-lane groups leaves output i: Orders[log2 g][i] is its lane. Found
    // by running the tree itself (Probe), so it cannot drift from the folds.
    private static readonly int*[] Orders = BuildOrders();

    /// <summary>Floats of scratch <see cref="Layer"/> needs.</summary>
    public static int ScratchFloats => (TV.Count * TV.Count) + (4 * TV.Count);

    /// <summary>
    /// For every agent a of <paramref name="run"/>:
    /// <c>dest[a][j] = f(b[a][j] + sum_k w[a][j][k] x[a][k])</c>, j &lt; outputs, any number of
    /// inputs and outputs; each destination row needs room for the outputs rounded up to whole
    /// vectors. Softmax is left to the caller (the sums are stored as they are).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Layer(in LayerRun run, Activation activation, float alpha)
    {
        // Rows of 3, 5, 6 or 7 inputs (they pack no vector) take a vector each: a narrower one
        // wastes fewer lanes and folds fewer, for the same sums.
        var inputs = run.Inputs;
        if (TV.Count > Vec128.Count && 2 * inputs < TV.Count && (inputs & (inputs - 1)) != 0)
        {
            if (inputs < Vec128.Count)
            {
                FoldedDots<Vec128>.Layer(run, activation, alpha);
            }
            else
            {
                FoldedDots<Vec256>.Layer(run, activation, alpha);
            }

            return;
        }

        // One specialised loop per activation and kind of layer: inlined all together, the
        // trees and activations exceed what the JIT inlines into one method, and every vector
        // operation becomes a call.
        switch (activation)
        {
            case Activation.Tanh:
                Layer<TanhOp>(run, alpha);
                break;
            case Activation.Sigmoid:
                Layer<SigmoidOp>(run, alpha);
                break;
            case Activation.ReLU:
                Layer<ReluOp>(run, alpha);
                break;
            case Activation.LeakyReLU:
                Layer<LeakyReluOp>(run, alpha);
                break;
            case Activation.ELU:
                Layer<EluOp>(run, alpha);
                break;
            case Activation.Step:
                Layer<StepOp>(run, alpha);
                break;
            default:
                Layer<IdentityOp>(run, alpha);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Layer<TOp>(in LayerRun run, float alpha)
        where TOp : struct, IActivationOp
    {
        var lanes = TV.Count;
        var wholeVectorsOfRows = run.Outputs % lanes == 0;
        switch (run.Inputs)
        {
            case var n when n == lanes && wholeVectorsOfRows:
                WholeRows<TOp, VectorRows>(run, alpha);
                break;
            case var n when n == lanes && FewRowsFit(run.Outputs):
                FewRows<TOp, VectorRows>(run, alpha);
                break;
            case var n when n == 2 * lanes && FewRowsFit(run.Outputs):
                if (lanes == 16)
                {
                    FewRows<TOp, TwoVectorLeaves<FusedPair>>(run, alpha);
                }
                else
                {
                    FewRows<TOp, TwoVectorLeaves<AddedPair>>(run, alpha);
                }

                break;
            case var n when n == 2 * lanes && wholeVectorsOfRows:
                if (lanes == 16)
                {
                    WholeRows<TOp, TwoVectorLeaves<FusedPair>>(run, alpha);
                }
                else
                {
                    WholeRows<TOp, TwoVectorLeaves<AddedPair>>(run, alpha);
                }

                break;
            case 1:
                Packed<TOp, Group1>(run, alpha);
                break;
            case 2:
                Packed<TOp, Group2>(run, alpha);
                break;
            case 4 when lanes > 4:
                Packed<TOp, Group4>(run, alpha);
                break;
            case 8 when lanes > 8:
                Packed<TOp, Group8>(run, alpha);
                break;
            case var n when n % lanes == 0:
                AnyRows<TOp, WholeVectors>(run, alpha);
                break;
            default:
                AnyRows<TOp, PartialVector>(run, alpha);
                break;
        }
    }

    /// <summary>
    /// Whole vectors of rows, each vector's leaves made by <typeparamref name="TL"/> (rows of one
    /// vector, of two, or several short rows to a vector): nothing to pad or test for.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void WholeRows<TOp, TL>(LayerRun run, float alpha)
        where TOp : struct, IActivationOp
        where TL : struct, IRowLeaves<TL>
    {
        var lanes = TV.Count;
        var order = Orders[Log2(TL.GroupSize)];
        var alphaV = TV.Broadcast(alpha);
        var prefetch = new WeightPrefetch(run.WeightStride, run.BiasStride);
        var w = run.Weights;
        var b = run.Biases;
        var x = run.Inputs0;
        var dest = run.Destination;
        for (var a = 0; a < run.Count; a++)
        {
            for (var o = 0; o < run.Outputs; o += lanes)
            {
                Finish<TOp>(Tree(TL.Over(w + ((long)o * TL.RowFloats), x), TL.GroupSize, TL.GroupSize), order, TV.Load(b + o), alphaV, dest + o);
            }

            Prefetch(w, b, prefetch);
            w += run.WeightStride;
            b += run.BiasStride;
            x += run.InputStride;
            dest += run.DestinationStride;
        }
    }

    /// <summary>Whether <see cref="FewRows"/> takes a layer of this many outputs: fewer than a vector, whole quarters of the tree.</summary>
    private static bool FewRowsFit(int outputs) => outputs < TV.Count && outputs % 4 == 0;

    /// <summary>
    /// Rows of one or two vectors, fewer of them than lanes and a multiple of 4 (an output
    /// layer of 4 after 16 hidden units): the tree folds only the rows there are, the biases
    /// load masked, and no leaf goes through memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FewRows<TOp, TL>(LayerRun run, float alpha)
        where TOp : struct, IActivationOp
        where TL : struct, IRowLeaves<TL>
    {
        var lanes = TV.Count;
        var order = Orders[Log2(lanes)];
        var alphaV = TV.Broadcast(alpha);
        var prefetch = new WeightPrefetch(run.WeightStride, run.BiasStride);
        var w = run.Weights;
        var b = run.Biases;
        var x = run.Inputs0;
        var dest = run.Destination;
        var rows = run.Outputs;
        var biasMask = TV.FirstLanes(rows);
        for (var a = 0; a < run.Count; a++)
        {
            Finish<TOp>(Tree(TL.Over(w, x), lanes, rows), order, TV.LoadMasked(b, biasMask), alphaV, dest);
            Prefetch(w, b, prefetch);
            w += run.WeightStride;
            b += run.BiasStride;
            x += run.InputStride;
            dest += run.DestinationStride;
        }
    }

    /// <summary>
    /// Rows of any length: each row's products summed over its vectors (<see cref="RowLeaf"/>,
    /// the last one partial where the row ends inside a vector) into a leaf in scratch, zeros
    /// for the rows past the last up to what the tree reads, then the tree over those.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void AnyRows<TOp, TEnd>(LayerRun run, float alpha)
        where TOp : struct, IActivationOp
        where TEnd : struct, IRowEnd
    {
        var lanes = TV.Count;
        var order = Orders[Log2(lanes)];
        var alphaV = TV.Broadcast(alpha);
        var leaves = run.Scratch;
        var biasTail = leaves + (lanes * lanes);
        var inputTail = biasTail + lanes;
        var inputs = run.Inputs;
        var outputs = run.Outputs;
        var full = outputs / lanes * lanes;
        var vectors = inputs / lanes;
        var tail = inputs - (vectors * lanes);
        var count = TEnd.Partial ? vectors + 1 : vectors;
        var mask = TEnd.Partial ? TV.FirstLanes(tail) : TV.Zero;
        var prefetch = new WeightPrefetch(run.WeightStride, run.BiasStride);
        var w = run.Weights;
        var b = run.Biases;
        var x = run.Inputs0;
        var dest = run.Destination;
        for (var a = 0; a < run.Count; a++)
        {
            PadTail(b, outputs, biasTail);
            if (TEnd.Partial)
            {
                // The input's last partial vector, -0 past the row's end: times the weights'
                // last vector, loaded with +0 there, every product past the end is -0.
                TV.Store(TV.Broadcast(-0f), inputTail);
                for (var i = 0; i < tail; i++)
                {
                    inputTail[i] = x[(vectors * lanes) + i];
                }
            }

            for (var o = 0; o < outputs; o += lanes)
            {
                var rows = Math.Min(lanes, outputs - o);
                var read = Math.Min(lanes, (rows + 3) & ~3);
                for (var k = 0; k < read; k++)
                {
                    TV.Store(k < rows ? RowLeaf<TEnd>(w + ((long)(o + k) * inputs), x, inputTail, mask, vectors, count) : TV.Zero, leaves + (k * lanes));
                }

                Finish<TOp>(Tree(new StoredLeaves(leaves), lanes, rows), order, TV.Load(o < full ? b + o : biasTail), alphaV, dest + o);
            }

            Prefetch(w, b, prefetch);
            w += run.WeightStride;
            b += run.BiasStride;
            x += run.InputStride;
            dest += run.DestinationStride;
        }
    }

    /// <summary>Rows of <c>TG.Size</c> inputs, <c>TV.Count / TG.Size</c> of them to a vector.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Packed<TOp, TG>(LayerRun run, float alpha)
        where TOp : struct, IActivationOp
        where TG : struct, IGroupSize
    {
        // Outputs in whole vectors: every leaf a whole vector of weights, nothing to pad or test.
        if (run.Outputs % TV.Count == 0)
        {
            WholeRows<TOp, RepeatedInputRows<TG>>(run, alpha);
            return;
        }

        var lanes = TV.Count;
        var order = Orders[Log2(TG.Size)];
        var alphaV = TV.Broadcast(alpha);
        var outputs = run.Outputs;
        var floats = outputs * TG.Size;
        var fullLeaves = floats / lanes;
        var fullOutputs = outputs / lanes * lanes;
        var rowsPerLeaf = lanes / TG.Size;

        // The weights' last partial vector (zero-padded), a vector of zeros for leaves past
        // the end, and the biases' last partial vector.
        var weightTail = run.Scratch;
        var biasTail = weightTail + (2 * lanes);
        TV.Store(TV.Zero, weightTail + lanes);
        var prefetch = new WeightPrefetch(run.WeightStride, run.BiasStride);
        var w = run.Weights;
        var b = run.Biases;
        var x = run.Inputs0;
        var dest = run.Destination;
        for (var a = 0; a < run.Count; a++)
        {
            if (fullLeaves * lanes < floats)
            {
                PadTail(w, floats, weightTail);
            }

            if (fullOutputs < outputs)
            {
                PadTail(b, outputs, biasTail);
            }

            var input = TV.LoadRepeated(x, TG.Size);
            for (var o = 0; o < outputs; o += lanes)
            {
                var first = o / rowsPerLeaf;
                var packed = new PackedLeaves(w + ((long)first * lanes), input, fullLeaves - first, weightTail);
                Finish<TOp>(Tree(packed, TG.Size, TG.Size), order, TV.Load(o < fullOutputs ? b + o : biasTail), alphaV, dest + o);
            }

            Prefetch(w, b, prefetch);
            w += run.WeightStride;
            b += run.BiasStride;
            x += run.InputStride;
            dest += run.DestinationStride;
        }
    }

    /// <summary>
    /// Asks for the weights of the agent <see cref="WeightPrefetch.DistanceBytes"/> or more
    /// ahead of <paramref name="w"/> (one agent's worth of lines, into L2), and for that agent's
    /// biases from <paramref name="b"/>: the layer streams both once, and the hardware prefetcher
    /// alone left a core at about half of what it can read (8 KiB into L2 measured better than
    /// 4 KiB into L1 with 1,024-agent tiles; the biases too, 3-6 % at 100,000 agents). Four lines
    /// a step: a loop step per line was a fifth of the instructions of a forward pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* w, float* b, in WeightPrefetch prefetch)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || !PrefetchEnabled)
        {
            return;
        }

        System.Runtime.Intrinsics.X86.Sse.Prefetch1((byte*)b + prefetch.BiasAheadBytes);

        var line = (byte*)w + prefetch.AheadBytes;
        var i = 0;
        for (; i + 4 <= prefetch.Lines; i += 4)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch1(line);
            System.Runtime.Intrinsics.X86.Sse.Prefetch1(line + 64);
            System.Runtime.Intrinsics.X86.Sse.Prefetch1(line + 128);
            System.Runtime.Intrinsics.X86.Sse.Prefetch1(line + 192);
            line += 256;
        }

        for (; i < prefetch.Lines; i++)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch1(line);
            line += 64;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TOp>(TV sums, int* order, TV bias, TV alpha, float* dest)
        where TOp : struct, IActivationOp =>
        TV.Store(TOp.Apply(TV.Add(TV.Permute(sums, order), bias), alpha), dest);

    /// <summary>
    /// A row's products with the input summed over the row's <paramref name="count"/> vectors
    /// (not across lanes) in the order every width shares (see the remarks on the class): the
    /// 16 lanes of that order are r = 16 / <c>TV.Count</c> vectors of sums; vector i of products
    /// starts sum i, or from i = r on is multiply-added into sum i % r; then the sums fold in
    /// halves into one. Sums the row does not reach would be -0, and are left out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV RowLeaf<TEnd>(float* row, float* x, float* inputTail, TV mask, int vectors, int count)
        where TEnd : struct, IRowEnd
    {
        var s0 = TV.Multiply(RowVector<TEnd>(row, mask, vectors, 0), InputVector<TEnd>(x, inputTail, vectors, 0));
        if (TV.Count == 16)
        {
            for (var i = 1; i < count; i++)
            {
                s0 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, i), InputVector<TEnd>(x, inputTail, vectors, i), s0);
            }

            return s0;
        }

        if (count == 1)
        {
            return s0;
        }

        var s1 = TV.Multiply(RowVector<TEnd>(row, mask, vectors, 1), InputVector<TEnd>(x, inputTail, vectors, 1));
        if (TV.Count == 8)
        {
            var i = 2;
            for (; i + 1 < count; i += 2)
            {
                s0 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, i), InputVector<TEnd>(x, inputTail, vectors, i), s0);
                s1 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, i + 1), InputVector<TEnd>(x, inputTail, vectors, i + 1), s1);
            }

            if (i < count)
            {
                s0 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, i), InputVector<TEnd>(x, inputTail, vectors, i), s0);
            }

            return TV.Add(s0, s1);
        }

        // Four lanes: the 16 are four vectors, folded (s0 + s2) + (s1 + s3).
        var s2 = count > 2 ? TV.Multiply(RowVector<TEnd>(row, mask, vectors, 2), InputVector<TEnd>(x, inputTail, vectors, 2)) : TV.Zero;
        if (count < 4)
        {
            return count == 2 ? TV.Add(s0, s1) : TV.Add(TV.Add(s0, s2), s1);
        }

        var s3 = TV.Multiply(RowVector<TEnd>(row, mask, vectors, 3), InputVector<TEnd>(x, inputTail, vectors, 3));
        var j = 4;
        for (; j + 3 < count; j += 4)
        {
            s0 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, j), InputVector<TEnd>(x, inputTail, vectors, j), s0);
            s1 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, j + 1), InputVector<TEnd>(x, inputTail, vectors, j + 1), s1);
            s2 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, j + 2), InputVector<TEnd>(x, inputTail, vectors, j + 2), s2);
            s3 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, j + 3), InputVector<TEnd>(x, inputTail, vectors, j + 3), s3);
        }

        if (j < count)
        {
            s0 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, j), InputVector<TEnd>(x, inputTail, vectors, j), s0);
        }

        if (j + 1 < count)
        {
            s1 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, j + 1), InputVector<TEnd>(x, inputTail, vectors, j + 1), s1);
        }

        if (j + 2 < count)
        {
            s2 = TV.MultiplyAdd(RowVector<TEnd>(row, mask, vectors, j + 2), InputVector<TEnd>(x, inputTail, vectors, j + 2), s2);
        }

        return TV.Add(TV.Add(s0, s2), TV.Add(s1, s3));
    }

    /// <summary>Vector <paramref name="i"/> of a row's weights; of a row with a partial end, at <paramref name="i"/> = <paramref name="vectors"/>, the last, +0 past the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV RowVector<TEnd>(float* row, TV mask, int vectors, int i)
        where TEnd : struct, IRowEnd =>
        TEnd.Partial && i == vectors ? TV.LoadMasked(row + ((long)i * TV.Count), mask) : TV.Load(row + ((long)i * TV.Count));

    /// <summary>Vector <paramref name="i"/> of the input, as <see cref="RowVector"/> (the last from <paramref name="inputTail"/>, -0 past the row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV InputVector<TEnd>(float* x, float* inputTail, int vectors, int i)
        where TEnd : struct, IRowEnd =>
        TEnd.Partial && i == vectors ? TV.Load(inputTail) : TV.Load(x + ((long)i * TV.Count));

    /// <summary>
    /// Copies what is left of <paramref name="count"/> floats after their whole vectors into
    /// <paramref name="tail"/>, zero-padded to a vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PadTail(float* source, int count, float* tail)
    {
        var full = count / TV.Count * TV.Count;
        TV.Store(TV.Zero, tail);
        for (var i = full; i < count; i++)
        {
            tail[i - full] = source[i];
        }
    }

    /// <summary>
    /// The fold tree over leaves 0 .. <paramref name="groupSize"/> - 1: one vector holding
    /// <c>TV.Count</c> finished dot products (in the order of <see cref="Orders"/>). Quarters of
    /// the tree from leaf <paramref name="limit"/> on are zero and not computed (a layer of 4
    /// rows of 16 folds 4 leaves, not 16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Tree<TL>(TL leaves, int groupSize, int limit)
        where TL : struct, ILeaves
    {
        switch (groupSize)
        {
            case 1:
                return leaves.Leaf(0);
            case 2:
                return TV.FoldGroups(leaves.Leaf(0), leaves.Leaf(1), 2);
            case 4:
                return TV.FoldGroups(
                    TV.FoldGroups(leaves.Leaf(0), leaves.Leaf(1), 4),
                    TV.FoldGroups(leaves.Leaf(2), leaves.Leaf(3), 4),
                    2);
            case 8:
                return TV.FoldGroups(Quarter(leaves, 0, 8, limit), Quarter(leaves, 4, 8, limit), 2);
            default:
                var a = TV.FoldGroups(Quarter(leaves, 0, 16, limit), Quarter(leaves, 4, 16, limit), 4);
                var c = TV.FoldGroups(Quarter(leaves, 8, 16, limit), Quarter(leaves, 12, 16, limit), 4);
                return TV.FoldGroups(a, c, 2);
        }
    }

    /// <summary>Leaves k .. k + 3 folded twice, from groups of <paramref name="groupSize"/> lanes to a quarter of that; zero from <paramref name="limit"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Quarter<TL>(TL leaves, int k, int groupSize, int limit)
        where TL : struct, ILeaves =>
        k >= limit
            ? TV.Zero
            : TV.FoldGroups(
                TV.FoldGroups(leaves.Leaf(k), leaves.Leaf(k + 1), groupSize),
                TV.FoldGroups(leaves.Leaf(k + 2), leaves.Leaf(k + 3), groupSize),
                groupSize / 2);

    private static int Log2(int groupSize) => 31 - int.LeadingZeroCount(groupSize);

    private static int*[] BuildOrders()
    {
        var lanes = TV.Count;
        var orders = new int*[Log2(lanes) + 1];
        for (var g = 1; g <= lanes; g *= 2)
        {
            orders[Log2(g)] = Probe(g);
        }

        return orders;
    }

    /// <summary>
    /// Runs the tree of <paramref name="groupSize"/>-lane groups on leaves whose group for output
    /// i holds i + 1 in its first lane, and reads where each output lands.
    /// </summary>
    private static int* Probe(int groupSize)
    {
        var lanes = TV.Count;
        var values = stackalloc float[lanes * groupSize];
        new Span<float>(values, lanes * groupSize).Clear();
        for (var i = 0; i < lanes; i++)
        {
            values[i * groupSize] = i + 1;
        }

        var sums = stackalloc float[lanes];
        TV.Store(Tree(new StoredLeaves(values), groupSize, groupSize), sums);

        // Never freed: one small table per group size and width, for the process's life.
        var order = (int*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(lanes * sizeof(int)), 64);
        for (var lane = 0; lane < lanes; lane++)
        {
            var output = (int)sums[lane] - 1;
            if (output < 0 || output >= lanes || sums[lane] != output + 1)
            {
                throw new InvalidOperationException($"FoldedDots: the fold tree of {groupSize}-lane groups at {lanes} lanes lost output {lane}.");
            }

            order[output] = lane;
        }

        return order;
    }

    private interface IGroupSize
    {
        static abstract int Size { get; }
    }

    /// <summary>Whether a layer's rows end inside a vector (<see cref="AnyRows"/> specialised on it).</summary>
    private interface IRowEnd
    {
        static abstract bool Partial { get; }
    }

    /// <summary>How a row of two vectors sums its products.</summary>
    private interface IPairSum
    {
        static abstract TV Sum(TV w0, TV x0, TV w1, TV x1);
    }

    private interface ILeaves
    {
        TV Leaf(int k);
    }

    /// <summary>
    /// Leaves that are an agent's rows times its input, made from where both start: a tree of
    /// <see cref="GroupSize"/>-lane groups sums a vector of rows, whose weights span
    /// <see cref="RowFloats"/> floats a row.
    /// </summary>
    private interface IRowLeaves<TSelf> : ILeaves
        where TSelf : struct, IRowLeaves<TSelf>
    {
        static abstract int GroupSize { get; }

        static abstract int RowFloats { get; }

        static abstract TSelf Over(float* w, float* x);
    }

    private readonly struct Group1 : IGroupSize
    {
        public static int Size => 1;
    }

    private readonly struct Group2 : IGroupSize
    {
        public static int Size => 2;
    }

    private readonly struct Group4 : IGroupSize
    {
        public static int Size => 4;
    }

    private readonly struct Group8 : IGroupSize
    {
        public static int Size => 8;
    }

    /// <summary>Rows of whole vectors.</summary>
    private readonly struct WholeVectors : IRowEnd
    {
        public static bool Partial => false;
    }

    /// <summary>Rows that end inside a vector (12 or 24 inputs at 16 lanes, 3 at 4).</summary>
    private readonly struct PartialVector : IRowEnd
    {
        public static bool Partial => true;
    }

    /// <summary>Leaf k is row k times the input, for rows of one vector.</summary>
    private readonly struct VectorRows(float* w, TV x) : IRowLeaves<VectorRows>
    {
        public static int GroupSize => TV.Count;

        public static int RowFloats => TV.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static VectorRows Over(float* w, float* x) => new(w, TV.Load(x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Leaf(int k) => TV.Multiply(TV.Load(w + ((long)k * TV.Count)), x);
    }

    /// <summary>Leaf k is row k's two vectors of products, summed as <typeparamref name="TPair"/> says.</summary>
    private readonly struct TwoVectorLeaves<TPair>(float* w, TV x0, TV x1) : IRowLeaves<TwoVectorLeaves<TPair>>
        where TPair : struct, IPairSum
    {
        public static int GroupSize => TV.Count;

        public static int RowFloats => 2 * TV.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TwoVectorLeaves<TPair> Over(float* w, float* x) => new(w, TV.Load(x), TV.Load(x + TV.Count));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Leaf(int k)
        {
            var row = w + ((long)k * 2 * TV.Count);
            return TPair.Sum(TV.Load(row), x0, TV.Load(row + TV.Count), x1);
        }
    }

    /// <summary>
    /// Leaf k is the k-th whole vector of packed rows of <c>TG.Size</c> inputs times the input
    /// repeated across the vector (rows of 8 go two to a 16-lane vector).
    /// </summary>
    private readonly struct RepeatedInputRows<TG>(float* w, TV x) : IRowLeaves<RepeatedInputRows<TG>>
        where TG : struct, IGroupSize
    {
        public static int GroupSize => TG.Size;

        public static int RowFloats => TG.Size;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static RepeatedInputRows<TG> Over(float* w, float* x) => new(w, TV.LoadRepeated(x, TG.Size));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Leaf(int k) => TV.Multiply(TV.Load(w + ((long)k * TV.Count)), x);
    }

    /// <summary>
    /// A row of two vectors at 16 lanes (<see cref="RowLeaf"/>'s order): the second vector's
    /// products multiply-added into the first's.
    /// </summary>
    private readonly struct FusedPair : IPairSum
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Sum(TV w0, TV x0, TV w1, TV x1) => TV.MultiplyAdd(w1, x1, TV.Multiply(w0, x0));
    }

    /// <summary>
    /// A row of two vectors at 8 or 4 lanes, the two halves of one 16-lane sum
    /// (<see cref="RowLeaf"/>'s order): both products rounded, then added.
    /// </summary>
    private readonly struct AddedPair : IPairSum
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Sum(TV w0, TV x0, TV w1, TV x1) => TV.Add(TV.Multiply(w0, x0), TV.Multiply(w1, x1));
    }

    /// <summary>Leaf k is the k-th vector stored at <paramref name="leaves"/>.</summary>
    private readonly struct StoredLeaves(float* leaves) : ILeaves
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Leaf(int k) => TV.Load(leaves + ((long)k * TV.Count));
    }

    /// <summary>
    /// Leaf k is the k-th vector of the packed weights times the repeated input; past the
    /// <paramref name="full"/> whole vectors, the padded tail, then zeros.
    /// </summary>
    private readonly struct PackedLeaves(float* w, TV x, int full, float* tail) : ILeaves
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Leaf(int k) => TV.Multiply(TV.Load(k < full ? w + ((long)k * TV.Count) : k == full ? tail : tail + TV.Count), x);
    }
}

/// <summary>
/// Where <see cref="FoldedDots{TV}"/> asks for weights and biases ahead: whole agents, the
/// first one at least <see cref="DistanceBytes"/> of weights on, and how many lines an agent's
/// weights span, worked out once a layer (a division per agent cost as much as the prefetches).
/// </summary>
internal readonly struct WeightPrefetch
{
    /// <summary>At least how far ahead weights are asked for.</summary>
    public const long DistanceBytes = 8192;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public WeightPrefetch(long weightStride, long biasStride)
    {
        var agentBytes = weightStride * sizeof(float);
        var agentsAhead = agentBytes == 0 ? 0 : (DistanceBytes / agentBytes) + 1;
        AheadBytes = agentsAhead * agentBytes;
        BiasAheadBytes = agentsAhead * biasStride * sizeof(float);
        Lines = (int)((agentBytes + 63) / 64);
    }

    /// <summary>Bytes from an agent's weights to the first byte asked for.</summary>
    public long AheadBytes { get; }

    /// <summary>Bytes from an agent's biases to those of the agent whose weights are asked for.</summary>
    public long BiasAheadBytes { get; }

    /// <summary>Cache lines of one agent's weights in the layer.</summary>
    public int Lines { get; }
}

/// <summary>
/// A run of agents through one layer, for <see cref="FoldedDots{TV}.Layer"/>: where each array's
/// first row is and how far apart rows are (in floats).
/// </summary>
internal readonly unsafe struct LayerRun
{
    /// <summary>The first agent's weights <c>[out][in]</c>.</summary>
    public float* Weights { get; init; }

    /// <summary>Floats from one agent's weights to the next's.</summary>
    public long WeightStride { get; init; }

    /// <summary>The first agent's biases.</summary>
    public float* Biases { get; init; }

    /// <summary>Floats from one agent's biases to the next's.</summary>
    public long BiasStride { get; init; }

    /// <summary>The first agent's input row.</summary>
    public float* Inputs0 { get; init; }

    /// <summary>Floats from one input row to the next.</summary>
    public long InputStride { get; init; }

    /// <summary>The first agent's output row (room for whole vectors).</summary>
    public float* Destination { get; init; }

    /// <summary>Floats from one output row to the next.</summary>
    public long DestinationStride { get; init; }

    /// <summary>Agents in the run.</summary>
    public int Count { get; init; }

    /// <summary>The layer's inputs.</summary>
    public int Inputs { get; init; }

    /// <summary>The layer's outputs.</summary>
    public int Outputs { get; init; }

    /// <summary>Room for <see cref="FoldedDots{TV}.ScratchFloats"/> floats.</summary>
    public float* Scratch { get; init; }
}
