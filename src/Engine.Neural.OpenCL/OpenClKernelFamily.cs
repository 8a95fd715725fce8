namespace Engine.Neural.OpenCL;

/// <summary>
/// Which of the two kernel families built from the same source and device layout a backend
/// runs (docs/opencl-backend.md). Both compute the same step; they differ in how work is
/// spread over work-items.
/// </summary>
public enum OpenClKernelFamily
{
    /// <summary>By device type: <see cref="Gpu"/> on a GPU, <see cref="Cpu"/> on anything else.</summary>
    Auto,

    /// <summary>One work-item per tile of 16 agents held in vector registers (what a CPU device vectorises).</summary>
    Cpu,

    /// <summary>One work-item per agent, a tile's agents in consecutive work-items (coalesced loads on a GPU).</summary>
    Gpu,
}
