using System.Globalization;
using DemoGame.Agents;
using DemoGame.Levels;
using DemoGame.Platform;
using DemoGame.Play;

namespace DemoGame;

/// <summary>
/// The frame bench (--bench): the default game played headless at the game's frame size,
/// every frame timed whole and in parts; then the board crowded with 10,000 fruit, drawn only.
/// </summary>
internal static class FrameBench
{
    /// <summary>Frames timed in the game bench.</summary>
    public const int Frames = 600;

    /// <summary>Fruit on the board in the crowded bench.</summary>
    public const int CrowdedFruit = 10_000;

    private const int CrowdedFrames = 60;
    private const int WarmUpFrames = 5;

    /// <summary>
    /// Runs both benches on <paramref name="context"/> and writes one BENCH FRAME line for each;
    /// the game's brains run on <paramref name="backend"/> (the line names where they really
    /// ran: OpenCL falls back to the CPU, with a line saying why, when it is not usable).
    /// </summary>
    public static void Run(EglHeadlessContext context, GameSettings settings, int agent, BrainBackend backend, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var ran = "cpu";
        using (var game = new FruitGame(settings))
        {
            game.Select(agent);
            if (backend == BrainBackend.OpenCl && game.UseBackend(BrainBackend.OpenCl))
            {
                ran = "opencl";
            }

            using var session = new GameSession(context.Gl, game, DemoRunner.Width, DemoRunner.Height);
            var total = new double[Frames];
            var simulation = new double[Frames];
            var neural = new double[Frames];
            var boundary = new double[Frames];
            var render = new double[Frames];
            for (var i = 0; i < Frames; i++)
            {
                session.Frame();
                var times = session.LastFrame;
                (total[i], simulation[i], neural[i], boundary[i], render[i]) = (times.Total, times.Simulation, times.Neural, times.Boundary, times.Render);
            }

            output.WriteLine(Invariant($"BENCH FRAME N={game.Agents.Count} backend={ran} median_ms={Percentile(total, 0.5):F2} p95_ms={Percentile(total, 0.95):F2} sim_ms={Percentile(simulation, 0.5):F3} neural_ms={Percentile(neural, 0.5):F3} boundary_ms={Percentile(boundary, 0.5):F3} render_ms={Percentile(render, 0.5):F2}"));
        }

        // Drawing only: the game is paused, so the brains' backend does not enter it.
        output.WriteLine(Invariant($"BENCH FRAME N={settings.Agents.Count} backend=cpu fruit={CrowdedFruit} render_ms={Crowded(context, settings, agent):F2}"));
        if (Environment.GetEnvironmentVariable("DEMOGAME_BENCH_PASSES") == "1")
        {
            Passes(context, settings, agent, 0, output);
            Passes(context, settings, agent, CrowdedFruit, output);
        }
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
    private static double Crowded(EglHeadlessContext context, GameSettings settings, int agent)
    {
        using var game = new FruitGame(settings with { BoardCapacity = CrowdedFruit, FruitPerSecond = 0 });
        game.Select(agent);
        var random = new Random(7);
        for (var i = 0; i < CrowdedFruit; i++)
        {
            game.Place((random.NextSingle() * 2f) - 1f, (random.NextSingle() * 2f) - 1f, i % 2 == 0 ? FruitKind.Tomato : FruitKind.Grape);
        }

        game.Paused = true;
        using var session = new GameSession(context.Gl, game, DemoRunner.Width, DemoRunner.Height);
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
    private static void Passes(EglHeadlessContext context, GameSettings settings, int agent, int fruit, TextWriter output)
    {
        using var game = new FruitGame(fruit > 0 ? settings with { BoardCapacity = fruit, FruitPerSecond = 0 } : settings);
        game.Select(agent);
        var random = new Random(7);
        for (var i = 0; i < fruit; i++)
        {
            game.Place((random.NextSingle() * 2f) - 1f, (random.NextSingle() * 2f) - 1f, i % 2 == 0 ? FruitKind.Tomato : FruitKind.Grape);
        }

        using var session = new GameSession(context.Gl, game, DemoRunner.Width, DemoRunner.Height);
        for (var i = 0; i < 300; i++)
        {
            session.Frame();
        }

        game.Paused = true;
        var passes = Enum.GetValues<Rendering.RenderPass>();
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
