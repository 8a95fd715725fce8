using System.Buffers.Binary;
using Engine.Neural.Onnx.Proto;
using Engine.Neural.Persistence;

namespace Engine.Neural.Onnx;

/// <summary>Float initializers read with every size checked before anything is allocated for it.</summary>
internal static class OnnxTensors
{
    /// <summary>The tensor's dimensions, each checked against the widest layer a brain may have.</summary>
    public static long[] Dims(TensorProto tensor, string usedBy)
    {
        foreach (var d in tensor.Dims)
        {
            if (d < 0 || d > BrainFileLimits.MaxLayerWidth)
            {
                throw new OnnxImportException($"{usedBy}: initializer '{tensor.Name}' declares dimension {d}; a layer is 1 to {BrainFileLimits.MaxLayerWidth} wide.");
            }
        }

        return [.. tensor.Dims];
    }

    /// <summary>The tensor's values (row-major), after checking that the data it holds is as long as its dimensions say.</summary>
    public static float[] Floats(TensorProto tensor, string usedBy)
    {
        var count = 1L;
        foreach (var d in Dims(tensor, usedBy))
        {
            count *= d;
            if (count > BrainFileLimits.MaxParameters)
            {
                throw new OnnxImportException($"{usedBy}: initializer '{tensor.Name}' declares more than {BrainFileLimits.MaxParameters} values, beyond the limit of one brain.");
            }
        }

        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            throw new OnnxImportException($"{usedBy}: initializer '{tensor.Name}' keeps its data in an external file; save the model with its data inside.");
        }

        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new OnnxImportException($"{usedBy}: initializer '{tensor.Name}' has ONNX data type {tensor.DataType}; only float (1) is taken.");
        }

        if (!tensor.RawData.IsEmpty)
        {
            if (tensor.RawData.Length != count * sizeof(float))
            {
                throw new OnnxImportException($"{usedBy}: initializer '{tensor.Name}' declares {count} floats but its raw_data holds {tensor.RawData.Length} bytes.");
            }

            var raw = tensor.RawData.Span;
            var values = new float[count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * sizeof(float), sizeof(float)));
            }

            return values;
        }

        if (tensor.FloatData.Count != count)
        {
            throw new OnnxImportException($"{usedBy}: initializer '{tensor.Name}' declares {count} floats but holds {tensor.FloatData.Count} in float_data.");
        }

        return [.. tensor.FloatData];
    }
}
