using Engine.Neural.Onnx.Proto;
using Engine.Neural.Persistence;
using Google.Protobuf;

namespace Engine.Neural.Onnx;

/// <summary>
/// Reads an ONNX multi-layer perceptron as a <see cref="BrainSpec"/> and its parameters: a chain
/// of <c>Gemm</c> (any <c>transB</c>) or <c>MatMul</c> + <c>Add</c> layers whose weights are
/// float initializers (<c>raw_data</c> or <c>float_data</c>), each followed by <c>Relu</c>,
/// <c>Sigmoid</c>, <c>Tanh</c>, <c>LeakyRelu</c>, <c>Elu</c>, <c>Softmax</c> (last layer only) or
/// nothing, as PyTorch's <c>torch.onnx.export</c> writes an <c>nn.Sequential</c> of
/// <c>nn.Linear</c> and activations, and as <see cref="OnnxExport"/> writes. Anything else is an
/// <see cref="OnnxImportException"/> naming the node and operator it cannot take.
/// </summary>
/// <example>
/// <code>
/// var brain = OnnxImport.Load("policy.onnx");
/// using var cohort = new BrainCohort(brain.Spec);
/// var agent = brain.AddTo(cohort);
/// </code>
/// </example>
public static class OnnxImport
{
    /// <summary>
    /// Most bytes an ONNX file may have: 512 MiB, room for a brain of
    /// <see cref="BrainFileLimits.MaxParameters"/> float parameters and its graph. A longer file
    /// is refused before it is read; a stream is read no further than this.
    /// </summary>
    public const long MaxFileBytes = 1L << 29;

    /// <summary>Reads the model saved in <paramref name="path"/>.</summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="loss">
    /// The loss the brain trains with. Null takes the one the file names (files from
    /// <see cref="OnnxExport"/> do), else softmax cross-entropy for a softmax output and the
    /// quadratic loss for any other.
    /// </param>
    /// <exception cref="OnnxImportException">The file is not a model this importer takes.</exception>
    /// <exception cref="IOException">The path is missing, a directory, or cannot be read.</exception>
    public static OnnxBrain Load(string path, Loss? loss = null)
    {
        var length = BoundedRead.LengthOf(path);
        if (length > MaxFileBytes)
        {
            throw new OnnxImportException($"'{path}' has {length} bytes, beyond the limit of {MaxFileBytes}; nothing was read.");
        }

        if (length == 0)
        {
            throw new OnnxImportException(BoundedRead.NoLength(path));
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return Read(stream, loss);
    }

    /// <summary>Reads a model from <paramref name="source"/>, which is read no further than <see cref="MaxFileBytes"/>.</summary>
    /// <param name="source">The model's bytes.</param>
    /// <param name="loss">As for <see cref="Load"/>.</param>
    /// <exception cref="OnnxImportException">The data is not a model this importer takes.</exception>
    public static OnnxBrain Read(Stream source, Loss? loss = null) => Read(source, loss, MaxFileBytes);

    /// <summary>A model from its bytes.</summary>
    /// <param name="model">The whole <c>.onnx</c> file.</param>
    /// <param name="loss">As for <see cref="Load"/>.</param>
    /// <exception cref="OnnxImportException">The data is not a model this importer takes.</exception>
    public static OnnxBrain FromBytes(ReadOnlySpan<byte> model, Loss? loss = null)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxImportException($"the data is not an ONNX model (protobuf): {e.Message}", e);
        }

        return MlpGraphReader.Read(proto, loss);
    }

    /// <summary><see cref="Read(Stream, Loss?)"/> with another limit (tests use a small one).</summary>
    internal static OnnxBrain Read(Stream source, Loss? loss, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(source);
        var bytes = BoundedRead.UpTo(source, maxBytes + 1);
        if (bytes.Length > maxBytes)
        {
            throw new OnnxImportException($"the model has more than {maxBytes} bytes, the limit; reading stopped there.");
        }

        return FromBytes(bytes, loss);
    }
}
