using Engine.Neural;
using Engine.Neural.Reference;

namespace DemoGame.Model.Agents;

/// <summary>
/// What every neuron of one brain computes for one input, layer by layer: the pictures a
/// network diagram shows at its nodes. It runs the brain's parameters on the host (a few
/// hundred multiply-adds for the Harvest brain), so the cohort's batch needs no per-layer read
/// back; nothing is allocated once it is made.
/// </summary>
internal sealed class NetworkActivations
{
    private readonly float[][] _columns;

    /// <summary>Makes room for the inputs and every layer's outputs of <paramref name="spec"/>.</summary>
    public NetworkActivations(BrainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        _columns = new float[spec.LayerCount + 1][];
        _columns[0] = new float[spec.InputSize];
        for (var l = 0; l < spec.LayerCount; l++)
        {
            _columns[l + 1] = new float[spec.Layers[l].Outputs];
        }
    }

    /// <summary>The brain's shape.</summary>
    public BrainSpec Spec { get; }

    /// <summary>Columns: the inputs, then one per layer.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>The values of column <paramref name="column"/> as of the last <see cref="Compute"/>: 0 the inputs, l + 1 layer l's activations.</summary>
    public ReadOnlySpan<float> Column(int column) => _columns[column];

    /// <summary>Runs <paramref name="parameters"/> (flat: per layer W then b) on <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The parameters or the input do not fit the spec.</exception>
    public void Compute(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input)
    {
        if (parameters.Length != Spec.ParameterCount || input.Length != Spec.InputSize)
        {
            throw new ArgumentException($"NetworkActivations: {Spec} takes {Spec.ParameterCount} parameters and {Spec.InputSize} inputs, got {parameters.Length} and {input.Length}.");
        }

        input.CopyTo(_columns[0]);
        for (var l = 0; l < Spec.LayerCount; l++)
        {
            var layer = Spec.Layers[l];
            var (from, to) = (_columns[l], _columns[l + 1]);
            var weights = parameters.Slice(Spec.WeightOffset(l), layer.WeightCount);
            var biases = parameters.Slice(Spec.BiasOffset(l), layer.Outputs);
            for (var j = 0; j < layer.Outputs; j++)
            {
                var z = (double)biases[j];
                var row = weights.Slice(j * layer.Inputs, layer.Inputs);
                for (var k = 0; k < row.Length; k++)
                {
                    z += row[k] * from[k];
                }

                to[j] = layer.Activation == Activation.Softmax ? (float)z : (float)ReferenceMath.Activate(layer.Activation, layer.Alpha, z);
            }

            if (layer.Activation == Activation.Softmax)
            {
                Softmax(to);
            }
        }
    }

    private static void Softmax(Span<float> z)
    {
        var max = float.NegativeInfinity;
        foreach (var v in z)
        {
            max = MathF.Max(max, v);
        }

        var sum = 0f;
        foreach (ref var v in z)
        {
            v = MathF.Exp(v - max);
            sum += v;
        }

        foreach (ref var v in z)
        {
            v /= sum;
        }
    }
}
