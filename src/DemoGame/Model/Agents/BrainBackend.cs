namespace DemoGame.Model.Agents;

/// <summary>Where the agents' brains run.</summary>
internal enum BrainBackend
{
    /// <summary>The library's CPU kernels (the default, and the fallback).</summary>
    Cpu,

    /// <summary>OpenCL kernels on the first usable device (PoCL on a machine without a GPU).</summary>
    OpenCl,
}
