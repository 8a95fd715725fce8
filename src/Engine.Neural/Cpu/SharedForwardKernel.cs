using System.Runtime.CompilerServices;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// Inference of one parameter set over many input rows (a shared-brain cohort, an evaluation
/// grid) as a blocked matrix product: a block of <c>TV.Count</c> rows is turned so that each
/// neuron's values for the block fill one vector, and every weight is then one broadcast
/// multiply-add over the block. No dot product, so no horizontal sums, and each weight,
/// loaded once per block, serves <c>TV.Count</c> rows.
/// </summary>
internal static unsafe class SharedForwardKernel<TV>
    where TV : struct, IFloatVector<TV>
{
    /// <summary>Floats of scratch one block needs: two activation planes of the widest layer.</summary>
    public static int ScratchFloats(BrainSpec spec) => 2 * spec.MaxWidth * TV.Count;

    /// <summary>
    /// Runs rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1
    /// (at most <c>TV.Count</c>) through parameter set 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Block(BrainSpec spec, ParameterStore store, float* inputs, float* outputs, int first, int count, float* scratch)
    {
        var lanes = TV.Count;
        var planeA = scratch;
        var planeB = scratch + (spec.MaxWidth * lanes);
        var inputSize = spec.InputSize;

        // Rows in, turned: planeA[i][r] = input row r's value i; missing rows are zeros.
        for (var i = 0; i < inputSize; i++)
        {
            var lane = planeA + (i * lanes);
            var r = 0;
            for (; r < count; r++)
            {
                lane[r] = inputs[((long)(first + r) * inputSize) + i];
            }

            for (; r < lanes; r++)
            {
                lane[r] = 0f;
            }
        }

        var layers = spec.LayerArray;
        var current = planeA;
        var next = planeB;
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            Layer(store.Weights[l].Pointer, store.Biases[l].Pointer, layer.Inputs, layer.Outputs, current, next);
            if (layer.Activation == Activation.Softmax)
            {
                SoftmaxLanes(next, layer.Outputs, count);
            }
            else
            {
                VectorMath.Activate<TV>(layer.Activation, (float)layer.Alpha, next, next, layer.Outputs * lanes);
            }

            var done = current;
            current = next;
            next = done;
        }

        // Turned back: one output row per input row.
        var outputSize = spec.OutputSize;
        for (var r = 0; r < count; r++)
        {
            var row = outputs + ((long)(first + r) * outputSize);
            for (var j = 0; j < outputSize; j++)
            {
                row[j] = current[(j * lanes) + r];
            }
        }
    }

    /// <summary>
    /// <c>next[j] = b[j] + sum_i w[i][j] current[i]</c> (weights stored by input), each a vector
    /// over the block's rows; four neurons at a time, so every input vector loaded serves four
    /// multiply-adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Layer(float* w, float* b, int inputs, int outputs, float* current, float* next)
    {
        var lanes = TV.Count;
        var j = 0;
        for (; j + 4 <= outputs; j += 4)
        {
            var acc0 = TV.Broadcast(b[j]);
            var acc1 = TV.Broadcast(b[j + 1]);
            var acc2 = TV.Broadcast(b[j + 2]);
            var acc3 = TV.Broadcast(b[j + 3]);
            for (var i = 0; i < inputs; i++)
            {
                var a = TV.Load(current + (i * lanes));
                var wi = w + (i * outputs) + j;
                acc0 = TV.MultiplyAdd(TV.Broadcast(wi[0]), a, acc0);
                acc1 = TV.MultiplyAdd(TV.Broadcast(wi[1]), a, acc1);
                acc2 = TV.MultiplyAdd(TV.Broadcast(wi[2]), a, acc2);
                acc3 = TV.MultiplyAdd(TV.Broadcast(wi[3]), a, acc3);
            }

            TV.Store(acc0, next + (j * lanes));
            TV.Store(acc1, next + ((j + 1) * lanes));
            TV.Store(acc2, next + ((j + 2) * lanes));
            TV.Store(acc3, next + ((j + 3) * lanes));
        }

        for (; j < outputs; j++)
        {
            var acc = TV.Broadcast(b[j]);
            for (var i = 0; i < inputs; i++)
            {
                acc = TV.MultiplyAdd(TV.Broadcast(w[(i * outputs) + j]), TV.Load(current + (i * lanes)), acc);
            }

            TV.Store(acc, next + (j * lanes));
        }
    }

    /// <summary>Softmax over the neurons of each of the block's rows (a column of the turned plane).</summary>
    private static void SoftmaxLanes(float* z, int n, int count)
    {
        var lanes = TV.Count;
        for (var r = 0; r < count; r++)
        {
            var max = z[r];
            for (var j = 1; j < n; j++)
            {
                max = MathF.Max(max, z[(j * lanes) + r]);
            }

            var sum = 0f;
            for (var j = 0; j < n; j++)
            {
                var e = VectorMath.ExpOfOne(z[(j * lanes) + r] - max);
                z[(j * lanes) + r] = e;
                sum += e;
            }

            for (var j = 0; j < n; j++)
            {
                z[(j * lanes) + r] /= sum;
            }
        }
    }
}
