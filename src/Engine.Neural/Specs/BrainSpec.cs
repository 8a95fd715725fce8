using System.Globalization;
using System.Text;

namespace Engine.Neural;

/// <summary>
/// The shape of a brain: input size, hidden layers, output layer and loss. Two specs that are
/// equal describe networks that can share one cohort (one batched parameter store).
/// </summary>
/// <example>
/// The grape-triangle net (two inputs, three cuts, one output):
/// <code>
/// var spec = new BrainSpec(2, [new LayerSpec(3, Activation.Sigmoid)],
///                          new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
/// </code>
/// </example>
public sealed class BrainSpec : IEquatable<BrainSpec>
{
    private readonly LayerSpec[] _hidden;
    private readonly DenseLayerShape[] _layers;
    private readonly int[] _weightOffsets;

    /// <summary>Creates and validates a spec.</summary>
    /// <param name="inputSize">Number of inputs; at least 1.</param>
    /// <param name="hidden">Hidden layers, first to last; may be empty (a single-layer net).</param>
    /// <param name="output">The output layer.</param>
    /// <param name="loss">The loss the brain is trained with.</param>
    /// <exception cref="ArgumentException">A size is below 1, an activation parameter is not a
    /// finite non-negative number, softmax is used outside the output layer, the output
    /// activation and loss do not pair, or the brain would hold more parameters than one array
    /// can (<see cref="MaxParameterCount"/>).</exception>
    public BrainSpec(int inputSize, IReadOnlyList<LayerSpec> hidden, LayerSpec output, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (inputSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"BrainSpec: input size must be at least 1, got {inputSize}.");
        }

        _hidden = [.. hidden];
        Output = output;
        Loss = loss;
        InputSize = inputSize;

        _layers = new DenseLayerShape[_hidden.Length + 1];
        var fanIn = inputSize;
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = l < _hidden.Length ? _hidden[l] : output;
            var name = l < _hidden.Length ? $"hidden layer {l + 1}" : "output layer";
            Validate(layer, name, isOutput: l == _hidden.Length);
            _layers[l] = new DenseLayerShape(fanIn, layer.Size, layer.Activation, layer.EffectiveAlpha);
            fanIn = layer.Size;
        }

        ValidateLossPairing(output, loss);
        ValidateSize(_layers);
        _weightOffsets = new int[_layers.Length + 1];
        var widest = inputSize;
        for (var l = 1; l <= _layers.Length; l++)
        {
            _weightOffsets[l] = _weightOffsets[l - 1] + _layers[l - 1].ParameterCount;
            widest = Math.Max(widest, _layers[l - 1].Outputs);
        }

        ParameterCount = _weightOffsets[_layers.Length];
        MaxWidth = widest;
    }

    /// <summary>Convenience constructor: hidden layers given as (size, activation) pairs.</summary>
    public BrainSpec(int inputSize, IEnumerable<(int Size, Activation Activation)> hidden, int outputSize, Activation outputActivation, Loss loss)
        : this(inputSize, hidden.Select(h => new LayerSpec(h.Size, h.Activation)).ToArray(), new LayerSpec(outputSize, outputActivation), loss)
    {
    }

    /// <summary>The most parameters one brain may have: what one .NET array can hold.</summary>
    public static int MaxParameterCount => Array.MaxLength;

    /// <summary>Number of inputs.</summary>
    public int InputSize { get; }

    /// <summary>The hidden layers, first to last.</summary>
    public IReadOnlyList<LayerSpec> Hidden => _hidden;

    /// <summary>The output layer.</summary>
    public LayerSpec Output { get; }

    /// <summary>Number of outputs.</summary>
    public int OutputSize => Output.Size;

    /// <summary>The loss the brain trains with.</summary>
    public Loss Loss { get; }

    /// <summary>Every dense layer (hidden then output) with its fan-in resolved.</summary>
    public IReadOnlyList<DenseLayerShape> Layers => _layers;

    /// <summary>The layers as an array, for kernels (no interface dispatch per access).</summary>
    internal DenseLayerShape[] LayerArray => _layers;

    /// <summary>Per layer, where its weights start in the flat parameter layout.</summary>
    internal int[] WeightOffsets => _weightOffsets;

    /// <summary>Number of dense layers (hidden layers plus the output layer).</summary>
    public int LayerCount => _layers.Length;

    /// <summary>Widest layer, inputs included: the scratch size one sample needs per layer.</summary>
    public int MaxWidth { get; }

    /// <summary>Total number of weights and biases.</summary>
    /// <remarks>
    /// Worked out once: hot paths (GetParameters, every frame) read it, and a LINQ sum would
    /// allocate an enumerator on each read wherever the JIT does not optimise it away.
    /// </remarks>
    public int ParameterCount { get; }

    /// <summary>
    /// True when the brain can learn: no layer uses <see cref="Activation.Step"/>, whose
    /// derivative is zero wherever it is defined.
    /// </summary>
    public bool IsTrainable => Array.TrueForAll(_layers, l => l.Activation != Activation.Step);

    /// <summary>
    /// Throws unless the brain can be trained; names the layer that prevents it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A layer uses the step activation.</exception>
    public void EnsureTrainable()
    {
        for (var l = 0; l < _layers.Length; l++)
        {
            if (_layers[l].Activation == Activation.Step)
            {
                var name = l < _hidden.Length ? $"hidden layer {l + 1}" : "the output layer";
                throw new InvalidOperationException(
                    $"BrainSpec {this}: {name} uses the Step activation, which has no derivative; " +
                    "a perceptron can run forward but cannot be trained by backpropagation. Use Sigmoid (a smooth step) to train.");
            }
        }
    }

    /// <summary>Offset of layer <paramref name="layer"/>'s weights in a flat parameter vector.</summary>
    /// <remarks>
    /// Layout: for each layer, <c>W[out][in]</c> row-major followed by <c>b[out]</c>.
    /// <c>WeightOffset(LayerCount)</c> is <see cref="ParameterCount"/>.
    /// </remarks>
    public int WeightOffset(int layer) => _weightOffsets[layer];

    /// <summary>Offset of layer <paramref name="layer"/>'s biases in a flat parameter vector.</summary>
    public int BiasOffset(int layer) => WeightOffset(layer) + _layers[layer].WeightCount;

    /// <summary>A copy with a different output activation and loss, the rest unchanged.</summary>
    public BrainSpec WithOutput(LayerSpec output, Loss loss) => new(InputSize, _hidden, output, loss);

    /// <summary>A copy with different hidden layers, the rest unchanged.</summary>
    public BrainSpec WithHidden(IReadOnlyList<LayerSpec> hidden) => new(InputSize, hidden, Output, Loss);

    /// <inheritdoc/>
    /// <remarks>
    /// Compares the resolved layers, so a LeakyReLU layer with the default slope equals one
    /// that states 0.01 explicitly: both describe the same network.
    /// </remarks>
    public bool Equals(BrainSpec? other) =>
        other is not null
        && InputSize == other.InputSize
        && Loss == other.Loss
        && _layers.AsSpan().SequenceEqual(other._layers);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as BrainSpec);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(InputSize);
        foreach (var layer in _layers)
        {
            hash.Add(layer);
        }

        hash.Add(Loss);
        return hash.ToHashCode();
    }

    /// <summary>Compact description, e.g. <c>2-3(Sigmoid)-1(Sigmoid) BinaryCrossEntropy</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(InputSize.ToString(CultureInfo.InvariantCulture));
        foreach (var layer in _layers)
        {
            sb.Append(CultureInfo.InvariantCulture, $"-{layer.Outputs}({layer.Activation})");
        }

        sb.Append(' ').Append(Loss);
        return sb.ToString();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(BrainSpec? left, BrainSpec? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(BrainSpec? left, BrainSpec? right) => !(left == right);

    private static void Validate(LayerSpec layer, string name, bool isOutput)
    {
        if (layer.Size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer.Size, $"BrainSpec: {name} must have at least 1 neuron, got {layer.Size}.");
        }

        if (!Enum.IsDefined(layer.Activation))
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, $"BrainSpec: {name} has an unknown activation {(int)layer.Activation}.");
        }

        if (layer.Alpha is double alpha && (!double.IsFinite(alpha) || alpha < 0))
        {
            throw new ArgumentException($"BrainSpec: {name}'s activation parameter alpha must be a finite number >= 0, got {alpha.ToString(CultureInfo.InvariantCulture)}.", nameof(layer));
        }

        if (layer.Activation == Activation.Softmax && !isOutput)
        {
            throw new ArgumentException($"BrainSpec: {name} uses Softmax, which is allowed only on the output layer.", nameof(layer));
        }
    }

    /// <summary>Counts in 64 bits: a product of two in-range sizes passes 2^31 easily.</summary>
    private static void ValidateSize(DenseLayerShape[] layers)
    {
        long total = 0;
        foreach (var layer in layers)
        {
            total += ((long)layer.Outputs * layer.Inputs) + layer.Outputs;
        }

        if (total > MaxParameterCount)
        {
            throw new ArgumentException($"BrainSpec: {total:N0} parameters (layer sizes {string.Join(" x ", layers.Select(l => l.Inputs).Append(layers[^1].Outputs))}) are more than one array holds ({MaxParameterCount:N0}); use smaller layers.");
        }
    }

    private static void ValidateLossPairing(LayerSpec output, Loss loss)
    {
        switch (loss)
        {
            case Loss.Quadratic when output.Activation == Activation.Softmax:
                throw new ArgumentException("BrainSpec: a Softmax output layer must be paired with SoftmaxCrossEntropy loss.", nameof(loss));
            case Loss.Quadratic:
                return;
            case Loss.BinaryCrossEntropy when output.Activation != Activation.Sigmoid:
                throw new ArgumentException($"BrainSpec: BinaryCrossEntropy needs Sigmoid outputs (values in (0, 1)), but the output layer uses {output.Activation}.", nameof(loss));
            case Loss.BinaryCrossEntropy:
                return;
            case Loss.SoftmaxCrossEntropy when output.Activation != Activation.Softmax:
                throw new ArgumentException($"BrainSpec: SoftmaxCrossEntropy needs a Softmax output layer, but the output layer uses {output.Activation}.", nameof(loss));
            case Loss.SoftmaxCrossEntropy when output.Size < 2:
                throw new ArgumentException("BrainSpec: a Softmax output layer needs at least 2 neurons (one class is always certain).", nameof(loss));
            case Loss.SoftmaxCrossEntropy:
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, $"BrainSpec: unknown loss {(int)loss}.");
        }
    }
}
