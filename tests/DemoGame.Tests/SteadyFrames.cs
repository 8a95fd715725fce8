using DemoGame.App;

namespace DemoGame.Tests;

/// <summary>
/// Measures what a session's frames allocate on the managed heap. A frame that re-rasterises
/// the text layer (a number on screen changed) makes its strings and is left out; every other
/// frame must allocate nothing. A failure lists every frame's bytes with what else it redrew
/// (boundary, cards, landed fruit, neuron pictures), so a rare allocation says where it was,
/// and, for a frame that allocated, what the whole process allocated in it: the thread's counter
/// has over-reported in the runtime's own CI (dotnet/runtime #13502, #63487), and a real
/// allocation on this thread raises the process's precise total at least as much.
/// </summary>
internal static class SteadyFrames
{
    private static readonly string[] Redraws = ["text", "boundary", "cards", "landed", "neurons"];

    /// <summary>Runs <paramref name="frames"/> frames and asserts that those not redrawing text allocated 0 bytes; returns each frame's bytes.</summary>
    public static long[] AssertAllocateNothing(GameSession session, int frames = 30)
    {
        var perFrame = new long[frames];
        var processWide = new long[frames];
        var changed = new bool[frames, Redraws.Length];
        var counts = new int[Redraws.Length];
        var firstFrame = session.Game.Frame;
        for (var i = 0; i < frames; i++)
        {
            Count(session, counts);
            var processBefore = GC.GetTotalAllocatedBytes(precise: true);
            var before = GC.GetAllocatedBytesForCurrentThread();
            session.Frame();
            perFrame[i] = GC.GetAllocatedBytesForCurrentThread() - before;
            processWide[i] = GC.GetTotalAllocatedBytes(precise: true) - processBefore;
            for (var r = 0; r < Redraws.Length; r++)
            {
                changed[i, r] = Counter(session, r) != counts[r];
            }
        }

        var steady = perFrame.Where((_, i) => !changed[i, 0]).ToArray();
        Assert.That(steady, Has.Length.GreaterThan(frames / 3), "most frames leave the text alone");
        Assert.That(steady, Is.All.EqualTo(0), () => $"game frames from {firstFrame}: " + string.Join(" ", perFrame.Select((b, i) => Described(b, processWide[i], changed, i))));
        return perFrame;
    }

    private static void Count(GameSession session, int[] counts)
    {
        for (var r = 0; r < counts.Length; r++)
        {
            counts[r] = Counter(session, r);
        }
    }

    private static int Counter(GameSession session, int redraw) => redraw switch
    {
        0 => session.Renderer.TextRedraws,
        1 => session.Renderer.BoundaryRefreshes,
        2 => session.Renderer.CardRedraws,
        3 => session.Renderer.LandedRedraws,
        _ => session.Overlay.Neurons.Redraws,
    };

    private static string Described(long bytes, long processBytes, bool[,] changed, int frame)
    {
        var what = Enumerable.Range(0, Redraws.Length).Where(r => changed[frame, r]).Select(r => Redraws[r]).ToArray();
        var figure = bytes == 0 ? "0" : $"{bytes}[process {processBytes}]";
        return what.Length == 0 ? figure : $"{figure}({string.Join('+', what)})";
    }
}
