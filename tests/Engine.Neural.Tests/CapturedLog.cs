using Engine.Neural.Cpu;

namespace Engine.Neural.Tests;

/// <summary>
/// Collects what <see cref="BrainCohort.Log"/> says while it lives, then restores the previous
/// sink. The vector-width choices (<see cref="WidthTuner"/>) are kept apart: one is logged the
/// first time a process runs a spec, so whether a test sees it depends on which tests ran before.
/// </summary>
internal sealed class CapturedLog : IDisposable
{
    private readonly Action<string> _previous;

    public CapturedLog()
    {
        _previous = BrainCohort.Log;
        BrainCohort.Log = line => (line.StartsWith(WidthTuner.LogPrefix, StringComparison.Ordinal) ? WidthChoices : Lines).Add(line);
    }

    /// <summary>The lines logged so far, but the width choices.</summary>
    public List<string> Lines { get; } = [];

    /// <summary>The width choices logged so far.</summary>
    public List<string> WidthChoices { get; } = [];

    public void Dispose() => BrainCohort.Log = _previous;
}
