using System.Diagnostics;
using System.Globalization;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Model.Levels;
using DemoGame.Platform;
using DemoGame.Presentation.Rendering;
using Silk.NET.OpenGL;

namespace DemoGame.App;

/// <summary>
/// The frame bench (--bench): the default game played at the game's frame size, offscreen or
/// in a window, every frame timed whole and in parts; then the same with the overlay open;
/// then the board crowded with 10,000 fruit, drawn only.
/// </summary>
internal static class FrameBench
{
    /// <summary>Frames timed in the game bench.</summary>
    public const int Frames = 600;

    /// <summary>Fruit on the board in the crowded bench.</summary>
    public const int CrowdedFruit = 10_000;

    private const int CrowdedFrames = 60;
    private const int WarmUpFrames = 5;

    /// <summary>Frames timed with the overlay open, after the game bench.</summary>
    public const int OverlayFrames = 120;

    // How the agents learn, where it is not from labels: " game=scored", " game=evolved".
    private static string Learning(GameSettings settings) =>
        settings.Mode == GameMode.Supervised ? string.Empty : $" game={settings.Mode.ToString().ToLowerInvariant()}";

    /// <summary>
    /// Runs the benches on <paramref name="gl"/> and writes BENCH FRAME lines: the
    /// game, the game with the overlay open (its opening frame, and what a steady frame
    /// allocates), and 10,000 fruit. The game's brains run on <paramref name="backend"/> (the
    /// line names where they really ran: OpenCL falls back to the CPU, with a line saying
    /// why, when it is not usable). <paramref name="window"/>, when given, shows every frame
    /// (blit and swap included in its time): the windowed bench; else frames stay offscreen.
    /// </summary>
    public static void Run(GL gl, GlfwWindow? window, GameSettings settings, int agent, BrainBackend backend, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(gl);
        ArgumentNullException.ThrowIfNull(output);
        var ran = "cpu";
        var mode = window is null ? "headless" : "window";
        using (var game = new FruitGame(settings))
        {
            game.Select(agent);
            if (backend == BrainBackend.OpenCl && game.UseBackend(BrainBackend.OpenCl))
            {
                ran = "opencl";
            }

            using var session = new GameSession(gl, game, DemoRunner.Width, DemoRunner.Height);
            var total = new double[Frames];
            var simulation = new double[Frames];
            var neural = new double[Frames];
            var boundary = new double[Frames];
            var render = new double[Frames];
            var textSet = new bool[Frames];
            for (var i = 0; i < Frames; i++)
            {
                var redraws = session.Renderer.TextRedraws;
                total[i] = TimedFrame(session, window);
                var times = session.LastFrame;
                (simulation[i], neural[i], boundary[i], render[i]) = (times.Simulation, times.Neural, times.Boundary, times.Render);
                textSet[i] = session.Renderer.TextRedraws != redraws;
            }

            if (Environment.GetEnvironmentVariable("DEMOGAME_BENCH_PASSES") == "1")
            {
                SlowFrames(total, simulation, neural, boundary, render, textSet, output);
            }

            output.WriteLine(Invariant($"BENCH FRAME N={game.Population.Count} backend={ran} mode={mode}{Learning(settings)} median_ms={Percentile(total, 0.5):F2} p95_ms={Percentile(total, 0.95):F2} sim_ms={Percentile(simulation, 0.5):F3} neural_ms={Percentile(neural, 0.5):F3} boundary_ms={Percentile(boundary, 0.5):F3} render_ms={Percentile(render, 0.5):F2}"));

            // The overlay opens on a game in full swing: its first frame (the spike a player
            // sees), then steady frames with it open and what each allocated.
            session.Overlay.Visible = true;
            var open = TimedFrame(session, window);
            var withOverlay = new double[OverlayFrames];
            var overlay = new double[OverlayFrames];
            var allocated = 0L;
            for (var i = 0; i < OverlayFrames; i++)
            {
                var (before, text) = (GC.GetAllocatedBytesForCurrentThread(), session.Renderer.TextRedraws);
                withOverlay[i] = TimedFrame(session, window);
                overlay[i] = session.LastFrame.Overlay;
                if (i >= OverlayFrames / 2 && session.Renderer.TextRedraws == text)
                {
                    allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
                }
            }

            output.WriteLine(Invariant($"BENCH FRAME N={game.Population.Count} backend={ran} mode={mode}{Learning(settings)} overlay=open open_ms={open:F2} median_ms={Percentile(withOverlay, 0.5):F2} p95_ms={Percentile(withOverlay, 0.95):F2} overlay_ms={Percentile(overlay, 0.5):F2} steady_alloc_bytes={allocated}"));
        }

        // Drawing only, offscreen in either mode: the game is paused, so the brains' backend
        // does not enter it, and nothing is shown.
        output.WriteLine(Invariant($"BENCH FRAME N={settings.Agents.Count} backend=cpu fruit={CrowdedFruit} render_ms={Crowded(gl, settings, agent):F2}"));
        if (Environment.GetEnvironmentVariable("DEMOGAME_BENCH_PASSES") == "1")
        {
            Passes(gl, settings, agent, 0, output);
            Passes(gl, settings, agent, CrowdedFruit, output);
        }
    }

    // The diagnostic of the tail: the frames slower than the 90th percentile, with their parts
    // and whether the text was set again, before the arrays are sorted for the percentiles.
    private static void SlowFrames(double[] total, double[] simulation, double[] neural, double[] boundary, double[] render, bool[] text, TextWriter output)
    {
        var p90 = Percentile([.. total], 0.9);
        var (slow, slowText, allText) = (0, 0, 0);
        for (var i = 0; i < total.Length; i++)
        {
            allText += text[i] ? 1 : 0;
            if (total[i] > p90)
            {
                slow++;
                slowText += text[i] ? 1 : 0;
                output.WriteLine(Invariant($"BENCH SLOW frame={i} total_ms={total[i]:F2} sim_ms={simulation[i]:F2} neural_ms={neural[i]:F2} boundary_ms={boundary[i]:F2} render_ms={render[i]:F2} text_set={text[i]}"));
            }
        }

        output.WriteLine(Invariant($"BENCH SLOW p90_ms={p90:F2} slow_frames={slow} with_text_set={slowText} text_set_frames={allText} of {total.Length}"));
    }

    // One frame as the player gets it, in milliseconds of wall time: simulated and drawn,
    // and in a window also copied to it and swapped (the window's events handled first).
    private static double TimedFrame(GameSession session, GlfwWindow? window)
    {
        var start = Stopwatch.GetTimestamp();
        if (window is not null)
        {
            window.PollEvents();
        }

        session.Frame();
        if (window is not null)
        {
            session.Target.BlitToScreen(session.Layout.Width, session.Layout.Height);
            window.SwapBuffers();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>The <paramref name="fraction"/> quantile of <paramref name="values"/> (nearest rank; sorts them).</summary>
    public static double Percentile(double[] values, double fraction)
    {
        ArgumentNullException.ThrowIfNull(values);
        Array.Sort(values);
        var rank = (int)Math.Ceiling(fraction * values.Length) - 1;
        return values[Math.Clamp(rank, 0, values.Length - 1)];
    }

    // Rendering only: the game is paused with the board full, so the time is the draw of
    // 10,000 landed fruit over the usual board, thumbnails and text.
    private static double Crowded(GL gl, GameSettings settings, int agent)
    {
        using var game = new FruitGame(settings with { BoardCapacity = CrowdedFruit, FruitPerSecond = 0 });
        game.Select(agent);
        var random = new Random(7);
        for (var i = 0; i < CrowdedFruit; i++)
        {
            game.Place((random.NextSingle() * 2f) - 1f, (random.NextSingle() * 2f) - 1f, i % 2 == 0 ? FruitKind.Tomato : FruitKind.Grape);
        }

        game.Paused = true;
        using var session = new GameSession(gl, game, DemoRunner.Width, DemoRunner.Height);
        for (var i = 0; i < WarmUpFrames; i++)
        {
            session.Draw();
        }

        var render = new double[CrowdedFrames];
        for (var i = 0; i < CrowdedFrames; i++)
        {
            session.Draw();
            render[i] = session.LastFrame.Boundary + session.LastFrame.Render;
        }

        return Percentile(render, 0.5);
    }

    // The diagnostic: each pass finished and timed on its own (DEMOGAME_BENCH_PASSES=1), after
    // 300 frames of play, or with the board crowded.
    private static void Passes(GL gl, GameSettings settings, int agent, int fruit, TextWriter output)
    {
        using var game = new FruitGame(fruit > 0 ? settings with { BoardCapacity = fruit, FruitPerSecond = 0 } : settings);
        game.Select(agent);
        var random = new Random(7);
        for (var i = 0; i < fruit; i++)
        {
            game.Place((random.NextSingle() * 2f) - 1f, (random.NextSingle() * 2f) - 1f, i % 2 == 0 ? FruitKind.Tomato : FruitKind.Grape);
        }

        using var session = new GameSession(gl, game, DemoRunner.Width, DemoRunner.Height);
        for (var i = 0; i < 300; i++)
        {
            session.Frame();
        }

        game.Paused = true;
        var passes = Enum.GetValues<RenderPass>();
        var times = new double[passes.Length][];
        var current = new double[passes.Length];
        session.Renderer.PassMilliseconds = current;
        for (var p = 0; p < passes.Length; p++)
        {
            times[p] = new double[CrowdedFrames];
        }

        for (var i = 0; i < CrowdedFrames; i++)
        {
            session.Draw();
            for (var p = 0; p < passes.Length; p++)
            {
                times[p][i] = current[p];
            }
        }

        var parts = string.Join(" ", passes.Select((pass, p) => Invariant($"{pass}={Percentile(times[p], 0.5):F2}")));
        output.WriteLine(Invariant($"BENCH PASSES fruit={game.Landed.Count} {parts}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
