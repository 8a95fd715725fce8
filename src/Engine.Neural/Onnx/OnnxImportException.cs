namespace Engine.Neural.Onnx;

/// <summary>
/// An ONNX file <see cref="OnnxImport"/> will not take: not a valid model, too large, or a graph
/// that is not a dense MLP. Where a node is to blame, the message names it and its operator.
/// </summary>
/// <remarks>I/O failures (a missing file, a directory) stay <see cref="IOException"/>s.</remarks>
public sealed class OnnxImportException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public OnnxImportException(string message)
        : base($"ONNX import: {message}")
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public OnnxImportException(string message, Exception innerException)
        : base($"ONNX import: {message}", innerException)
    {
    }

    /// <summary>Creates an exception with no particular message.</summary>
    public OnnxImportException()
        : this("the model cannot be imported.")
    {
    }
}
