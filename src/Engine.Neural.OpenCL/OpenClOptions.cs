namespace Engine.Neural.OpenCL;

/// <summary>How <see cref="OpenClBackend.TryAttach(BrainCohort, OpenClOptions?)"/> picks and prepares a device.</summary>
public sealed record class OpenClOptions
{
    /// <summary>
    /// A device index or part of a platform or device name; null reads the environment
    /// variable <see cref="OpenClDiscovery.DeviceVariable"/>, else the best GPU, else any device.
    /// </summary>
    public string? Device { get; init; }

    /// <summary>
    /// Folder for compiled program binaries; null reads <c>ENGINE_OPENCL_CACHE_DIR</c>, else a
    /// folder under the user's local application data.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Attach only to a GPU (the automatic backend choice): on a machine without one the
    /// cohort stays on the CPU's SIMD path, which is faster than an OpenCL CPU device such as
    /// PoCL. Default false: any device will do (tests and anyone forcing OpenCL).
    /// </summary>
    public bool GpuOnly { get; init; }

    /// <summary>
    /// The kernel family; <see cref="OpenClKernelFamily.Auto"/> reads the environment variable
    /// <c>ENGINE_OPENCL_KERNELS</c> (<c>cpu</c> or <c>gpu</c>), else chooses by device type.
    /// Tests force each family on the same device.
    /// </summary>
    public OpenClKernelFamily Family { get; init; }

    /// <summary>Replaces the embedded kernel source (tests inject a broken program through it).</summary>
    internal string? SourceOverride { get; init; }
}
