using System.Diagnostics;
using System.Globalization;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Platform;
using DemoGame.Presentation;

namespace DemoGame.App;

/// <summary>Runs the game in a window or headless, as the command line and the machine allow.</summary>
internal static class DemoRunner
{
    /// <summary>Frame size of the game (and of its screenshots).</summary>
    public const int Width = 1280;

    /// <summary>Frame height.</summary>
    public const int Height = 720;

    private const int DefaultHeadlessFrames = 600;
    private const double PausedWaitSeconds = 0.1;

    /// <summary>Runs the game; returns the process exit code.</summary>
    public static int Run(DemoOptions options, string? display, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        var choice = DisplayChoice.Decide(options.Headless, display);
        if (choice.Notice is not null)
        {
            error.WriteLine(choice.Notice);
        }

        if (options.Bench)
        {
            return Bench(options, choice.Headless, output, error);
        }

        if (options.Harvest)
        {
            return RunHarvest(options, choice.Headless, output, error);
        }

        using var game = new FruitGame(options.ToSettings());
        using var log = new EventLog(game, error);

        // An evolved game's cards are its best brains, best first: the board shows the best.
        game.Select(options.Mode == GameMode.Evolved ? 0 : options.Agent);
        if (options.OpenCl)
        {
            game.UseBackend(BrainBackend.OpenCl);
        }

        try
        {
            if (choice.Headless)
            {
                var screenshot = options.Screenshot ?? Path.Combine(Path.GetTempPath(), "demogame.png");
                using var context = EglHeadlessContext.Create();
                using var session = new GameSession(context.Gl, game, options.Size.Width, options.Size.Height);
                session.Overlay.Visible = options.Overlay;
                var frames = options.Frames ?? DefaultHeadlessFrames;
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < frames; i++)
                {
                    session.Frame();
                }

                Report(output, session, frames, clock.Elapsed.TotalMilliseconds);
                session.Screenshot(screenshot);
                output.WriteLine($"screenshot: {Path.GetFullPath(screenshot)}");
            }
            else
            {
                RunWindow(options, game, output);
            }
        }
        catch (PlatformException e)
        {
            error.WriteLine($"DemoGame: {e.Message}");
            return 1;
        }

        return 0;
    }

    private static int Bench(DemoOptions options, bool headless, TextWriter output, TextWriter error)
    {
        var backend = options.OpenCl ? BrainBackend.OpenCl : BrainBackend.Cpu;
        try
        {
            if (options.Harvest && headless)
            {
                using var context = EglHeadlessContext.Create();
                HarvestBench.Run(context.Gl, null, options.ToHarvestSettings(), Width, Height, output);
            }
            else if (options.Harvest)
            {
                using var window = GlfwWindow.Open(Width, Height, "Harvest: frame bench", new ForwardingEvents());
                HarvestBench.Run(window.Gl, window, options.ToHarvestSettings(), Width, Height, output);
            }
            else if (headless)
            {
                using var context = EglHeadlessContext.Create();
                FrameBench.Run(context.Gl, null, options.ToSettings(), options.Agent, backend, output);
            }
            else
            {
                using var window = GlfwWindow.Open(Width, Height, "Fruit cuts: frame bench", new ForwardingEvents());
                FrameBench.Run(window.Gl, window, options.ToSettings(), options.Agent, backend, output);
            }

            return 0;
        }
        catch (PlatformException e)
        {
            error.WriteLine($"DemoGame: {e.Message}");
            return 1;
        }
    }

    // The Harvest level: headless for a number of frames and a screenshot, or in a window.
    private static int RunHarvest(DemoOptions options, bool headless, TextWriter output, TextWriter error)
    {
        try
        {
            var game = new Model.Harvest.HarvestGame(options.ToHarvestSettings());
            var clock = Stopwatch.StartNew();
            var frames = 0;
            if (headless)
            {
                using var context = EglHeadlessContext.Create();
                using var session = new HarvestSession(context.Gl, game, options.Size.Width, options.Size.Height);
                for (frames = 0; frames < (options.Frames ?? DefaultHeadlessFrames); frames++)
                {
                    session.Frame();
                }

                HarvestReport(output, session, frames, clock.Elapsed.TotalMilliseconds);
                var screenshot = options.Screenshot ?? Path.Combine(Path.GetTempPath(), "demogame-harvest.png");
                session.Screenshot(screenshot);
                output.WriteLine($"screenshot: {Path.GetFullPath(screenshot)}");
            }
            else
            {
                var events = new ForwardingEvents();
                using var window = GlfwWindow.Open(options.Size.Width, options.Size.Height, "Harvest: agents learn to eat grapes", events);
                var (width, height) = window.FramebufferSize();
                using var session = new HarvestSession(window.Gl, game, width, height);
                events.Target = session;
                while (!window.ShouldClose && !session.QuitRequested && (options.Frames is null || frames < options.Frames))
                {
                    if (session.Game.Paused && options.Frames is null)
                    {
                        window.WaitEvents(PausedWaitSeconds);
                    }
                    else
                    {
                        window.PollEvents();
                    }

                    session.Frame();
                    frames++;
                    if (options.Screenshot is not null && options.Frames == frames)
                    {
                        session.Screenshot(options.Screenshot);
                    }

                    session.Target.BlitToScreen(session.Target.Width, session.Target.Height);
                    window.SwapBuffers();
                }

                HarvestReport(output, session, frames, clock.Elapsed.TotalMilliseconds);
            }
        }
        catch (PlatformException e)
        {
            error.WriteLine($"DemoGame: {e.Message}");
            return 1;
        }

        return 0;
    }

    private static void HarvestReport(TextWriter output, HarvestSession session, int frames, double milliseconds)
    {
        var game = session.Game;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"level harvest: {game.Settings.Learners} agents {(game.Learner is null ? "evolving" : "learning")}, {game.Settings.Untrained} untrained, {game.FruitCount} fruit"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{frames} frames in {milliseconds / 1000:F1} s ({milliseconds / Math.Max(frames, 1):F1} ms a frame); reward per agent per 1,000 frames now: learners {game.LearnerReward.Last:F1}, untrained {game.UntrainedReward.Last:F1}"));
    }

    private static void RunWindow(DemoOptions options, FruitGame game, TextWriter output)
    {
        var events = new ForwardingEvents();
        using var window = GlfwWindow.Open(options.Size.Width, options.Size.Height, "Fruit cuts: agents learn to slice grapes from tomatoes", events);
        var (startWidth, startHeight) = window.FramebufferSize();
        using var session = new GameSession(window.Gl, game, startWidth, startHeight);
        session.Overlay.Visible = options.Overlay;
        events.Target = session.Input;
        output.WriteLine(GameInput.Help);
        var clock = Stopwatch.StartNew();
        var frames = 0;
        while (!window.ShouldClose && !session.Input.QuitRequested && (options.Frames is null || frames < options.Frames))
        {
            // A paused game sleeps until the player does something (or a tenth of a second
            // passes, for the clock of the status line) instead of drawing the same frame flat out.
            if (game.Paused && options.Frames is null)
            {
                window.WaitEvents(PausedWaitSeconds);
            }
            else
            {
                window.PollEvents();
            }

            window.SetFullScreen(session.Input.FullScreenWanted);
            session.Frame();
            frames++;
            if (options.Screenshot is not null && options.Frames == frames)
            {
                // Read before swapping: after the swap the back buffer's contents are undefined.
                session.Screenshot(options.Screenshot);
                output.WriteLine($"screenshot: {Path.GetFullPath(options.Screenshot)}");
            }

            session.Target.BlitToScreen(session.Layout.Width, session.Layout.Height);
            window.SwapBuffers();
        }

        Report(output, session, frames, clock.Elapsed.TotalMilliseconds);
    }

    private static void Report(TextWriter output, GameSession session, int frames, double milliseconds)
    {
        var game = session.Game;
        var n = Math.Max(frames, 1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"level {game.Level.Name}: {game.Level.Title}, label noise {game.Settings.Noise:P0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{frames} frames in {milliseconds / 1000:F1} s ({milliseconds / n:F1} ms a frame: simulation and learning {session.SimulationMilliseconds / n:F1}, drawing {session.RenderMilliseconds / n:F1}), {game.Landed.Count} fruit on the board"));
        foreach (var agent in game.Agents)
        {
            var solved = agent.SolvedAtFrame is { } at ? string.Create(CultureInfo.InvariantCulture, $", reached {FruitGame.Goal:P0} at frame {at}") : string.Empty;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {agent.Kind.Name,-9} test accuracy {agent.TestAccuracy,6:P1}{solved}"));
        }
    }

    // The window exists before the session that handles its events; this bridges the gap.
    private sealed class ForwardingEvents : IWindowEvents
    {
        public IWindowEvents? Target { get; set; }

        public void KeyPressed(int key, bool shift) => Target?.KeyPressed(key, shift);

        public void MouseClicked(int button, bool shift, double x, double y) => Target?.MouseClicked(button, shift, x, y);

        public void MouseReleased(int button, double x, double y) => Target?.MouseReleased(button, x, y);

        public void MouseMoved(double x, double y) => Target?.MouseMoved(x, y);

        public void Scrolled(double amount) => Target?.Scrolled(amount);

        public void Resized(int width, int height) => Target?.Resized(width, height);
    }
}
