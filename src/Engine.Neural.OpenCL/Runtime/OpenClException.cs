using Silk.NET.OpenCL;

namespace Engine.Neural.OpenCL;

/// <summary>An OpenCL call failed; the message names the call and the error code.</summary>
public sealed class OpenClException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OpenClException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public OpenClException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates an exception without a message (serialisers and analyzers want one).</summary>
    public OpenClException()
    {
    }

    /// <summary>Throws when <paramref name="code"/> is not success.</summary>
    internal static void Check(int code, string call)
    {
        if (code != (int)ErrorCodes.Success)
        {
            throw new OpenClException($"{call} failed: {(ErrorCodes)code} ({code})");
        }
    }
}
