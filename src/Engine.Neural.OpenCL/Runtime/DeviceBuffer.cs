using Silk.NET.OpenCL;

namespace Engine.Neural.OpenCL;

/// <summary>
/// One cl_mem that grows on demand (growing drops the contents: every caller re-uploads
/// after a growth, which happens only when the host copy is exact anyway).
/// </summary>
internal sealed unsafe class DeviceBuffer : IDisposable
{
    private readonly OpenClRuntime _runtime;
    private readonly OpenClCounters _counters;

    public DeviceBuffer(OpenClRuntime runtime, OpenClCounters counters, long bytes)
    {
        _runtime = runtime;
        _counters = counters;
        Allocate(Math.Max(bytes, 4));
    }

    public nint Handle { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Makes the buffer at least <paramref name="bytes"/> long; true when it was re-created.</summary>
    public bool Ensure(long bytes)
    {
        if (bytes <= Bytes)
        {
            return false;
        }

        Release();
        Allocate(bytes);
        return true;
    }

    /// <summary>
    /// Queues a copy from pinned host memory; the caller keeps it alive and unchanged until the
    /// next finish, unless <paramref name="blocking"/> waits for the copy.
    /// </summary>
    public void Write(void* source, long bytes, long offset = 0, bool blocking = false)
    {
        if (bytes <= 0)
        {
            return;
        }

        OpenClException.Check(_runtime.Api.EnqueueWriteBuffer(_runtime.Queue, Handle, blocking, (nuint)offset, (nuint)bytes, source, 0, null, null), "clEnqueueWriteBuffer");
        _counters.BytesToDevice += bytes;
    }

    /// <summary>Copies into host memory and waits for it (and everything queued before it).</summary>
    public void Read(void* destination, long bytes, long offset = 0)
    {
        if (bytes <= 0)
        {
            return;
        }

        OpenClException.Check(_runtime.Api.EnqueueReadBuffer(_runtime.Queue, Handle, true, (nuint)offset, (nuint)bytes, destination, 0, null, null), "clEnqueueReadBuffer");
        _counters.BytesFromDevice += bytes;
    }

    public void Dispose() => Release();

    private void Allocate(long bytes)
    {
        int error;
        Handle = _runtime.Api.CreateBuffer(_runtime.Context, MemFlags.ReadWrite, (nuint)bytes, null, &error);
        OpenClException.Check(error, $"clCreateBuffer({bytes} bytes)");
        Bytes = bytes;
    }

    private void Release()
    {
        if (Handle != 0)
        {
            _runtime.Api.ReleaseMemObject(Handle);
            Handle = 0;
            Bytes = 0;
        }
    }
}
