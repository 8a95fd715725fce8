namespace Engine.Neural.OpenCL;

/// <summary>What discovery found: the devices, or why there are none.</summary>
/// <param name="Devices">Every device of every platform, in platform order.</param>
/// <param name="Failure">Why no device is usable, or null when some were found.</param>
public sealed record class OpenClDiscoveryResult(IReadOnlyList<OpenClDeviceInfo> Devices, string? Failure)
{
    /// <summary>True when at least one device was found.</summary>
    public bool Found => Devices.Count > 0;

    /// <summary>A result with no device and the reason.</summary>
    public static OpenClDiscoveryResult Failed(string reason) => new([], reason);
}
