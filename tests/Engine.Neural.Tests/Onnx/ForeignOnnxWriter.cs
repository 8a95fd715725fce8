using Google.Protobuf;

namespace Engine.Neural.Tests.Onnx;

/// <summary>How a foreign exporter lays out a dense layer.</summary>
public enum ForeignLayerForm
{
    /// <summary><c>Gemm</c> with <c>transB = 1</c> and weights <c>[out, in]</c>, as <c>torch.onnx.export</c> writes <c>nn.Linear</c>.</summary>
    GemmTransB,

    /// <summary><c>Gemm</c> with weights <c>[in, out]</c> and no <c>transB</c>.</summary>
    Gemm,

    /// <summary><c>MatMul</c> by weights <c>[in, out]</c>, then <c>Add(bias, x)</c> with the bias first.</summary>
    MatMulAdd,
}

/// <summary>How a foreign exporter stores a float initializer.</summary>
public enum ForeignStorage
{
    /// <summary>Little-endian bytes in <c>raw_data</c>.</summary>
    RawData,

    /// <summary><c>float_data</c>, packed (one length-delimited field).</summary>
    PackedFloats,

    /// <summary><c>float_data</c>, one fixed32 field per value (proto2 without <c>[packed = true]</c>).</summary>
    UnpackedFloats,
}

/// <summary>One dense layer for <see cref="ForeignOnnxWriter"/>: weights <c>[out][in]</c>, bias, and an activation operator (null: none).</summary>
internal sealed record ForeignLayer(float[,] Weights, float[] Bias, string? Op = null, float? Alpha = null);

/// <summary>
/// Writes ONNX files field by field with Google.Protobuf's <see cref="CodedOutputStream"/> and the
/// field numbers of the ONNX schema (onnx/onnx.proto), the way another tool's exporter does. It
/// shares nothing with the importer's own <c>.proto</c>, so a wrong field number there fails the
/// tests instead of agreeing with itself.
/// </summary>
internal static class ForeignOnnxWriter
{
    private const int FloatType = 1;

    /// <summary>A whole model: torch-style names, opset 17, graph input <c>input</c> [batch, inputs], output <c>output</c>.</summary>
    public static byte[] Model(int inputs, IReadOnlyList<ForeignLayer> layers, ForeignLayerForm form, ForeignStorage storage)
    {
        var graph = Message(g =>
        {
            var current = "input";
            var initializers = new List<byte[]>();
            for (var l = 0; l < layers.Count; l++)
            {
                current = WriteLayer(g, initializers, layers[l], l, current, form, storage, last: l == layers.Count - 1);
            }

            WriteString(g, 2, "main_graph");
            foreach (var tensor in initializers)
            {
                WriteMessage(g, 5, tensor);
            }

            WriteMessage(g, 11, ValueInfo("input", "batch", inputs));
            WriteMessage(g, 12, ValueInfo("output", "batch", layers[^1].Bias.Length));
        });

        return Message(m =>
        {
            WriteVarint(m, 1, 8);                              // ir_version
            WriteString(m, 2, "pytorch");                      // producer_name
            WriteString(m, 3, "2.5.1");                        // producer_version
            WriteMessage(m, 7, graph);                         // graph
            WriteMessage(m, 8, Message(o => WriteVarint(o, 2, 17))); // opset_import: default domain, version 17
        });
    }

    /// <summary>Writes a node message (NodeProto: input 1, output 2, name 3, op_type 4, attribute 5).</summary>
    public static byte[] Node(string name, string op, string[] inputs, string output, params byte[][] attributes) => Message(n =>
    {
        foreach (var input in inputs)
        {
            WriteString(n, 1, input);
        }

        WriteString(n, 2, output);
        WriteString(n, 3, name);
        WriteString(n, 4, op);
        foreach (var attribute in attributes)
        {
            WriteMessage(n, 5, attribute);
        }
    });

    /// <summary>An int attribute (AttributeProto: name 1, i 3, type 20 = INT 2).</summary>
    public static byte[] IntAttribute(string name, long value) => Message(a =>
    {
        WriteString(a, 1, name);
        WriteVarint(a, 3, value);
        WriteVarint(a, 20, 2);
    });

    /// <summary>A float attribute (AttributeProto: name 1, f 2, type 20 = FLOAT 1).</summary>
    public static byte[] FloatAttribute(string name, float value) => Message(a =>
    {
        WriteString(a, 1, name);
        a.WriteTag(2, WireFormat.WireType.Fixed32);
        a.WriteFloat(value);
        WriteVarint(a, 20, 1);
    });

    /// <summary>A float tensor (TensorProto: dims 1, data_type 2, float_data 4, name 8, raw_data 9).</summary>
    public static byte[] Tensor(string name, long[] dims, float[] values, ForeignStorage storage) => Message(t =>
    {
        foreach (var d in dims)
        {
            WriteVarint(t, 1, d); // proto2 `repeated int64 dims`: not packed
        }

        WriteVarint(t, 2, FloatType);
        WriteString(t, 8, name);
        switch (storage)
        {
            case ForeignStorage.RawData:
                var raw = new byte[values.Length * sizeof(float)];
                for (var i = 0; i < values.Length; i++)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
                }

                t.WriteTag(9, WireFormat.WireType.LengthDelimited);
                t.WriteBytes(ByteString.CopyFrom(raw));
                break;
            case ForeignStorage.PackedFloats:
                t.WriteTag(4, WireFormat.WireType.LengthDelimited);
                t.WriteLength(values.Length * sizeof(float));
                foreach (var v in values)
                {
                    t.WriteFloat(v);
                }

                break;
            case ForeignStorage.UnpackedFloats:
                foreach (var v in values)
                {
                    t.WriteTag(4, WireFormat.WireType.Fixed32);
                    t.WriteFloat(v);
                }

                break;
        }
    });

    /// <summary>A graph holding exactly these parts (GraphProto: node 1, name 2, initializer 5, input 11, output 12), wrapped in a model.</summary>
    public static byte[] ModelOf(IEnumerable<byte[]> nodes, IEnumerable<byte[]> initializers, int inputs, int outputs)
    {
        var graph = Message(g =>
        {
            foreach (var node in nodes)
            {
                WriteMessage(g, 1, node);
            }

            foreach (var tensor in initializers)
            {
                WriteMessage(g, 5, tensor);
            }

            WriteMessage(g, 11, ValueInfo("input", "batch", inputs));
            WriteMessage(g, 12, ValueInfo("output", "batch", outputs));
        });
        return Message(m =>
        {
            WriteVarint(m, 1, 8);
            WriteMessage(m, 7, graph);
            WriteMessage(m, 8, Message(o => WriteVarint(o, 2, 17)));
        });
    }

    private static string WriteLayer(CodedOutputStream g, List<byte[]> initializers, ForeignLayer layer, int l, string current, ForeignLayerForm form, ForeignStorage storage, bool last)
    {
        var outputs = layer.Weights.GetLength(0);
        var inputs = layer.Weights.GetLength(1);
        var linearOut = last && layer.Op is null ? "output" : $"/{l}/linear_output_0";
        initializers.Add(Tensor($"{l}.bias", [outputs], layer.Bias, storage));
        if (form == ForeignLayerForm.GemmTransB)
        {
            initializers.Add(Tensor($"{l}.weight", [outputs, inputs], Flatten(layer.Weights, transpose: false), storage));
            WriteMessage(g, 1, Node($"/{l}/Gemm", "Gemm", [current, $"{l}.weight", $"{l}.bias"], linearOut, FloatAttribute("alpha", 1f), FloatAttribute("beta", 1f), IntAttribute("transB", 1)));
        }
        else if (form == ForeignLayerForm.Gemm)
        {
            initializers.Add(Tensor($"onnx::Gemm_{l}", [inputs, outputs], Flatten(layer.Weights, transpose: true), storage));
            WriteMessage(g, 1, Node($"/{l}/Gemm", "Gemm", [current, $"onnx::Gemm_{l}", $"{l}.bias"], linearOut));
        }
        else
        {
            initializers.Add(Tensor($"onnx::MatMul_{l}", [inputs, outputs], Flatten(layer.Weights, transpose: true), storage));
            WriteMessage(g, 1, Node($"/{l}/MatMul", "MatMul", [current, $"onnx::MatMul_{l}"], $"/{l}/MatMul_output_0"));
            WriteMessage(g, 1, Node($"/{l}/Add", "Add", [$"{l}.bias", $"/{l}/MatMul_output_0"], linearOut));
        }

        if (layer.Op is null)
        {
            return linearOut;
        }

        var activated = last ? "output" : $"/{l}/{layer.Op}_output_0";
        var attributes = layer.Alpha is { } alpha ? new[] { FloatAttribute("alpha", alpha) } : layer.Op == "Softmax" ? [IntAttribute("axis", -1)] : [];
        WriteMessage(g, 1, Node($"/{l + 1}/{layer.Op}", layer.Op, [linearOut], activated, attributes));
        return activated;
    }

    private static float[] Flatten(float[,] weights, bool transpose)
    {
        var (rows, columns) = (weights.GetLength(0), weights.GetLength(1));
        var values = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                values[transpose ? (c * rows) + r : (r * columns) + c] = weights[r, c];
            }
        }

        return values;
    }

    /// <summary>ValueInfoProto (name 1, type 2) of a float [batch, width] tensor: TypeProto.tensor_type 1 {elem_type 1, shape 2 {dim 1 {dim_value 1 | dim_param 2}}}.</summary>
    private static byte[] ValueInfo(string name, string batch, int width) => Message(v =>
    {
        WriteString(v, 1, name);
        var shape = Message(s =>
        {
            WriteMessage(s, 1, Message(d => WriteString(d, 2, batch)));
            WriteMessage(s, 1, Message(d => WriteVarint(d, 1, width)));
        });
        var tensor = Message(t =>
        {
            WriteVarint(t, 1, FloatType);
            WriteMessage(t, 2, shape);
        });
        WriteMessage(v, 2, Message(type => WriteMessage(type, 1, tensor)));
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }

    private static void WriteMessage(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
    }

    private static void WriteString(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void WriteVarint(CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }
}
