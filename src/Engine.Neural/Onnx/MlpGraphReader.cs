using Engine.Neural.Onnx.Proto;
using Engine.Neural.Persistence;

namespace Engine.Neural.Onnx;

/// <summary>
/// Walks an ONNX graph node by node as a chain of dense layers: each node must take the tensor
/// the one before it made, a layer starts at <c>Gemm</c> or <c>MatMul</c> (+ <c>Add</c>), and at
/// most one activation follows it.
/// </summary>
internal sealed class MlpGraphReader
{
    private readonly GraphProto _graph;
    private readonly Dictionary<string, TensorProto> _initializers = [];
    private readonly List<Layer> _layers = [];
    private string _current;

    private MlpGraphReader(GraphProto graph, string input)
    {
        _graph = graph;
        _current = input;
        foreach (var tensor in graph.Initializer)
        {
            _initializers[tensor.Name] = tensor;
        }
    }

    /// <summary>The brain <paramref name="model"/> describes.</summary>
    public static OnnxBrain Read(ModelProto model, Loss? loss)
    {
        var graph = model.Graph ?? throw new OnnxImportException("the model holds no graph.");
        var reader = new MlpGraphReader(graph, DataInput(graph));
        foreach (var node in graph.Node)
        {
            reader.Take(node);
        }

        return reader.Finish(loss ?? SavedLoss(model));
    }

    /// <summary>The graph's one input that is not an initializer (older exporters list initializers as inputs too).</summary>
    private static string DataInput(GraphProto graph)
    {
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        var inputs = graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        if (inputs.Count != 1)
        {
            throw new OnnxImportException($"the graph has {inputs.Count} data inputs; a brain has one, [N, inputs].");
        }

        var tensor = inputs[0].Type?.TensorType;
        if (tensor is not null && tensor.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw new OnnxImportException($"input '{inputs[0].Name}' has ONNX element type {tensor.ElemType}; a brain takes float (1).");
        }

        if (tensor?.Shape is { } shape && shape.Dim.Count != 2)
        {
            throw new OnnxImportException($"input '{inputs[0].Name}' has {shape.Dim.Count} dimensions; a brain takes [N, inputs].");
        }

        return inputs[0].Name;
    }

    private static Loss? SavedLoss(ModelProto model)
    {
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == OnnxExport.LossKey);
        return entry is not null && Enum.TryParse<Loss>(entry.Value, out var loss) && Enum.IsDefined(loss) ? loss : null;
    }

    private static string Describe(NodeProto node) => $"node '{node.Name}' (op {node.OpType})";

    private static OnnxImportException Refuse(NodeProto node, string why) => new($"{Describe(node)} {why}");

    private void Take(NodeProto node)
    {
        if (node.Domain is not ("" or "ai.onnx"))
        {
            throw Refuse(node, $"is in operator domain '{node.Domain}'; only the default ONNX domain is taken.");
        }

        if (node.Output.Count != 1)
        {
            throw Refuse(node, $"has {node.Output.Count} outputs; every node of a brain's chain has one.");
        }

        switch (node.OpType)
        {
            case "Gemm":
                Gemm(node);
                break;
            case "MatMul":
                MatMul(node);
                break;
            case "Add":
                Add(node);
                break;
            case "Identity":
                Chain(node, 1);
                break;
            default:
                if (!OnnxActivations.TryActivationOf(node.OpType, out var activation))
                {
                    throw Refuse(node, "is not a dense layer or an activation: a brain is a chain of Gemm (or MatMul + Add) layers, each followed by Relu, Sigmoid, Tanh, LeakyRelu, Elu, Softmax or nothing.");
                }

                Activate(node, activation);
                break;
        }

        _current = node.Output[0];
    }

    /// <summary>Checks that <paramref name="node"/> takes the chain's tensor as its first input, with <paramref name="inputs"/> inputs in all.</summary>
    private void Chain(NodeProto node, params int[] inputs)
    {
        if (!inputs.Contains(node.Input.Count))
        {
            throw Refuse(node, $"has {node.Input.Count} inputs; {string.Join(" or ", inputs)} expected.");
        }

        if (node.Input[0] != _current)
        {
            throw Refuse(node, $"takes '{node.Input[0]}', not '{_current}' made by the node before it: only a single chain of layers is taken.");
        }
    }

    private void Gemm(NodeProto node)
    {
        Chain(node, 2, 3);
        var attributes = new OnnxAttributes(node, "alpha", "beta", "transA", "transB");
        if (attributes.Int("transA", 0) != 0 || attributes.Float("alpha", 1f) != 1f || attributes.Float("beta", 1f) != 1f)
        {
            throw Refuse(node, "has transA, alpha or beta other than 0, 1 and 1; a dense layer is input x W^T + b.");
        }

        var transB = attributes.Int("transB", 0);
        if (transB is not (0 or 1))
        {
            throw Refuse(node, $"has transB = {transB}; 0 or 1 expected.");
        }

        var layer = StartLayer(node, node.Input[1], transposed: transB == 1);
        if (node.Input.Count == 3 && node.Input[2].Length > 0)
        {
            layer.Bias = Bias(node, node.Input[2], layer.Outputs);
        }
    }

    private void MatMul(NodeProto node)
    {
        Chain(node, 2);
        _ = new OnnxAttributes(node);
        StartLayer(node, node.Input[1], transposed: false).AwaitsBias = true;
    }

    private void Add(NodeProto node)
    {
        if (node.Input.Count != 2 || !node.Input.Contains(_current))
        {
            throw Refuse(node, $"does not add a bias to '{_current}', the tensor the node before it made.");
        }

        var layer = _layers.Count > 0 ? _layers[^1] : null;
        if (layer is not { AwaitsBias: true })
        {
            throw Refuse(node, "is taken only as the bias of the MatMul just before it.");
        }

        _ = new OnnxAttributes(node);
        var bias = node.Input[0] == _current ? node.Input[1] : node.Input[0];
        layer.Bias = Bias(node, bias, layer.Outputs);
        layer.AwaitsBias = false;
    }

    private void Activate(NodeProto node, Activation activation)
    {
        Chain(node, 1);
        var layer = _layers.Count > 0 ? _layers[^1] : null;
        if (layer is null || layer.Activation is not null)
        {
            throw Refuse(node, layer is null ? "comes before any dense layer." : "follows another activation; a layer has one.");
        }

        layer.AwaitsBias = false;
        layer.Activation = activation;
        if (OnnxActivations.HasAlpha(activation))
        {
            var attributes = new OnnxAttributes(node, "alpha");
            layer.Alpha = OnnxActivations.SpecAlpha(activation, attributes.Float("alpha", (float)new LayerSpec(1, activation).EffectiveAlpha));
        }
        else if (activation == Activation.Softmax)
        {
            // Over the last axis (opset 13's default) or from axis 1 (earlier opsets' default): the same on [N, outputs].
            var axis = new OnnxAttributes(node, "axis").Int("axis", 1);
            if (axis is not (1 or -1))
            {
                throw Refuse(node, $"has axis = {axis}; a brain's softmax runs over its outputs, axis 1 or -1.");
            }
        }
        else
        {
            _ = new OnnxAttributes(node);
        }
    }

    /// <summary>A new layer whose weights are <paramref name="name"/>: <c>[outputs, inputs]</c> when <paramref name="transposed"/>, else <c>[inputs, outputs]</c>.</summary>
    private Layer StartLayer(NodeProto node, string name, bool transposed)
    {
        if (_layers.Count >= BrainFileLimits.MaxLayers)
        {
            throw Refuse(node, $"would be layer {_layers.Count + 1}; a brain has at most {BrainFileLimits.MaxLayers}.");
        }

        var tensor = Initializer(node, name);
        var dims = OnnxTensors.Dims(tensor, Describe(node));
        if (dims.Length != 2 || dims[0] == 0 || dims[1] == 0)
        {
            throw Refuse(node, $"has weights '{name}' of shape [{string.Join(", ", dims)}]; a dense layer's weights are a non-empty matrix.");
        }

        var (outputs, inputs) = transposed ? ((int)dims[0], (int)dims[1]) : ((int)dims[1], (int)dims[0]);
        if (_layers.Count > 0 && _layers[^1].Outputs != inputs)
        {
            throw Refuse(node, $"has weights '{name}' for {inputs} inputs; the layer before it has {_layers[^1].Outputs} outputs.");
        }

        var values = OnnxTensors.Floats(tensor, Describe(node));
        var weights = transposed ? values : Transpose(values, inputs, outputs);
        var layer = new Layer(inputs, outputs, weights, new float[outputs]);
        _layers.Add(layer);
        return layer;
    }

    /// <summary>A bias of <paramref name="outputs"/> values, stored as <c>[outputs]</c> or <c>[1, outputs]</c>.</summary>
    private float[] Bias(NodeProto node, string name, int outputs)
    {
        var tensor = Initializer(node, name);
        var dims = OnnxTensors.Dims(tensor, Describe(node));
        if (!(dims is [var n] && n == outputs) && !(dims is [1, var m] && m == outputs))
        {
            throw Refuse(node, $"has bias '{name}' of shape [{string.Join(", ", dims)}]; [{outputs}] or [1, {outputs}] expected.");
        }

        return OnnxTensors.Floats(tensor, Describe(node));
    }

    private TensorProto Initializer(NodeProto node, string name) =>
        _initializers.TryGetValue(name, out var tensor)
            ? tensor
            : throw Refuse(node, $"takes '{name}', which is not an initializer; weights and biases must be constants stored in the model.");

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }

    private OnnxBrain Finish(Loss? loss)
    {
        if (_layers.Count == 0)
        {
            throw new OnnxImportException("the graph has no dense layer (Gemm or MatMul).");
        }

        if (_graph.Output.Count != 1 || _graph.Output[0].Name != _current)
        {
            var outputs = string.Join(", ", _graph.Output.Select(o => $"'{o.Name}'"));
            throw new OnnxImportException($"the graph's outputs are {outputs}; a brain has one, the chain's last tensor '{_current}'.");
        }

        var specs = _layers.Select(l => new LayerSpec(l.Outputs, l.Activation ?? Activation.Identity, l.Alpha)).ToList();
        var output = specs[^1];
        BrainSpec spec;
        try
        {
            spec = new BrainSpec(_layers[0].Inputs, specs.Take(specs.Count - 1).ToList(), output, loss ?? (output.Activation == Activation.Softmax ? Loss.SoftmaxCrossEntropy : Loss.Quadratic));
        }
        catch (ArgumentException e)
        {
            throw new OnnxImportException($"the layers do not form a brain: {e.Message}", e);
        }

        var parameters = new float[spec.ParameterCount];
        for (var l = 0; l < _layers.Count; l++)
        {
            _layers[l].Weights.CopyTo(parameters, spec.WeightOffset(l));
            _layers[l].Bias.CopyTo(parameters, spec.BiasOffset(l));
        }

        if (!Array.TrueForAll(parameters, float.IsFinite))
        {
            throw new OnnxImportException("a weight or bias is not finite.");
        }

        return new OnnxBrain(spec, parameters);
    }

    /// <summary>One dense layer as the walk has seen it so far.</summary>
    private sealed class Layer(int inputs, int outputs, float[] weights, float[] bias)
    {
        public int Inputs { get; } = inputs;

        public int Outputs { get; } = outputs;

        public float[] Weights { get; } = weights;

        public float[] Bias { get; set; } = bias;

        public bool AwaitsBias { get; set; }

        public Activation? Activation { get; set; }

        public double? Alpha { get; set; }
    }
}
