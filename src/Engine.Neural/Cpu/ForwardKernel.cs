using System.Runtime.CompilerServices;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// Inference for a run of rows, each through its own parameter slot, layer by layer over the
/// whole run (<see cref="ColumnDots{TV}"/>: the sums and the activation stay in registers, and
/// every width sums in one order, so the outputs are the same bits at every width).
/// </summary>
internal static unsafe class ForwardKernel<TV>
    where TV : struct, IFloatVector<TV>
{
    /// <summary>Floats of scratch <see cref="Run"/> needs besides its two activation buffers.</summary>
    public static int ScratchFloats => ColumnDots<TV>.ScratchFloats;

    /// <summary>
    /// Runs rows <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> - 1
    /// through their own parameter slots, one layer at a time over all of them, so each layer's
    /// weights stream through in store order.
    /// </summary>
    /// <param name="spec">The cohort's spec.</param>
    /// <param name="store">The cohort's parameters.</param>
    /// <param name="first">The first row (and slot).</param>
    /// <param name="count">How many rows.</param>
    /// <param name="inputs">The cohort's input rows.</param>
    /// <param name="outputs">The cohort's output rows.</param>
    /// <param name="bufferA">Room for <paramref name="count"/> rows of <paramref name="bufferStride"/> floats.</param>
    /// <param name="bufferB">As <paramref name="bufferA"/>.</param>
    /// <param name="bufferStride">The widest layer rounded up to whole vectors of every width.</param>
    /// <param name="scratch">Room for <see cref="ScratchFloats"/> floats.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(BrainSpec spec, ParameterStore store, int first, int count, float* inputs, float* outputs, float* bufferA, float* bufferB, int bufferStride, float* scratch)
    {
        var layers = spec.LayerArray;
        var current = inputs + ((long)first * spec.InputSize);
        long currentStride = spec.InputSize;
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var next = (l & 1) == 0 ? bufferA : bufferB;
            var w = store.Weights[l].Pointer + ((long)first * layer.WeightCount);
            var b = store.Biases[l].Pointer + ((long)first * layer.Outputs);
            var run = new LayerRun
            {
                Weights = w,
                WeightStride = layer.WeightCount,
                Biases = b,
                BiasStride = layer.Outputs,
                Inputs0 = current,
                InputStride = currentStride,
                Destination = next,
                DestinationStride = bufferStride,
                Count = count,
                Inputs = layer.Inputs,
                Outputs = layer.Outputs,
                Scratch = scratch,
            };
            ColumnDots<TV>.Layer(run, layer.Activation, (float)layer.Alpha);
            if (layer.Activation == Activation.Softmax)
            {
                for (var a = 0; a < count; a++)
                {
                    Softmax(next + ((long)a * bufferStride), layer.Outputs);
                }
            }

            current = next;
            currentStride = bufferStride;
        }

        var outSize = spec.OutputSize;
        var row = outputs + ((long)first * outSize);
        for (var a = 0; a < count; a++)
        {
            var source = current + ((long)a * bufferStride);
            for (var j = 0; j < outSize; j++)
            {
                row[j] = source[j];
            }

            row += outSize;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Softmax(float* z, int n)
    {
        var max = z[0];
        for (var j = 1; j < n; j++)
        {
            max = MathF.Max(max, z[j]);
        }

        var sum = 0f;
        for (var j = 0; j < n; j++)
        {
            z[j] = VectorMath.ExpOfOne(z[j] - max);
            sum += z[j];
        }

        for (var j = 0; j < n; j++)
        {
            z[j] /= sum;
        }
    }
}
