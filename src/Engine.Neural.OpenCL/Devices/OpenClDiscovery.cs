using System.Text;
using Silk.NET.OpenCL;

namespace Engine.Neural.OpenCL;

/// <summary>
/// Finds OpenCL devices and picks one. Never throws for a machine without OpenCL: every
/// way it can fail (no library, no platform, no device) comes back as a reason string,
/// so the caller can stay on the CPU backend and say why in one log line.
/// </summary>
public static class OpenClDiscovery
{
    /// <summary>
    /// Environment variable that overrides the choice: a device index (as listed by
    /// <see cref="Discover(CL)"/>) or a case-insensitive part of the platform or device name.
    /// </summary>
    public const string DeviceVariable = "ENGINE_OPENCL_DEVICE";

    /// <summary>Loads the system's OpenCL library and lists every device of every platform.</summary>
    public static OpenClDiscoveryResult Discover()
    {
        CL api;
        try
        {
            api = CL.GetApi();
        }
        catch (Exception e) when (e is FileNotFoundException or DllNotFoundException or TypeInitializationException)
        {
            return OpenClDiscoveryResult.Failed($"no OpenCL library (libOpenCL.so.1) could be loaded: {e.Message}");
        }

        return Discover(api);
    }

    /// <summary>Lists every device of every platform through <paramref name="api"/>.</summary>
    public static unsafe OpenClDiscoveryResult Discover(CL api)
    {
        ArgumentNullException.ThrowIfNull(api);
        uint platformCount = 0;
        var error = (ErrorCodes)api.GetPlatformIDs(0, null, &platformCount);
        if (error != ErrorCodes.Success || platformCount == 0)
        {
            return OpenClDiscoveryResult.Failed($"no OpenCL platform found (clGetPlatformIDs returned {error}, {platformCount} platforms); is an ICD such as pocl-opencl-icd installed?");
        }

        var platforms = new nint[platformCount];
        fixed (nint* p = platforms)
        {
            error = (ErrorCodes)api.GetPlatformIDs(platformCount, p, null);
        }

        if (error != ErrorCodes.Success)
        {
            return OpenClDiscoveryResult.Failed($"clGetPlatformIDs failed: {error}");
        }

        var devices = new List<OpenClDeviceInfo>();
        foreach (var platform in platforms)
        {
            var platformName = PlatformString(api, platform, PlatformInfo.Name);
            uint deviceCount = 0;
            if ((ErrorCodes)api.GetDeviceIDs(platform, DeviceType.All, 0, null, &deviceCount) != ErrorCodes.Success || deviceCount == 0)
            {
                continue;
            }

            var ids = new nint[deviceCount];
            fixed (nint* d = ids)
            {
                if ((ErrorCodes)api.GetDeviceIDs(platform, DeviceType.All, deviceCount, d, null) != ErrorCodes.Success)
                {
                    continue;
                }
            }

            foreach (var id in ids)
            {
                devices.Add(new OpenClDeviceInfo(
                    platformName,
                    DeviceString(api, id, DeviceInfo.Name),
                    (DeviceValue<ulong>(api, id, DeviceInfo.Type) & (ulong)DeviceType.Gpu) != 0,
                    (int)DeviceValue<uint>(api, id, DeviceInfo.MaxComputeUnits),
                    (long)DeviceValue<ulong>(api, id, DeviceInfo.GlobalMemSize),
                    platform,
                    id));
            }
        }

        return devices.Count == 0
            ? OpenClDiscoveryResult.Failed($"{platformCount} OpenCL platform(s) but no device")
            : new OpenClDiscoveryResult(devices, null);
    }

    /// <summary>
    /// Picks a device: the one <paramref name="preference"/> names (index or part of a name),
    /// else the GPU with the most compute units, else the first device.
    /// </summary>
    /// <param name="devices">The devices discovery found.</param>
    /// <param name="preference">An explicit choice, or null to read <see cref="DeviceVariable"/>.</param>
    /// <returns>The device, or null with a reason when nothing matches the preference.</returns>
    public static (OpenClDeviceInfo? Device, string? Reason) Choose(IReadOnlyList<OpenClDeviceInfo> devices, string? preference = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 0)
        {
            return (null, "no OpenCL device to choose from");
        }

        preference ??= Environment.GetEnvironmentVariable(DeviceVariable);
        if (!string.IsNullOrWhiteSpace(preference))
        {
            if (int.TryParse(preference, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                return index >= 0 && index < devices.Count
                    ? (devices[index], null)
                    : (null, $"OpenCL device index {index} asked for, but only {devices.Count} device(s) exist");
            }

            var named = devices.FirstOrDefault(d =>
                d.DeviceName.Contains(preference, StringComparison.OrdinalIgnoreCase)
                || d.PlatformName.Contains(preference, StringComparison.OrdinalIgnoreCase));
            return named is null
                ? (null, $"no OpenCL device or platform name contains '{preference}'")
                : (named, null);
        }

        var best = devices.Where(d => d.IsGpu).OrderByDescending(d => d.ComputeUnits).FirstOrDefault() ?? devices[0];
        return (best, null);
    }

    private static unsafe string PlatformString(CL api, nint platform, PlatformInfo info)
    {
        nuint size = 0;
        api.GetPlatformInfo(platform, info, 0, null, &size);
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
        {
            api.GetPlatformInfo(platform, info, size, b, null);
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }

    private static unsafe string DeviceString(CL api, nint device, DeviceInfo info)
    {
        nuint size = 0;
        api.GetDeviceInfo(device, info, 0, null, &size);
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
        {
            api.GetDeviceInfo(device, info, size, b, null);
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }

    private static unsafe T DeviceValue<T>(CL api, nint device, DeviceInfo info)
        where T : unmanaged
    {
        T value = default;
        api.GetDeviceInfo(device, info, (nuint)sizeof(T), &value, null);
        return value;
    }
}
