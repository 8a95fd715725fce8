namespace DemoGame.Presentation.Overlay;

/// <summary>
/// Where the last frames spent their time, phase by phase, and what they allocated: the debug
/// overlay's frame profiler reads it in place (a ring of <see cref="Capacity"/> frames, each
/// <see cref="PhaseCount"/> values). Recording allocates nothing.
/// </summary>
internal sealed class FrameProfile
{
    /// <summary>Frames kept.</summary>
    public const int Capacity = 120;

    /// <summary>The phases, in stacking order.</summary>
    public static readonly string[] PhaseNames = ["simulation", "forward", "training", "boundary", "render", "overlay"];

    /// <summary>The phases' short names, for the plot's legend.</summary>
    public static readonly string[] PhaseLegend = ["sim", "fwd", "train", "bound.", "render", "overlay"];

    /// <summary>Values per frame.</summary>
    public static int PhaseCount => PhaseNames.Length;

    /// <summary>The ring: frame f's phase p at [f * PhaseCount + p], milliseconds.</summary>
    public float[] Values { get; } = new float[Capacity * PhaseNames.Length];

    /// <summary>Ring slot of the oldest frame.</summary>
    public int Start { get; private set; }

    /// <summary>Frames recorded (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Managed bytes the last frame allocated on the game's thread.</summary>
    public long LastAllocatedBytes { get; private set; }

    /// <summary>The latest value of phase <paramref name="phase"/>, milliseconds (0 before the first frame).</summary>
    public float Last(int phase) => Count == 0 ? 0f : Values[(((Start + Count - 1) % Capacity) * PhaseCount) + phase];

    /// <summary>Records one frame.</summary>
    public void Record(double simulation, double forward, double training, double boundary, double render, double overlay, long allocatedBytes)
    {
        int slot;
        if (Count < Capacity)
        {
            slot = Count++;
        }
        else
        {
            slot = Start;
            Start = (Start + 1) % Capacity;
        }

        var at = slot * PhaseCount;
        (Values[at], Values[at + 1], Values[at + 2]) = ((float)simulation, (float)forward, (float)training);
        (Values[at + 3], Values[at + 4], Values[at + 5]) = ((float)boundary, (float)render, (float)overlay);
        LastAllocatedBytes = allocatedBytes;
    }
}
