namespace Engine.Neural.Tests;

/// <summary>Collects what <see cref="BrainCohort.Log"/> says while it lives, then restores the previous sink.</summary>
internal sealed class CapturedLog : IDisposable
{
    private readonly Action<string> _previous;

    public CapturedLog()
    {
        _previous = BrainCohort.Log;
        BrainCohort.Log = Lines.Add;
    }

    /// <summary>The lines logged so far.</summary>
    public List<string> Lines { get; } = [];

    public void Dispose() => BrainCohort.Log = _previous;
}
