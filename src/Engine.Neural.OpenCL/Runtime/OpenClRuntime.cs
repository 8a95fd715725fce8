using System.Diagnostics;
using System.Numerics;
using System.Text;
using Silk.NET.OpenCL;

namespace Engine.Neural.OpenCL;

/// <summary>
/// A context, an in-order queue and the built brain program on one device. One per device and
/// source for the whole process (building costs a second cold, ~50 ms warm), shared by every
/// cohort on that device; callers serialise on <see cref="Sync"/>. Lives until the process ends.
/// </summary>
internal sealed unsafe class OpenClRuntime
{
    /// <summary>Agents per tile of the device layout (TILE in shaders/brain_common.cl).</summary>
    public const int Tile = 16;

    /// <summary>Environment variable that forces a kernel family (<c>cpu</c> or <c>gpu</c>).</summary>
    public const string FamilyVariable = "ENGINE_OPENCL_KERNELS";

    // Work-items per work-group, fixed per family (PoCL recompiles a kernel for every new local
    // size) and a power of two (shared_reduce's tree). A CPU-family work-item is a whole tile, so
    // small groups keep both cores busy at a few hundred agents; a GPU-family group is one tile:
    // 16 lanes by 4 rows.
    private const int CpuLocalSize = 4;
    private const int GpuLocalSize = 64;

    /// <summary>Every kernel of the program (warmed once at creation).</summary>
    public static readonly string[] KernelNames =
        ["forward_pass", "train_pass", "shared_reduce", "scatter_samples"];

    /// <summary>
    /// Argument kinds of <see cref="KernelNames"/> (i int, f float, B buffer), as declared in shaders/;
    /// a test parses the kernel sources against this table and every launch is checked against it.
    /// </summary>
    internal static readonly string[] KernelSignatures =
        ["iiBBBBB", "iiiiiiiffifffffBBBBBBBBBBBBB", "iiffBBBBBBB", "iiiBBBBB"];

    private static readonly Dictionary<string, OpenClRuntime> Shared = [];
    private static readonly Lazy<(CL? Api, string? Failure)> Library = new(LoadLibrary);

    private readonly Dictionary<string, nint> _kernels = [];
    private readonly Dictionary<string, string> _signatures = [];

    private OpenClRuntime(CL api, OpenClDeviceInfo device, OpenClKernelFamily family)
    {
        Api = api;
        Device = device;
        Family = family;
    }

    public CL Api { get; }

    public OpenClDeviceInfo Device { get; }

    public nint Context { get; private set; }

    public nint Queue { get; private set; }

    public nint Program { get; private set; }

    public int LocalSize { get; private set; }

    /// <summary>The kernel family this runtime's program was built as (never Auto).</summary>
    public OpenClKernelFamily Family { get; }

    /// <summary>True when the program came from the disk cache rather than a compile.</summary>
    public bool LoadedFromCache { get; private set; }

    /// <summary>Milliseconds the program took to build (or load) and warm.</summary>
    public double BuildMilliseconds { get; private set; }

    /// <summary>Held by a backend for the whole of a frame's calls.</summary>
    public object Sync { get; } = new();

    /// <summary>The system's OpenCL entry points, or why there are none.</summary>
    public static (CL? Api, string? Failure) LoadedLibrary => Library.Value;

    /// <summary>
    /// The process-wide runtime for <paramref name="device"/> and <paramref name="source"/>,
    /// created (and logged) on first use. Throws <see cref="OpenClException"/> when the
    /// program does not build.
    /// </summary>
    public static OpenClRuntime Get(CL api, OpenClDeviceInfo device, string source, string? cacheDirectory, OpenClKernelFamily family = OpenClKernelFamily.Auto)
    {
        family = Resolve(family, device);
        var key = device.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + family + ":" + KernelSource.Hash(source);
        lock (Shared)
        {
            if (!Shared.TryGetValue(key, out var runtime))
            {
                runtime = Create(api, device, source, new ProgramBinaryCache(cacheDirectory), family);
                Shared[key] = runtime;
                BrainCohort.Log($"Engine.Neural.OpenCL: using {device} ({family} kernels); program {(runtime.LoadedFromCache ? "loaded from the binary cache" : "compiled")} and warmed in {runtime.BuildMilliseconds:F0} ms.");
            }

            return runtime;
        }
    }

    /// <summary>A new runtime, not shared (tests of the binary cache create their own).</summary>
    public static OpenClRuntime Create(CL api, OpenClDeviceInfo device, string source, ProgramBinaryCache cache, OpenClKernelFamily family = OpenClKernelFamily.Auto)
    {
        var runtime = new OpenClRuntime(api, device, Resolve(family, device));
        try
        {
            runtime.Build(source, cache);
            return runtime;
        }
        catch
        {
            runtime.Release();
            throw;
        }
    }

    /// <summary>Starts a launch of <paramref name="name"/>, counted in <paramref name="counters"/>.</summary>
    public KernelCall Begin(string name, OpenClCounters counters) => new(this, counters, _kernels[name], name, _signatures[name]);

    /// <summary>
    /// Work-items of a launch over <paramref name="agents"/> agents: one per tile (CPU family)
    /// or a work-group per tile (GPU family).
    /// </summary>
    public int TileWorkItems(int agents)
    {
        var tiles = (agents + Tile - 1) / Tile;
        return Family == OpenClKernelFamily.Cpu ? tiles : tiles * LocalSize;
    }

    /// <summary>
    /// The family to build: an explicit choice, else <see cref="FamilyVariable"/>, else the GPU
    /// family on a GPU and the CPU family elsewhere.
    /// </summary>
    public static OpenClKernelFamily Resolve(OpenClKernelFamily family, OpenClDeviceInfo device)
    {
        if (family != OpenClKernelFamily.Auto)
        {
            return family;
        }

        return Environment.GetEnvironmentVariable(FamilyVariable)?.Trim().ToUpperInvariant() switch
        {
            "CPU" => OpenClKernelFamily.Cpu,
            "GPU" => OpenClKernelFamily.Gpu,
            _ => device.IsGpu ? OpenClKernelFamily.Gpu : OpenClKernelFamily.Cpu,
        };
    }

    /// <summary>Waits for everything queued.</summary>
    public void Finish() => OpenClException.Check(Api.Finish(Queue), "clFinish");

    private static (CL?, string?) LoadLibrary()
    {
        try
        {
            return (CL.GetApi(), null);
        }
        catch (Exception e) when (e is FileNotFoundException or DllNotFoundException or TypeInitializationException)
        {
            return (null, $"no OpenCL library (libOpenCL.so.1) could be loaded: {e.Message}");
        }
    }

    private void Build(string source, ProgramBinaryCache cache)
    {
        var started = Stopwatch.GetTimestamp();
        var device = Device.DeviceId;
        int error;
        Context = Api.CreateContext(null, 1, &device, null, null, &error);
        OpenClException.Check(error, "clCreateContext");
        Queue = Api.CreateCommandQueue(Context, device, CommandQueueProperties.None, &error);
        OpenClException.Check(error, "clCreateCommandQueue");

        LocalSize = GroupSize();
        var options = (Family == OpenClKernelFamily.Cpu ? "-DTILE_IN_VECTOR=1 " : string.Empty) + $"-DGROUP_SIZE={LocalSize} " + LayerTable.BuildOptions;
        var key = KernelSource.Hash(
            Device.PlatformName,
            Device.DeviceName,
            DeviceText(DeviceInfo.Version),
            DeviceText(DeviceInfo.DriverVersion),
            options,
            source);
        var binary = cache.TryLoad(key);
        if (binary is not null && TryBuildFromBinary(binary, options))
        {
            LoadedFromCache = true;
        }
        else
        {
            if (binary is not null)
            {
                cache.Forget(key);
            }

            BuildFromSource(source, options);
            cache.Store(key, ReadBinary());
        }

        for (var k = 0; k < KernelNames.Length; k++)
        {
            var name = KernelNames[k];
            var kernel = Api.CreateKernel(Program, name, &error);
            OpenClException.Check(error, "clCreateKernel(" + name + ")");
            _kernels[name] = kernel;
            _signatures[name] = KernelSignatures[k];

            // The driver's own count catches a table that drifted from the compiled program.
            uint declared = 0;
            OpenClException.Check(Api.GetKernelInfo(kernel, KernelInfo.NumArgs, sizeof(uint), &declared, null), "clGetKernelInfo(NUM_ARGS, " + name + ")");
            if (declared != (uint)KernelSignatures[k].Length)
            {
                throw new OpenClException($"kernel {name} is compiled with {declared} arguments but the host table declares {KernelSignatures[k].Length} ({KernelSignatures[k]})");
            }
        }

        Warm();
        BuildMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>The family's work-group size, or the largest power of two the device allows below it.</summary>
    private int GroupSize()
    {
        nuint maxGroup = 0;
        Api.GetDeviceInfo(Device.DeviceId, DeviceInfo.MaxWorkGroupSize, (nuint)sizeof(nuint), &maxGroup, null);
        var preferred = Family == OpenClKernelFamily.Cpu ? CpuLocalSize : GpuLocalSize;
        var size = 1 << BitOperations.Log2((uint)Math.Min((nuint)preferred, Math.Max(maxGroup, 1)));
        if (Family == OpenClKernelFamily.Gpu && size < Tile)
        {
            throw new OpenClException($"the GPU kernels need work-groups of at least {Tile} work-items; {Device.DeviceName} allows {maxGroup}");
        }

        return size;
    }

    private void BuildFromSource(string source, string options)
    {
        int error;
        var program = Api.CreateProgramWithSource(Context, 1, [source], null, &error);
        OpenClException.Check(error, "clCreateProgramWithSource");
        Program = program;
        var device = Device.DeviceId;
        var status = Api.BuildProgram(Program, 1, &device, options, null, null);
        if (status != (int)ErrorCodes.Success)
        {
            throw new OpenClException($"the brain kernels did not build ({(ErrorCodes)status}): {BuildLog()}");
        }
    }

    private bool TryBuildFromBinary(byte[] binary, string options)
    {
        var device = Device.DeviceId;
        var length = (nuint)binary.Length;
        int status;
        int error;
        nint program;
        fixed (byte* bytes = binary)
        {
            var pointer = bytes;
            program = Api.CreateProgramWithBinary(Context, 1, &device, &length, &pointer, &status, &error);
        }

        if (error != (int)ErrorCodes.Success || status != (int)ErrorCodes.Success)
        {
            if (program != 0)
            {
                Api.ReleaseProgram(program);
            }

            return false;
        }

        if (Api.BuildProgram(program, 1, &device, options, null, null) != (int)ErrorCodes.Success)
        {
            Api.ReleaseProgram(program);
            return false;
        }

        Program = program;
        return true;
    }

    private byte[] ReadBinary()
    {
        nuint size = 0;
        OpenClException.Check(Api.GetProgramInfo(Program, ProgramInfo.BinarySizes, (nuint)sizeof(nuint), &size, null), "clGetProgramInfo(BINARY_SIZES)");
        var binary = new byte[(int)size];
        fixed (byte* bytes = binary)
        {
            var pointer = bytes;
            OpenClException.Check(Api.GetProgramInfo(Program, ProgramInfo.Binaries, (nuint)sizeof(nint), &pointer, null), "clGetProgramInfo(BINARIES)");
        }

        return binary;
    }

    /// <summary>
    /// Runs every kernel once over one empty work-group (count 0: every work-item returns at
    /// once; shared_reduce reads a table of no layers): PoCL compiles a kernel for its local size at the first enqueue, and that should
    /// happen now, not in a game's first frame.
    /// </summary>
    private void Warm()
    {
        // Zeros everywhere: a table of no layers, no agents, no samples.
        var counters = new OpenClCounters();
        using var dummy = new DeviceBuffer(this, counters, 256);
        var zeros = stackalloc byte[256];
        new Span<byte>(zeros, 256).Clear();
        dummy.Write(zeros, 256, blocking: true);
        for (var k = 0; k < KernelNames.Length; k++)
        {
            var call = Begin(KernelNames[k], counters);
            foreach (var kind in KernelSignatures[k])
            {
                switch (kind)
                {
                    case 'i':
                        call.Int(0);
                        break;
                    case 'f':
                        call.Float(0f);
                        break;
                    default:
                        call.Buffer(dummy);
                        break;
                }
            }

            call.Launch(0);
        }

        Finish();
    }

    private string BuildLog()
    {
        var device = Device.DeviceId;
        nuint size = 0;
        Api.GetProgramBuildInfo(Program, device, ProgramBuildInfo.BuildLog, 0, null, &size);
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
        {
            Api.GetProgramBuildInfo(Program, device, ProgramBuildInfo.BuildLog, size, b, null);
        }

        var text = Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
        return text.Length > 2000 ? text[..2000] + " ..." : text;
    }

    private string DeviceText(DeviceInfo info)
    {
        nuint size = 0;
        Api.GetDeviceInfo(Device.DeviceId, info, 0, null, &size);
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
        {
            Api.GetDeviceInfo(Device.DeviceId, info, size, b, null);
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0');
    }

    private void Release()
    {
        foreach (var kernel in _kernels.Values)
        {
            Api.ReleaseKernel(kernel);
        }

        if (Program != 0)
        {
            Api.ReleaseProgram(Program);
        }

        if (Queue != 0)
        {
            Api.ReleaseCommandQueue(Queue);
        }

        if (Context != 0)
        {
            Api.ReleaseContext(Context);
        }
    }
}
