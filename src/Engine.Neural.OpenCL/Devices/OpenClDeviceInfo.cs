namespace Engine.Neural.OpenCL;

/// <summary>One OpenCL device as discovery found it.</summary>
/// <param name="PlatformName">The platform's name, e.g. "Portable Computing Language".</param>
/// <param name="DeviceName">The device's name.</param>
/// <param name="IsGpu">True for a GPU device.</param>
/// <param name="ComputeUnits">Number of compute units.</param>
/// <param name="GlobalMemoryBytes">Global memory size in bytes.</param>
/// <param name="PlatformId">The platform handle.</param>
/// <param name="DeviceId">The device handle.</param>
public sealed record class OpenClDeviceInfo(
    string PlatformName,
    string DeviceName,
    bool IsGpu,
    int ComputeUnits,
    long GlobalMemoryBytes,
    nint PlatformId,
    nint DeviceId)
{
    /// <summary>One line for logs: platform, device, kind and size.</summary>
    public override string ToString() =>
        $"{PlatformName} / {DeviceName} ({(IsGpu ? "GPU" : "non-GPU")}, {ComputeUnits} compute units, {GlobalMemoryBytes / (1024 * 1024)} MiB)";
}
