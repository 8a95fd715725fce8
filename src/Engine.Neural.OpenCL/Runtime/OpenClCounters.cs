namespace Engine.Neural.OpenCL;

/// <summary>Running totals of what an OpenCL backend asked of its device (for tests and benchmarks).</summary>
public sealed class OpenClCounters
{
    /// <summary>Kernel launches enqueued.</summary>
    public long Launches { get; internal set; }

    /// <summary>Bytes copied from the host to the device.</summary>
    public long BytesToDevice { get; internal set; }

    /// <summary>Bytes copied from the device to the host.</summary>
    public long BytesFromDevice { get; internal set; }
}
