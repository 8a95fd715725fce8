using System.Diagnostics;

namespace Engine.Ecs;

/// <summary>
/// Base of systems that time themselves: <see cref="Update"/> measures the subclass's
/// <see cref="OnUpdate"/> with <see cref="Stopwatch"/> timestamps, which allocate nothing.
/// </summary>
public abstract class TimedSystem : ISystem
{
    /// <summary>Creates a system called <paramref name="name"/>.</summary>
    protected TimedSystem(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public double LastFrameMilliseconds { get; private set; }

    /// <inheritdoc/>
    public void Update(float deltaTime)
    {
        var start = Stopwatch.GetTimestamp();
        OnUpdate(deltaTime);
        LastFrameMilliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>The system's work for one frame.</summary>
    /// <param name="deltaTime">Seconds since the previous frame.</param>
    protected abstract void OnUpdate(float deltaTime);
}
