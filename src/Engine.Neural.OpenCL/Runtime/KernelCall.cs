namespace Engine.Neural.OpenCL;

/// <summary>
/// Sets one kernel's arguments in order, then enqueues it over <c>count</c> work-items
/// (rounded up to the runtime's fixed local size; the kernels guard the surplus).
/// A mutable struct so a frame's launches allocate nothing.
/// </summary>
internal unsafe struct KernelCall
{
    private readonly OpenClRuntime _runtime;
    private readonly OpenClCounters _counters;
    private readonly nint _kernel;
    private readonly string _name;
    private uint _index;

    public KernelCall(OpenClRuntime runtime, OpenClCounters counters, nint kernel, string name)
    {
        _runtime = runtime;
        _counters = counters;
        _kernel = kernel;
        _name = name;
        _index = 0;
    }

    public void Int(int value) => Set(&value, sizeof(int));

    public void Float(float value) => Set(&value, sizeof(float));

    public void Buffer(DeviceBuffer buffer)
    {
        var handle = buffer.Handle;
        Set(&handle, sizeof(nint));
    }

    public void Launch(int count)
    {
        var local = (nuint)_runtime.LocalSize;
        var global = ((nuint)Math.Max(count, 1) + local - 1) / local * local;
        OpenClException.Check(_runtime.Api.EnqueueNdrangeKernel(_runtime.Queue, _kernel, 1, null, &global, &local, 0, null, null), "clEnqueueNDRangeKernel(" + _name + ")");
        _counters.Launches++;
    }

    private void Set(void* value, int size)
    {
        OpenClException.Check(_runtime.Api.SetKernelArg(_kernel, _index, (nuint)size, value), "clSetKernelArg(" + _name + ")");
        _index++;
    }
}
