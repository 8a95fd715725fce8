namespace Engine.Neural.Reference;

/// <summary>
/// A plain double-precision multi-layer perceptron: the oracle every fast path is tested
/// against. It follows the usual notation: layer l computes <c>z^l = W^l a^(l-1) + b^l</c>
/// and <c>a^l = sigma(z^l)</c>, where <c>W^l[j][k]</c> is the weight from neuron k of the
/// previous layer to neuron j of this one.
/// </summary>
public sealed class ReferenceNetwork
{
    /// <summary>Creates a network with every parameter zero.</summary>
    public ReferenceNetwork(BrainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Weights = spec.Layers.Select(l => new double[l.WeightCount]).ToArray();
        Biases = spec.Layers.Select(l => new double[l.Outputs]).ToArray();
    }

    /// <summary>The network's shape.</summary>
    public BrainSpec Spec { get; }

    /// <summary>Per layer, <c>W[j * inputs + k]</c> = weight from input k to neuron j.</summary>
    public double[][] Weights { get; }

    /// <summary>Per layer, one bias per neuron.</summary>
    public double[][] Biases { get; }

    /// <summary>Creates a network initialised from a seed (see <see cref="ParameterInitializer"/>).</summary>
    public static ReferenceNetwork Create(BrainSpec spec, WeightInit init, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var flat = new double[spec.ParameterCount];
        var random = new DeterministicRandom(seed);
        ParameterInitializer.Fill<double>(spec, init, ref random, flat);
        var network = new ReferenceNetwork(spec);
        network.SetParameters(flat);
        return network;
    }

    /// <summary>Copies every parameter out in the flat layout (per layer: W then b).</summary>
    public double[] GetParameters()
    {
        var flat = new double[Spec.ParameterCount];
        var offset = 0;
        for (var l = 0; l < Spec.LayerCount; l++)
        {
            Weights[l].CopyTo(flat, offset);
            offset += Weights[l].Length;
            Biases[l].CopyTo(flat, offset);
            offset += Biases[l].Length;
        }

        return flat;
    }

    /// <summary>Sets every parameter from the flat layout (per layer: W then b).</summary>
    /// <exception cref="ArgumentException">Wrong length.</exception>
    public void SetParameters(ReadOnlySpan<double> flat)
    {
        if (flat.Length != Spec.ParameterCount)
        {
            throw new ArgumentException($"ReferenceNetwork: expected {Spec.ParameterCount} parameters for {Spec}, got {flat.Length}.", nameof(flat));
        }

        var offset = 0;
        for (var l = 0; l < Spec.LayerCount; l++)
        {
            flat.Slice(offset, Weights[l].Length).CopyTo(Weights[l]);
            offset += Weights[l].Length;
            flat.Slice(offset, Biases[l].Length).CopyTo(Biases[l]);
            offset += Biases[l].Length;
        }
    }

    /// <summary>Runs the network forward and returns its output.</summary>
    /// <exception cref="ArgumentException">The input has the wrong length.</exception>
    public double[] Forward(ReadOnlySpan<double> input) => Trace(input).Output;

    /// <summary>Runs forward and keeps every weighted input z^l and activation a^l for backprop.</summary>
    /// <exception cref="ArgumentException">The input has the wrong length.</exception>
    public ReferenceTrace Trace(ReadOnlySpan<double> input)
    {
        CheckLength(input.Length, Spec.InputSize, "input");
        var activations = new double[Spec.LayerCount + 1][];
        var weightedInputs = new double[Spec.LayerCount][];
        activations[0] = input.ToArray();
        for (var l = 0; l < Spec.LayerCount; l++)
        {
            var layer = Spec.Layers[l];
            var a = activations[l];
            var z = new double[layer.Outputs];
            for (var j = 0; j < layer.Outputs; j++)
            {
                var sum = Biases[l][j];
                for (var k = 0; k < layer.Inputs; k++)
                {
                    sum += Weights[l][(j * layer.Inputs) + k] * a[k];
                }

                z[j] = sum;
            }

            weightedInputs[l] = z;
            activations[l + 1] = ReferenceMath.Activate(layer.Activation, layer.Alpha, z);
        }

        return new ReferenceTrace(weightedInputs, activations);
    }

    /// <summary>The loss of one sample (no regularisation term).</summary>
    public double Loss(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        CheckLength(target.Length, Spec.OutputSize, "target");
        var trace = Trace(input);
        return ReferenceMath.SampleLossFromLogits(Spec.Loss, trace.WeightedInputs[^1], trace.Output, target.ToArray());
    }

    /// <summary>The mean loss over a batch (no regularisation term).</summary>
    public double BatchLoss(IReadOnlyList<double[]> inputs, IReadOnlyList<double[]> targets)
    {
        CheckBatch(inputs, targets);
        double sum = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            sum += Loss(inputs[i], targets[i]);
        }

        return sum / inputs.Count;
    }

    /// <summary>
    /// Backpropagation for one sample, the four equations (BP1-BP4):
    /// BP1 <c>delta^L = dC/da (.) sigma'(z^L)</c>;
    /// BP2 <c>delta^l = ((W^(l+1))^T delta^(l+1)) (.) sigma'(z^l)</c>;
    /// BP3 <c>dC/db^l_j = delta^l_j</c>;
    /// BP4 <c>dC/dw^l_jk = a^(l-1)_k delta^l_j</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The spec uses a step activation.</exception>
    public ReferenceGradient Backprop(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        Spec.EnsureTrainable();
        CheckLength(target.Length, Spec.OutputSize, "target");
        var trace = Trace(input);
        var gradient = new ReferenceGradient(Spec);
        var last = Spec.LayerCount - 1;

        // BP1
        var delta = ReferenceMath.OutputError(Spec.Loss, Spec.Layers[last], trace.WeightedInputs[last], trace.Output, target.ToArray());
        for (var l = last; l >= 0; l--)
        {
            var layer = Spec.Layers[l];
            var aPrev = trace.Activations[l];

            // BP3 and BP4
            for (var j = 0; j < layer.Outputs; j++)
            {
                gradient.Biases[l][j] = delta[j];
                for (var k = 0; k < layer.Inputs; k++)
                {
                    gradient.Weights[l][(j * layer.Inputs) + k] = aPrev[k] * delta[j];
                }
            }

            if (l == 0)
            {
                break;
            }

            // BP2
            var below = Spec.Layers[l - 1];
            var zPrev = trace.WeightedInputs[l - 1];
            var deltaPrev = new double[layer.Inputs];
            for (var k = 0; k < layer.Inputs; k++)
            {
                double sum = 0;
                for (var j = 0; j < layer.Outputs; j++)
                {
                    sum += Weights[l][(j * layer.Inputs) + k] * delta[j];
                }

                deltaPrev[k] = sum * ReferenceMath.Derivative(below.Activation, below.Alpha, zPrev[k]);
            }

            delta = deltaPrev;
        }

        return gradient;
    }

    /// <summary>The gradient of the batch's mean loss: the mean of the per-sample gradients.</summary>
    public ReferenceGradient BatchGradient(IReadOnlyList<double[]> inputs, IReadOnlyList<double[]> targets)
    {
        CheckBatch(inputs, targets);
        var sum = new ReferenceGradient(Spec);
        for (var i = 0; i < inputs.Count; i++)
        {
            sum.Add(Backprop(inputs[i], targets[i]));
        }

        sum.Scale(1.0 / inputs.Count);
        return sum;
    }

    private static void CheckLength(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"ReferenceNetwork: {what} must have {expected} values, got {actual}.", what);
        }
    }

    private static void CheckBatch(IReadOnlyList<double[]> inputs, IReadOnlyList<double[]> targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Count != targets.Count || inputs.Count == 0)
        {
            throw new ArgumentException($"ReferenceNetwork: a batch needs as many targets as inputs, and at least one; got {inputs.Count} inputs and {targets.Count} targets.", nameof(targets));
        }
    }
}
