using Engine.Neural;

namespace DemoGame.Model.Agents;

/// <summary>
/// What every neuron of a brain computes over the board, as the TensorFlow Playground shows
/// it: for each layer, the brain cut off after that layer is evaluated on a small grid in one
/// batched forward (the flat parameter layout puts the first layers' weights first, so the
/// cut-off brain's parameters are a prefix of the whole brain's), on the backend of the cohort
/// it follows (see <see cref="BatchEvaluator"/>).
/// </summary>
internal sealed class NeuronFields : IDisposable
{
    /// <summary>Cells per side of each neuron's grid.</summary>
    public const int Resolution = 24;

    private readonly BatchEvaluator[] _layers;
    private readonly int[] _prefixLengths;

    /// <summary>
    /// Prepares one evaluator per layer of <paramref name="spec"/> (a 2-input brain), evaluated
    /// wherever <paramref name="follow"/> (the agents' cohort) runs, or on the CPU without one.
    /// </summary>
    public NeuronFields(BrainSpec spec, BrainCohort? follow = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        var grid = BatchEvaluator.GridPoints(Resolution);
        _layers = new BatchEvaluator[spec.LayerCount];
        _prefixLengths = new int[spec.LayerCount];
        for (var l = 0; l < spec.LayerCount; l++)
        {
            _layers[l] = new BatchEvaluator(CutOff(spec, l), grid, follow);
            _prefixLengths[l] = spec.BiasOffset(l) + spec.Layers[l].Outputs;
        }
    }

    /// <summary>The brain shape.</summary>
    public BrainSpec Spec { get; }

    /// <summary>Where the grids are evaluated: "cpu" or "opencl" (see <see cref="BatchEvaluator.BackendName"/>).</summary>
    public string BackendName => _layers[0].BackendName;

    /// <summary>Points per neuron grid.</summary>
    public static int Points => Resolution * Resolution;

    /// <summary>Evaluates every layer's neurons for <paramref name="parameters"/> (the whole brain's, flat).</summary>
    public void Evaluate(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != Spec.ParameterCount)
        {
            throw new ArgumentException($"NeuronFields: expected {Spec.ParameterCount} parameters, got {parameters.Length}.", nameof(parameters));
        }

        for (var l = 0; l < _layers.Length; l++)
        {
            _layers[l].Evaluate(parameters[.._prefixLengths[l]]);
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s outputs from the last <see cref="Evaluate"/>: [point x neuron], points bottom row first.</summary>
    public ReadOnlySpan<float> Layer(int layer) => _layers[layer].Outputs;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var layer in _layers)
        {
            layer.Dispose();
        }
    }

    // The brain up to and including layer `last`, which becomes the output layer. Its loss is
    // never used (nothing trains it); quadratic pairs with every activation but softmax.
    private static BrainSpec CutOff(BrainSpec spec, int last)
    {
        var hidden = new LayerSpec[last];
        for (var l = 0; l < last; l++)
        {
            hidden[l] = spec.Hidden[l];
        }

        var output = last < spec.Hidden.Count ? spec.Hidden[last] : spec.Output;
        return new BrainSpec(spec.InputSize, hidden, output, output.Activation == Activation.Softmax ? Loss.SoftmaxCrossEntropy : Loss.Quadratic);
    }
}
