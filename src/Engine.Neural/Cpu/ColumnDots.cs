using System.Runtime.CompilerServices;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// One dense layer, <c>a = f(W x + b)</c>, for a run of agents each with its own weights stored
/// by input (<c>W[agent][in][out]</c>, agents one after another in the store): a vector holds
/// <c>TV.Count</c> outputs, and input k's column of weights times the input broadcast is that
/// vector's product k. The products are summed lane by lane in the order below, the bias is
/// added and the activation runs on the vector in registers: no lane crosses another, so
/// nothing is shuffled. One call runs the layer for the whole run, streaming its weights in
/// store order.
/// </summary>
/// <remarks>
/// Every output is summed in one order, at every width: sum k of 16 (k &lt; 16) starts with
/// product k (rounded) and multiply-adds products k + 16, k + 32, ... into it (fused, one
/// rounding each); then sum k adds sum k + 8, then k + 4, k + 2 and k + 1. A sum the row never
/// reaches (fewer than 16 inputs) would be -0, the one value that leaves any sum as it is, so it
/// is left out. Each lane computes its own output that way, so a layer's outputs are the same
/// bits at 128, 256 and 512 bits, and a layer of few outputs runs at the narrower width they
/// fill. (This is the order the earlier row-major kernel reached by folding 16 lanes in halves:
/// the stored bits did not change with the layout.) Storing the weights by input took W2 at
/// 100,000 agents from a median of 0.72 to 0.93 of the memory bound (docs/benchmarks.md).
/// </remarks>
internal static unsafe class ColumnDots<TV>
    where TV : struct, IFloatVector<TV>
{
    /// <summary>Floats of scratch <see cref="Layer"/> needs: 16 sums for rows of other lengths than 8 and 16.</summary>
    public static int ScratchFloats => 16 * TV.Count;

    /// <summary>
    /// For every agent a of <paramref name="run"/>:
    /// <c>dest[a][j] = f(b[a][j] + sum_k w[a][k][j] x[a][k])</c>, j &lt; outputs; each
    /// destination row needs room for the outputs rounded up to whole vectors. Softmax is left
    /// to the caller (the sums are stored as they are).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Layer(in LayerRun run, Activation activation, float alpha)
    {
        // Outputs that fill half a vector or less run at the width they fill: the same sums,
        // fewer empty lanes.
        if (TV.Count > Vec128.Count && 2 * run.Outputs <= TV.Count)
        {
            if (run.Outputs <= Vec128.Count)
            {
                ColumnDots<Vec128>.Layer(run, activation, alpha);
            }
            else
            {
                ColumnDots<Vec256>.Layer(run, activation, alpha);
            }

            return;
        }

        // One specialised loop per activation and row length: inlined all together, the
        // activations exceed what the JIT inlines into one method, and every vector operation
        // becomes a call.
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
        // A layer of one vector of outputs gets its own instance: its columns lie a constant
        // apart, and the loads take that distance as an immediate instead of a multiply each.
        var oneVector = run.Outputs == TV.Count;
        switch (run.Inputs)
        {
            case 16 when oneVector:
                Agents<TOp, SixteenInputs, OneVectorApart>(run, alpha);
                break;
            case 16:
                Agents<TOp, SixteenInputs, OutputsApart>(run, alpha);
                break;
            case 8 when oneVector:
                Agents<TOp, EightInputs, OneVectorApart>(run, alpha);
                break;
            case 8:
                Agents<TOp, EightInputs, OutputsApart>(run, alpha);
                break;
            default:
                Agents<TOp, AnyInputs, OutputsApart>(run, alpha);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Agents<TOp, TSum, TApart>(LayerRun run, float alpha)
        where TOp : struct, IActivationOp
        where TSum : struct, IColumnSum
        where TApart : struct, IColumnsApart
    {
        var lanes = TV.Count;
        var outputs = TApart.Floats(run.Outputs);
        var whole = outputs / lanes * lanes;
        var tail = TV.FirstLanes(outputs - whole);
        var alphaV = TV.Broadcast(alpha);
        var prefetch = new WeightPrefetch(run.WeightStride, run.BiasStride);
        var sums = run.Scratch;
        var w = run.Weights;
        var b = run.Biases;
        var x = run.Inputs0;
        var dest = run.Destination;
        for (var a = 0; a < run.Count; a++)
        {
            for (var o = 0; o < whole; o += lanes)
            {
                var z = TSum.Sum<WholeColumns>(w + o, outputs, x, run.Inputs, default, sums);
                TV.Store(TOp.Apply(TV.Add(z, TV.Load(b + o)), alphaV), dest + o);
            }

            if (whole < outputs)
            {
                var z = TSum.Sum<MaskedColumns>(w + whole, outputs, x, run.Inputs, tail, sums);
                TV.Store(TOp.Apply(TV.Add(z, TV.LoadMasked(b + whole, tail)), alphaV), dest + whole);
            }

            prefetch.Ask(w, b);
            w += run.WeightStride;
            b += run.BiasStride;
            x += run.InputStride;
            dest += run.DestinationStride;
        }
    }

    /// <summary>How far apart a layer's columns lie: its outputs, known to the JIT when they are one vector.</summary>
    private interface IColumnsApart
    {
        static abstract int Floats(int outputs);
    }

    private readonly struct OneVectorApart : IColumnsApart
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Floats(int outputs) => TV.Count;
    }

    private readonly struct OutputsApart : IColumnsApart
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Floats(int outputs) => outputs;
    }

    /// <summary>How a block of a column is loaded: whole, or its first lanes (the last block of a layer whose outputs end inside a vector).</summary>
    private interface IColumnLoad
    {
        static abstract TV Load(float* source, TV mask);
    }

    private readonly struct WholeColumns : IColumnLoad
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Load(float* source, TV mask) => TV.Load(source);
    }

    private readonly struct MaskedColumns : IColumnLoad
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Load(float* source, TV mask) => TV.LoadMasked(source, mask);
    }

    /// <summary>One block of outputs' sums over the inputs, in the order of the remarks on the class.</summary>
    private interface IColumnSum
    {
        /// <summary>
        /// The sums of the block whose column k starts at <paramref name="w"/> + k *
        /// <paramref name="outputs"/>, over <paramref name="inputs"/> inputs at
        /// <paramref name="x"/>; <paramref name="sums"/> is room for 16 vectors.
        /// </summary>
        static abstract TV Sum<TLoad>(float* w, int outputs, float* x, int inputs, TV mask, float* sums)
            where TLoad : struct, IColumnLoad;
    }

    /// <summary>16 inputs: one product per sum, then the halves added, in registers.</summary>
    private readonly struct SixteenInputs : IColumnSum
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Sum<TLoad>(float* w, int outputs, float* x, int inputs, TV mask, float* sums)
            where TLoad : struct, IColumnLoad
        {
            long n = outputs;
            var q0 = TV.Add(Product<TLoad>(w, 0, n, x, mask), Product<TLoad>(w, 8, n, x, mask));
            var q1 = TV.Add(Product<TLoad>(w, 1, n, x, mask), Product<TLoad>(w, 9, n, x, mask));
            var q2 = TV.Add(Product<TLoad>(w, 2, n, x, mask), Product<TLoad>(w, 10, n, x, mask));
            var q3 = TV.Add(Product<TLoad>(w, 3, n, x, mask), Product<TLoad>(w, 11, n, x, mask));
            var q4 = TV.Add(Product<TLoad>(w, 4, n, x, mask), Product<TLoad>(w, 12, n, x, mask));
            var q5 = TV.Add(Product<TLoad>(w, 5, n, x, mask), Product<TLoad>(w, 13, n, x, mask));
            var q6 = TV.Add(Product<TLoad>(w, 6, n, x, mask), Product<TLoad>(w, 14, n, x, mask));
            var q7 = TV.Add(Product<TLoad>(w, 7, n, x, mask), Product<TLoad>(w, 15, n, x, mask));
            return Quarters(q0, q1, q2, q3, q4, q5, q6, q7);
        }
    }

    /// <summary>8 inputs: sums 8 to 15 are never reached, so the halves start at k + 4.</summary>
    private readonly struct EightInputs : IColumnSum
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Sum<TLoad>(float* w, int outputs, float* x, int inputs, TV mask, float* sums)
            where TLoad : struct, IColumnLoad
        {
            long n = outputs;
            return Quarters(
                Product<TLoad>(w, 0, n, x, mask),
                Product<TLoad>(w, 1, n, x, mask),
                Product<TLoad>(w, 2, n, x, mask),
                Product<TLoad>(w, 3, n, x, mask),
                Product<TLoad>(w, 4, n, x, mask),
                Product<TLoad>(w, 5, n, x, mask),
                Product<TLoad>(w, 6, n, x, mask),
                Product<TLoad>(w, 7, n, x, mask));
        }
    }

    /// <summary>Any number of inputs: the 16 sums in scratch, those never reached left out of the halves.</summary>
    private readonly struct AnyInputs : IColumnSum
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Sum<TLoad>(float* w, int outputs, float* x, int inputs, TV mask, float* sums)
            where TLoad : struct, IColumnLoad
        {
            long n = outputs;
            var reached = Math.Min(inputs, 16);
            var lanes = TV.Count;
            for (var k = 0; k < reached; k++)
            {
                TV.Store(Product<TLoad>(w, k, n, x, mask), sums + (k * lanes));
            }

            for (var k = 16; k < inputs; k++)
            {
                var sum = sums + ((k & 15) * lanes);
                TV.Store(TV.MultiplyAdd(TLoad.Load(w + (k * n), mask), TV.Broadcast(x[k]), TV.Load(sum)), sum);
            }

            for (var half = 8; half >= 1; half >>= 1)
            {
                for (var k = 0; k + half < reached; k++)
                {
                    TV.Store(TV.Add(TV.Load(sums + (k * lanes)), TV.Load(sums + ((k + half) * lanes))), sums + (k * lanes));
                }

                reached = Math.Min(reached, half);
            }

            return TV.Load(sums);
        }
    }

    /// <summary>Column k of the block times input k, rounded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Product<TLoad>(float* w, int k, long outputs, float* x, TV mask)
        where TLoad : struct, IColumnLoad =>
        TV.Multiply(TLoad.Load(w + (k * outputs), mask), TV.Broadcast(x[k]));

    /// <summary>Sums 0 to 7 added k + 4, then k + 2, then k + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Quarters(TV s0, TV s1, TV s2, TV s3, TV s4, TV s5, TV s6, TV s7)
    {
        var r0 = TV.Add(s0, s4);
        var r1 = TV.Add(s1, s5);
        var r2 = TV.Add(s2, s6);
        var r3 = TV.Add(s3, s7);
        return TV.Add(TV.Add(r0, r2), TV.Add(r1, r3));
    }
}
