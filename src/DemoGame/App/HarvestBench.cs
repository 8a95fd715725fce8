using System.Diagnostics;
using System.Globalization;
using DemoGame.Model.Harvest;
using DemoGame.Platform;
using Silk.NET.OpenGL;

namespace DemoGame.App;

/// <summary>
/// The frame bench of the Harvest level (--bench --level harvest): frames of agents learning
/// live, each timed whole and in parts, offscreen or in a window, and the most a steady frame
/// allocated.
/// </summary>
internal static class HarvestBench
{
    /// <summary>Frames played before timing: the JIT warms up and every agent has learned a few times (an evolving board plays at least a generation).</summary>
    public const int WarmUpFrames = 120;

    /// <summary>Frames timed.</summary>
    public const int Frames = 600;

    /// <summary>Runs the bench on <paramref name="gl"/> and writes one BENCH FRAME line.</summary>
    public static void Run(GL gl, GlfwWindow? window, HarvestSettings settings, int width, int height, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var session = new HarvestSession(gl, new HarvestGame(settings), width, height);

        // An evolving board is warm once it has bred a generation too (the first runs code, and
        // loads types, that nothing before it did).
        var warmUp = settings.Learning == HarvestLearning.Evolution ? Math.Max(WarmUpFrames, settings.Evolution.GenerationFrames + 1) : WarmUpFrames;
        for (var i = 0; i < warmUp; i++)
        {
            Timed(session, window);
        }

        var (total, sense, neural, move, render) = (new double[Frames], new double[Frames], new double[Frames], new double[Frames], new double[Frames]);
        var allocated = 0L;
        for (var i = 0; i < Frames; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            total[i] = Timed(session, window);
            allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            var game = session.Game;
            (sense[i], neural[i], move[i], render[i]) = (game.LastSenseMilliseconds, game.LastNeuralMilliseconds, game.LastMoveMilliseconds, session.LastRenderMilliseconds);
        }

        var mode = window is null ? "headless" : "window";
        var agents = settings.Learners + settings.Untrained;
        var learning = settings.Learning == HarvestLearning.Evolution ? "evolution" : "policy-gradient";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BENCH FRAME N={agents} backend=cpu mode={mode} level=harvest learning={learning} median_ms={FrameBench.Percentile(total, 0.5):F2} p95_ms={FrameBench.Percentile(total, 0.95):F2} sense_ms={FrameBench.Percentile(sense, 0.5):F3} neural_ms={FrameBench.Percentile(neural, 0.5):F3} neural_p95_ms={FrameBench.Percentile(neural, 0.95):F3} move_ms={FrameBench.Percentile(move, 0.5):F3} render_ms={FrameBench.Percentile(render, 0.5):F2} steady_alloc_bytes={allocated}"));
    }

    private static double Timed(HarvestSession session, GlfwWindow? window)
    {
        var start = Stopwatch.GetTimestamp();
        window?.PollEvents();
        session.Frame();
        if (window is not null)
        {
            session.Target.BlitToScreen(session.Target.Width, session.Target.Height);
            window.SwapBuffers();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
