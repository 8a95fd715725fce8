namespace Engine.Neural.OpenCL;

/// <summary>
/// Sets one kernel's arguments in order, then enqueues it over a number of work-items
/// (rounded up to the runtime's fixed local size; the kernels guard the surplus).
/// A mutable struct so a frame's launches allocate nothing. Every argument is checked against
/// the kernel's declared signature as it is set, and the count at launch, so a host call that
/// drifts from its kernel fails with the kernel's name instead of reading garbage on the device.
/// </summary>
internal unsafe struct KernelCall
{
    private readonly OpenClRuntime _runtime;
    private readonly OpenClCounters _counters;
    private readonly nint _kernel;
    private readonly string _name;
    private readonly string _signature;
    private uint _index;

    public KernelCall(OpenClRuntime runtime, OpenClCounters counters, nint kernel, string name, string signature)
    {
        _runtime = runtime;
        _counters = counters;
        _kernel = kernel;
        _name = name;
        _signature = signature;
        _index = 0;
    }

    public void Int(int value) => Set(&value, sizeof(int), 'i');

    public void Float(float value) => Set(&value, sizeof(float), 'f');

    public void Buffer(DeviceBuffer buffer)
    {
        var handle = buffer.Handle;
        Set(&handle, sizeof(nint), 'B');
    }

    /// <summary>Enqueues a kernel over tiles of agents: a work-item (CPU family) or a work-group (GPU family) per tile.</summary>
    public void LaunchTiles(int agents) => Launch(_runtime.TileWorkItems(agents));

    public void Launch(int workItems)
    {
        if (_index != _signature.Length)
        {
            throw new OpenClException($"kernel {_name} takes {_signature.Length} arguments ({_signature}) but {_index} were set before its launch");
        }

        var local = (nuint)_runtime.LocalSize;
        var global = ((nuint)Math.Max(workItems, 1) + local - 1) / local * local;
        // The call's name is built only on failure: a steady frame allocates nothing.
        var status = _runtime.Api.EnqueueNdrangeKernel(_runtime.Queue, _kernel, 1, null, &global, &local, 0, null, null);
        if (status != 0)
        {
            OpenClException.Check(status, "clEnqueueNDRangeKernel(" + _name + ")");
        }

        _counters.Launches++;
    }

    private void Set(void* value, int size, char kind)
    {
        if (_index >= _signature.Length || _signature[(int)_index] != kind)
        {
            throw new OpenClException(_index >= _signature.Length
                ? $"kernel {_name} takes {_signature.Length} arguments ({_signature}); argument {_index} ('{kind}') is one too many"
                : $"kernel {_name} argument {_index} is declared '{_signature[(int)_index]}' ({_signature}) but was set as '{kind}'");
        }

        var status = _runtime.Api.SetKernelArg(_kernel, _index, (nuint)size, value);
        if (status != 0)
        {
            OpenClException.Check(status, "clSetKernelArg(" + _name + ")");
        }

        _index++;
    }
}
