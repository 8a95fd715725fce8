using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// Inference for one input row through one parameter slot: per neuron a vector dot product
/// over its weight row <c>W[out][in]</c> (contiguous in the store), then the activation.
/// </summary>
internal static unsafe class ForwardKernel<TV>
    where TV : struct, IFloatVector<TV>
{
    public static void Row(DenseLayerShape[] layers, ParameterStore store, int slot, float* input, float* output, float* scratchA, float* scratchB)
    {
        var current = input;
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var next = l == layers.Length - 1 ? output : (current == scratchA ? scratchB : scratchA);
            var w = store.Weights[l].Pointer + ((long)slot * layer.WeightCount);
            var b = store.Biases[l].Pointer + ((long)slot * layer.Outputs);
            for (var j = 0; j < layer.Outputs; j++)
            {
                next[j] = b[j] + DenseKernels<TV>.Dot(w + (j * layer.Inputs), current, layer.Inputs);
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
