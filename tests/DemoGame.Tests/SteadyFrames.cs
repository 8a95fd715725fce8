using DemoGame.App;

namespace DemoGame.Tests;

/// <summary>
/// Measures what a session's frames allocate on the managed heap. A frame that re-rasterises
/// the text layer (a number on screen changed) makes its strings and is left out; every other
/// frame must allocate nothing.
/// </summary>
internal static class SteadyFrames
{
    /// <summary>Runs <paramref name="frames"/> frames and asserts that those not redrawing text allocated 0 bytes; returns each frame's bytes.</summary>
    public static long[] AssertAllocateNothing(GameSession session, int frames = 30)
    {
        var perFrame = new long[frames];
        var redrawn = new bool[frames];
        for (var i = 0; i < frames; i++)
        {
            var (before, text) = (GC.GetAllocatedBytesForCurrentThread(), session.Renderer.TextRedraws);
            session.Frame();
            perFrame[i] = GC.GetAllocatedBytesForCurrentThread() - before;
            redrawn[i] = session.Renderer.TextRedraws != text;
        }

        var steady = perFrame.Where((_, i) => !redrawn[i]).ToArray();
        Assert.That(steady, Has.Length.GreaterThan(frames / 3), "most frames leave the text alone");
        Assert.That(steady, Is.All.EqualTo(0), string.Join(" ", perFrame.Select((b, i) => redrawn[i] ? $"{b}(text)" : $"{b}")));
        return perFrame;
    }
}
