using System.Runtime.CompilerServices;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// Inference for one input row through one parameter slot: per neuron a vector dot product
/// over its weight row <c>W[out][in]</c> (contiguous in the store), then the activation. A layer
/// whose rows are not whole vectors of this width runs its dots at the widest narrower width
/// they fill.
/// </summary>
internal static unsafe class ForwardKernel<TV>
    where TV : struct, IFloatVector<TV>
{
    /// <summary>Runs one input row through parameter slot <paramref name="slot"/>.</summary>
    /// <param name="layers">The spec's layers.</param>
    /// <param name="store">The cohort's parameters.</param>
    /// <param name="slot">Whose parameters.</param>
    /// <param name="input">The input row.</param>
    /// <param name="output">Where the output row goes.</param>
    /// <param name="scratchA">Room for the widest layer.</param>
    /// <param name="scratchB">Room for the widest layer.</param>
    /// <param name="reduction">Room for <c>TV.Count * TV.Count</c> floats.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row(DenseLayerShape[] layers, ParameterStore store, int slot, float* input, float* output, float* scratchA, float* scratchB, float* reduction)
    {
        var current = input;
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var next = l == layers.Length - 1 ? output : (current == scratchA ? scratchB : scratchA);
            var w = store.Weights[l].Pointer + ((long)slot * layer.WeightCount);
            var b = store.Biases[l].Pointer + ((long)slot * layer.Outputs);
            if (layer.Inputs % TV.Count == 0)
            {
                // Weight rows of whole vectors: dot products finish in groups (see ManyDots).
                DenseKernels<TV>.ManyDots(w, layer.Inputs, current, 0, layer.Outputs, layer.Inputs / TV.Count, b, 1f, next, reduction);
            }
            else if (TV.Count > Vec256.Count && layer.Inputs % Vec256.Count == 0)
            {
                // Rows narrower than this width (8 inputs in 16 lanes) still fill 256-bit
                // vectors: grouped dots there beat a padded dot per neuron here.
                DenseKernels<Vec256>.ManyDots(w, layer.Inputs, current, 0, layer.Outputs, layer.Inputs / Vec256.Count, b, 1f, next, reduction);
            }
            else if (TV.Count > Vec128.Count && layer.Inputs % Vec128.Count == 0)
            {
                DenseKernels<Vec128>.ManyDots(w, layer.Inputs, current, 0, layer.Outputs, layer.Inputs / Vec128.Count, b, 1f, next, reduction);
            }
            else
            {
                for (var j = 0; j < layer.Outputs; j++)
                {
                    next[j] = b[j] + DenseKernels<TV>.Dot(w + (j * layer.Inputs), current, layer.Inputs);
                }
            }

            if (layer.Activation == Activation.Softmax)
            {
                Softmax(next, layer.Outputs);
            }
            else
            {
                VectorMath.Activate<TV>(layer.Activation, (float)layer.Alpha, next, next, layer.Outputs);
            }

            current = next;
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
            z[j] = MathF.Exp(z[j] - max);
            sum += z[j];
        }

        for (var j = 0; j < n; j++)
        {
            z[j] /= sum;
        }
    }
}
