using System.Reflection;
using System.Runtime.InteropServices;
using Engine.Neural.Onnx.Proto;
using Engine.Neural.Persistence;
using Google.Protobuf;

namespace Engine.Neural.Onnx;

/// <summary>
/// Writes one brain as an ONNX model (opset <see cref="Opset"/>) that ONNX Runtime, Unity's
/// Sentis or any other ONNX tool runs: per dense layer a <c>Gemm</c> node (<c>transB = 1</c>, the
/// weights <c>[outputs, inputs]</c> and biases <c>[outputs]</c> as initializers), then the
/// layer's activation node (<c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c>, <c>LeakyRelu</c>,
/// <c>Elu</c>, <c>Softmax</c>; none for the identity). The model's input is
/// <see cref="InputName"/>, float <c>[N, inputs]</c>; its output <see cref="OutputName"/>, float
/// <c>[N, outputs]</c>. The layout is in <c>docs/onnx.md</c>.
/// </summary>
/// <example>
/// <code>
/// OnnxExport.Save("picker.onnx", cohort, agent);         // one agent's brain
/// OnnxExport.Save("crowd.onnx", sharedCohort, anyAgent); // a shared cohort's one brain
/// </code>
/// </example>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the model imports (default domain).</summary>
    public const int Opset = 13;

    /// <summary>The ONNX IR version that goes with <see cref="Opset"/>.</summary>
    public const int IrVersion = 7;

    /// <summary>Name of the model's input: float <c>[N, inputs]</c>, one row per sample.</summary>
    public const string InputName = "input";

    /// <summary>Name of the model's output: float <c>[N, outputs]</c>.</summary>
    public const string OutputName = "output";

    /// <summary>Metadata key under which the spec's <see cref="Loss"/> travels (ONNX has no loss of its own).</summary>
    public const string LossKey = "engine.neural.loss";

    /// <summary>Saves <paramref name="agent"/>'s brain (in a shared cohort: the shared brain) to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentException">The agent is not in the cohort.</exception>
    /// <exception cref="NotSupportedException">The spec uses the perceptron step.</exception>
    public static void Save(string path, BrainCohort cohort, AgentHandle agent) => AtomicFile.Write(path, ToBytes(cohort, agent));

    /// <summary>Writes <paramref name="agent"/>'s brain as an ONNX model to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The agent is not in the cohort.</exception>
    /// <exception cref="NotSupportedException">The spec uses the perceptron step.</exception>
    public static void Write(Stream destination, BrainCohort cohort, AgentHandle agent)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(ToBytes(cohort, agent));
    }

    /// <summary>The ONNX model of <paramref name="agent"/>'s brain, as bytes.</summary>
    /// <exception cref="ArgumentException">The agent is not in the cohort.</exception>
    /// <exception cref="NotSupportedException">The spec uses the perceptron step.</exception>
    public static byte[] ToBytes(BrainCohort cohort, AgentHandle agent)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var parameters = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, parameters);
        return ToBytes(cohort.Spec, parameters);
    }

    /// <summary>The ONNX model of a brain of <paramref name="spec"/> with <paramref name="parameters"/> (flat layout: per layer W then b).</summary>
    /// <exception cref="ArgumentException">The parameters do not fit the spec.</exception>
    /// <exception cref="NotSupportedException">The spec uses the perceptron step.</exception>
    public static byte[] ToBytes(BrainSpec spec, ReadOnlySpan<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (parameters.Length != spec.ParameterCount)
        {
            throw new ArgumentException($"ONNX export: {spec} has {spec.ParameterCount} parameters, {parameters.Length} were given.", nameof(parameters));
        }

        return Model(spec, parameters).ToByteArray();
    }

    private static ModelProto Model(BrainSpec spec, ReadOnlySpan<float> parameters)
    {
        var graph = new GraphProto { Name = "brain" };
        graph.Input.Add(Value(InputName, spec.InputSize));
        graph.Output.Add(Value(OutputName, spec.OutputSize));
        var current = InputName;
        for (var l = 0; l < spec.LayerCount; l++)
        {
            var layer = spec.Layers[l];
            var last = l == spec.LayerCount - 1;
            var op = OnnxActivations.OpOf(layer.Activation);
            var weights = $"layer{l}.weight";
            var bias = $"layer{l}.bias";
            graph.Initializer.Add(Tensor(weights, [layer.Outputs, layer.Inputs], parameters.Slice(spec.WeightOffset(l), layer.WeightCount)));
            graph.Initializer.Add(Tensor(bias, [layer.Outputs], parameters.Slice(spec.BiasOffset(l), layer.Outputs)));

            var z = last && op is null ? OutputName : $"layer{l}.z";
            var gemm = Node($"layer{l}.gemm", "Gemm", [current, weights, bias], z);
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            current = z;
            if (op is null)
            {
                continue;
            }

            var a = last ? OutputName : $"layer{l}.a";
            var activation = Node($"layer{l}.{op.ToLowerInvariant()}", op, [current], a);
            if (OnnxActivations.HasAlpha(layer.Activation))
            {
                activation.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = (float)layer.Alpha });
            }
            else if (layer.Activation == Activation.Softmax)
            {
                activation.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            }

            graph.Node.Add(activation);
            current = a;
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Engine.Neural",
            ProducerVersion = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? string.Empty,
            DocString = spec.ToString(),
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = LossKey, Value = spec.Loss.ToString() });
        return model;
    }

    private static NodeProto Node(string name, string op, string[] inputs, string output)
    {
        var node = new NodeProto { Name = name, OpType = op };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    /// <summary>A float tensor <c>[N, width]</c> whose first dimension is the batch, named <c>N</c>.</summary>
    private static ValueInfoProto Value(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorProto Tensor(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        if (BitConverter.IsLittleEndian)
        {
            // raw_data is little-endian by definition: on such a machine it is the floats' own bytes.
            tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        }
        else
        {
            tensor.FloatData.AddRange(values.ToArray());
        }

        return tensor;
    }
}
