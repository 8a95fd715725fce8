using System.Runtime.CompilerServices;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// One dense layer, <c>a = f(W x + b)</c>, for a run of agents each with its own weights
/// (<c>W[agent][out][in]</c>, agents one after another in the store): every weight vector is
/// multiplied by the agent's input once, and a tree of
/// <see cref="IFloatVector{TSelf}.FoldGroups"/> turns <c>TV.Count</c> rows' products into one
/// vector of their sums, so no sum goes through memory or a horizontal add and the activation
/// runs on that vector in registers. Layers of up to <c>TV.Count</c> inputs pack several rows
/// into a vector (8 inputs: two rows in 16 lanes); wider layers take their rows a vector at a
/// time. One call runs the layer for the whole run, streaming its weights in store order.
/// </summary>
internal static unsafe class FoldedDots<TV>
    where TV : struct, IFloatVector<TV>
{
    // How far ahead a layer's weights are asked for; ENGINE_NEURAL_PREFETCH=0 turns it off, to
    // measure what it buys.
    private const long PrefetchBytes = 8192;
    private static readonly bool PrefetchEnabled = Environment.GetEnvironmentVariable("ENGINE_NEURAL_PREFETCH") != "0";

    // Where a tree of g-lane groups leaves output i: Orders[log2 g][i] is its lane. Found
    // by running the tree itself (Probe), so it cannot drift from the folds.
    private static readonly int*[] Orders = BuildOrders();

    /// <summary>
    /// Lanes per dot product of a layer with <paramref name="inputs"/> inputs (its weight rows
    /// packed into vectors), or 0 where the rows do not tile a vector (3 or 12 inputs in 16
    /// lanes): those layers take another path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int GroupSize(int inputs)
    {
        var lanes = TV.Count;
        if (inputs % lanes == 0)
        {
            return lanes;
        }

        return inputs < lanes && lanes % inputs == 0 ? inputs : 0;
    }

    /// <summary>Floats of scratch <see cref="Layer"/> needs.</summary>
    public static int ScratchFloats => (TV.Count * TV.Count) + (4 * TV.Count);

    /// <summary>
    /// For every agent a of <paramref name="run"/>:
    /// <c>dest[a][j] = f(b[a][j] + sum_k w[a][j][k] x[a][k])</c>, j &lt; outputs. The run's
    /// inputs must have a <see cref="GroupSize"/> (not 0); each destination row needs room for
    /// the outputs rounded up to whole vectors. Softmax is left to the caller (the sums are
    /// stored as they are).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Layer(in LayerRun run, Activation activation, float alpha)
    {
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
        if (run.Inputs == lanes && run.Outputs % lanes == 0)
        {
            WholeRows<TOp>(run, alpha);
            return;
        }

        if (run.Inputs % lanes == 0)
        {
            if (run.Outputs % lanes == 0 && run.Inputs == 2 * lanes)
            {
                TwoVectorRows<TOp>(run, alpha);
            }
            else
            {
                AnyRows<TOp>(run, alpha);
            }

            return;
        }

        switch (run.Inputs)
        {
            case 1:
                Packed<TOp, Group1>(run, alpha);
                break;
            case 2:
                Packed<TOp, Group2>(run, alpha);
                break;
            case 4:
                Packed<TOp, Group4>(run, alpha);
                break;
            default:
                Packed<TOp, Group8>(run, alpha);
                break;
        }
    }

    /// <summary>Rows of one vector and whole vectors of rows: leaf k is row k, nothing to pad.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void WholeRows<TOp>(LayerRun run, float alpha)
        where TOp : struct, IActivationOp
    {
        var lanes = TV.Count;
        var order = Orders[Log2(lanes)];
        var alphaV = TV.Broadcast(alpha);
        var w = run.Weights;
        var b = run.Biases;
        var x = run.Inputs0;
        var dest = run.Destination;
        for (var a = 0; a < run.Count; a++)
        {
            var input = TV.Load(x);
            for (var o = 0; o < run.Outputs; o += lanes)
            {
                Finish<TOp>(Tree(new VectorRows(w + ((long)o * lanes), input), lanes, lanes), order, TV.Load(b + o), alphaV, dest + o);
            }

            Prefetch(w, run.WeightStride);
            w += run.WeightStride;
            b += run.BiasStride;
            x += run.InputStride;
            dest += run.DestinationStride;
        }
    }

    /// <summary>Rows of two vectors and whole vectors of rows: leaf k is row k's products, summed over its vectors.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void TwoVectorRows<TOp>(LayerRun run, float alpha)
        where TOp : struct, IActivationOp
    {
        var lanes = TV.Count;
        var order = Orders[Log2(lanes)];
        var alphaV = TV.Broadcast(alpha);
        var w = run.Weights;
        var b = run.Biases;
        var x = run.Inputs0;
        var dest = run.Destination;
        var outputs = run.Outputs;
        var weightStride = run.WeightStride;
        var biasStride = run.BiasStride;
        var inputStride = run.InputStride;
        var destinationStride = run.DestinationStride;
        for (var a = 0; a < run.Count; a++)
        {
            var x0 = TV.Load(x);
            var x1 = TV.Load(x + lanes);
            for (var o = 0; o < outputs; o += lanes)
            {
                Finish<TOp>(Tree(new TwoVectorLeaves(w + ((long)o * 2 * lanes), x0, x1), lanes, lanes), order, TV.Load(b + o), alphaV, dest + o);
            }

            Prefetch(w, weightStride);
            w += weightStride;
            b += biasStride;
            x += inputStride;
            dest += destinationStride;
        }
    }

    /// <summary>
    /// Rows of whole vectors, any number of them: each row's products summed over its vectors
    /// into a leaf in scratch (zeros past the last row), then the tree over those.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void AnyRows<TOp>(LayerRun run, float alpha)
        where TOp : struct, IActivationOp
    {
        var lanes = TV.Count;
        var order = Orders[Log2(lanes)];
        var alphaV = TV.Broadcast(alpha);
        var leaves = run.Scratch;
        var biasTail = leaves + (lanes * lanes);
        var inputs = run.Inputs;
        var outputs = run.Outputs;
        var full = outputs / lanes * lanes;
        var w = run.Weights;
        var b = run.Biases;
        var x = run.Inputs0;
        var dest = run.Destination;
        for (var a = 0; a < run.Count; a++)
        {
            PadTail(b, outputs, biasTail);
            for (var o = 0; o < outputs; o += lanes)
            {
                var rows = Math.Min(lanes, outputs - o);
                for (var k = 0; k < lanes; k++)
                {
                    TV.Store(k < rows ? RowProducts(w + ((long)(o + k) * inputs), x, inputs) : TV.Zero, leaves + (k * lanes));
                }

                Finish<TOp>(Tree(new StoredLeaves(leaves), lanes, rows), order, TV.Load(o < full ? b + o : biasTail), alphaV, dest + o);
            }

            Prefetch(w, run.WeightStride);
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

            Prefetch(w, run.WeightStride);
            w += run.WeightStride;
            b += run.BiasStride;
            x += run.InputStride;
            dest += run.DestinationStride;
        }
    }

    /// <summary>
    /// Asks for the weights of the agent <see cref="PrefetchBytes"/> ahead of <paramref name="w"/>
    /// (one agent's worth of lines, into L2): the layer streams its weights once, and the
    /// hardware prefetcher alone left a core at about half of what it can read (8 KiB into L2
    /// measured better than 4 KiB into L1 with 1,024-agent tiles).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* w, long stride)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || !PrefetchEnabled)
        {
            return;
        }

        var bytes = stride * sizeof(float);
        var ahead = (byte*)w + (((PrefetchBytes / bytes) + 1) * bytes);
        var end = ahead + bytes;
        for (var line = ahead; line < end; line += 64)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch1(line);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TOp>(TV sums, int* order, TV bias, TV alpha, float* dest)
        where TOp : struct, IActivationOp =>
        TV.Store(TOp.Apply(TV.Add(TV.Permute(sums, order), bias), alpha), dest);

    /// <summary>A row's products with the input, summed over the row's vectors (not across lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV RowProducts(float* row, float* x, int inputs)
    {
        var acc = TV.Multiply(TV.Load(row), TV.Load(x));
        for (var c = TV.Count; c < inputs; c += TV.Count)
        {
            acc = TV.MultiplyAdd(TV.Load(row + c), TV.Load(x + c), acc);
        }

        return acc;
    }

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

    private interface ILeaves
    {
        TV Leaf(int k);
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

    /// <summary>Leaf k is row k times the input, for rows of one vector.</summary>
    private readonly struct VectorRows(float* w, TV x) : ILeaves
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Leaf(int k) => TV.Multiply(TV.Load(w + ((long)k * TV.Count)), x);
    }

    /// <summary>Leaf k is row k's products with the input, summed over the row's two vectors.</summary>
    private readonly struct TwoVectorLeaves(float* w, TV x0, TV x1) : ILeaves
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Leaf(int k)
        {
            var row = w + ((long)k * 2 * TV.Count);
            return TV.MultiplyAdd(TV.Load(row + TV.Count), x1, TV.Multiply(TV.Load(row), x0));
        }
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
