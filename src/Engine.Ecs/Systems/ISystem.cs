namespace Engine.Ecs;

/// <summary>
/// The smallest useful system: a name, an update per frame, and how long the last update took
/// (for a profiler overlay). Shaped like DefaultEcs's <c>ISystem</c>, with Friflo-style timing.
/// </summary>
public interface ISystem
{
    /// <summary>A short name for profilers and logs.</summary>
    string Name { get; }

    /// <summary>Wall-clock time of the last <see cref="Update"/>, in milliseconds.</summary>
    double LastFrameMilliseconds { get; }

    /// <summary>Runs the system for one frame.</summary>
    /// <param name="deltaTime">Seconds since the previous frame.</param>
    void Update(float deltaTime);
}
