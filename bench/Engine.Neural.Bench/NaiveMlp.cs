namespace Engine.Neural.Bench;

/// <summary>
/// The baseline: what one would write first. One agent at a time, one sample at a time,
/// scalar float loops over the same flat parameter layout, on one thread.
/// </summary>
internal sealed class NaiveMlp
{
    private readonly BrainSpec _spec;
    private readonly float[][] _activations;
    private readonly float[][] _deltas;

    public NaiveMlp(BrainSpec spec)
    {
        _spec = spec;
        _activations = new float[spec.LayerCount + 1][];
        _deltas = new float[spec.LayerCount][];
        _activations[0] = new float[spec.InputSize];
        for (var l = 0; l < spec.LayerCount; l++)
        {
            _activations[l + 1] = new float[spec.Layers[l].Outputs];
            _deltas[l] = new float[spec.Layers[l].Outputs];
        }
    }

    /// <summary>Forward for one agent whose parameters start at <paramref name="offset"/>.</summary>
    public void Forward(float[] parameters, int offset, ReadOnlySpan<float> input, Span<float> output)
    {
        input.CopyTo(_activations[0]);
        for (var l = 0; l < _spec.LayerCount; l++)
        {
            var layer = _spec.Layers[l];
            var w = offset + _spec.WeightOffset(l);
            var b = w + layer.WeightCount;
            var a = _activations[l];
            var next = _activations[l + 1];
            for (var j = 0; j < layer.Outputs; j++)
            {
                var sum = parameters[b + j];
                for (var k = 0; k < layer.Inputs; k++)
                {
                    sum += parameters[w + (j * layer.Inputs) + k] * a[k];
                }

                next[j] = Activate(layer.Activation, sum);
            }
        }

        _activations[^1].CopyTo(output);
    }

    /// <summary>One SGD step for one agent on a batch (quadratic loss, as in W3).</summary>
    public void TrainStep(float[] parameters, int offset, float[] gradient, float[][] inputs, float[][] targets, float learningRate)
    {
        Array.Clear(gradient);
        Span<float> output = stackalloc float[_spec.OutputSize];
        for (var s = 0; s < inputs.Length; s++)
        {
            Forward(parameters, offset, inputs[s], output);
            var last = _spec.LayerCount - 1;
            for (var j = 0; j < _spec.OutputSize; j++)
            {
                _deltas[last][j] = (output[j] - targets[s][j]) * Derivative(_spec.Layers[last].Activation, _activations[last + 1][j]);
            }

            for (var l = last; l >= 0; l--)
            {
                var layer = _spec.Layers[l];
                var w = _spec.WeightOffset(l);
                var a = _activations[l];
                for (var j = 0; j < layer.Outputs; j++)
                {
                    gradient[w + layer.WeightCount + j] += _deltas[l][j];
                    for (var k = 0; k < layer.Inputs; k++)
                    {
                        gradient[w + (j * layer.Inputs) + k] += _deltas[l][j] * a[k];
                    }
                }

                if (l == 0)
                {
                    break;
                }

                for (var k = 0; k < layer.Inputs; k++)
                {
                    var sum = 0f;
                    for (var j = 0; j < layer.Outputs; j++)
                    {
                        sum += parameters[offset + w + (j * layer.Inputs) + k] * _deltas[l][j];
                    }

                    _deltas[l - 1][k] = sum * Derivative(_spec.Layers[l - 1].Activation, a[k]);
                }
            }
        }

        var scale = learningRate / inputs.Length;
        for (var i = 0; i < gradient.Length; i++)
        {
            parameters[offset + i] -= scale * gradient[i];
        }
    }

    private static float Activate(Activation activation, float z) => activation switch
    {
        Activation.Tanh => MathF.Tanh(z),
        Activation.Sigmoid => 1f / (1f + MathF.Exp(-z)),
        Activation.ReLU => MathF.Max(z, 0f),
        _ => z,
    };

    private static float Derivative(Activation activation, float a) => activation switch
    {
        Activation.Tanh => 1f - (a * a),
        Activation.Sigmoid => a * (1f - a),
        Activation.ReLU => a > 0 ? 1f : 0f,
        _ => 1f,
    };
}
