using Engine.Neural.Backends;

namespace Engine.Neural.OpenCL;

/// <summary>
/// Runs a cohort's forward passes and training steps on an OpenCL device: parameters and
/// optimiser state stay on the device between frames; inputs, outputs, new samples and the
/// batch positions the host drew cross per frame. A frame costs a fixed number of kernel
/// launches per layer, whatever the number of agents. Any failure sends the cohort back to
/// the CPU with its parameters intact (see <see cref="BrainCohort.Log"/>).
/// </summary>
/// <example>
/// <code>
/// using var cohort = new BrainCohort(spec);
/// OpenClBackend.TryAttach(cohort);   // false (and one log line) when there is no device
/// cohort.Forward();                   // on the device, or on the CPU
/// </code>
/// </example>
public sealed partial class OpenClBackend : ICohortBackend
{
    private readonly OpenClRuntime _runtime;
    private readonly BrainSpec _spec;
    private readonly bool _shared;
    private bool _disposed;

    private OpenClBackend(OpenClRuntime runtime, BrainSpec spec, bool shared)
    {
        _runtime = runtime;
        _spec = spec;
        _shared = shared;
        _layers = spec.Layers.ToArray();
        _byOutput = [.. _layers.Select(l => ByOutput(l.Inputs, l.Outputs))];
        _table = new LayerTable(_layers);
        CreateBuffers();
    }

    /// <summary>Always "opencl".</summary>
    public string Name => "opencl";

    /// <summary>The device this backend runs on.</summary>
    public OpenClDeviceInfo Device => _runtime.Device;

    /// <summary>Launches and transfers so far (benchmarks and tests read differences).</summary>
    public OpenClCounters Counters { get; } = new();

    /// <summary>
    /// Moves <paramref name="cohort"/> onto an OpenCL device. When that is not possible (no
    /// library, platform or device, a program that does not build) the
    /// cohort stays on the CPU and one line says why through <see cref="BrainCohort.Log"/>.
    /// </summary>
    /// <returns>True when the cohort now runs on OpenCL.</returns>
    public static bool TryAttach(BrainCohort cohort, OpenClOptions? options = null) =>
        TryAttach(cohort, options, out _);

    /// <summary>As <see cref="TryAttach(BrainCohort, OpenClOptions?)"/>, handing back the attached backend.</summary>
    public static bool TryAttach(BrainCohort cohort, OpenClOptions? options, out OpenClBackend? backend)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        options ??= new OpenClOptions();
        backend = null;
        var reason = Create(cohort, options, out backend);
        if (reason is not null)
        {
            BrainCohort.Log($"Engine.Neural: {cohort.Spec} cohort stays on the CPU: {reason}.");
            return false;
        }

        cohort.UseBackend(backend!);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (_runtime.Sync)
        {
            ReleaseBuffers();
        }
    }

    private static string? Create(BrainCohort cohort, OpenClOptions options, out OpenClBackend? backend)
    {
        backend = null;
        var (api, failure) = OpenClRuntime.LoadedLibrary;
        if (api is null)
        {
            return failure;
        }

        var found = OpenClDiscovery.Discover(api);
        if (!found.Found)
        {
            return found.Failure;
        }

        var (device, why) = OpenClDiscovery.Choose(found.Devices, options.Device);
        if (device is null)
        {
            return why;
        }

        if (options.GpuOnly && !device.IsGpu)
        {
            // The design's "Auto": without a GPU, the SIMD CPU path beats an OpenCL CPU device.
            return $"no OpenCL GPU (the best device is {device}), and the CPU's own SIMD path is faster than an OpenCL CPU device";
        }

        try
        {
            var runtime = OpenClRuntime.Get(api, device, options.SourceOverride ?? KernelSource.Program, options.CacheDirectory, options.Family);
            lock (runtime.Sync)
            {
                backend = new OpenClBackend(runtime, cohort.Spec, cohort.IsShared);
            }

            return null;
        }
        catch (OpenClException e)
        {
            return $"OpenCL on {device.DeviceName} failed: {e.Message}";
        }
    }
}
