using System.Diagnostics;
using DemoGame.Model;
using DemoGame.Platform;
using DemoGame.Presentation.Overlay;
using DemoGame.Presentation.Rendering;
using Silk.NET.OpenGL;

namespace DemoGame.App;

/// <summary>
/// The game bound to a GL context: each frame simulates one step and draws it into an
/// offscreen target, which the window shows and screenshots read. The window and the
/// headless context share this, so both draw exactly the same frame.
/// </summary>
internal sealed class GameSession : IDisposable
{
    private readonly GL _gl;
    private int _width;
    private int _height;
    private bool _relayout;

    /// <summary>Creates the renderer for <paramref name="game"/> at <paramref name="width"/> x <paramref name="height"/>.</summary>
    public GameSession(GL gl, FruitGame game, int width, int height)
    {
        _gl = gl;
        Game = game;
        (_width, _height) = (width, height);
        Overlay = new DebugOverlay(gl);
        Layout = new ScreenLayout(width, height, game.Agents.Count);
        Target = new RenderTarget(gl, width, height);
        Renderer = new FrameRenderer(gl, game.Agents.Count, Layout);
        Input = new GameInput(game, Layout, Overlay) { OnResize = Resized };

        // The first frame covers every pixel of the target, so what warming draws is never seen.
        Target.Bind();
        var docked = new ScreenLayout(width, height, game.Agents.Count, DebugOverlay.DockWidthFor(width));
        Overlay.Warm(game, Profile, docked);
        Renderer.Prepare(docked);
    }

    /// <summary>The game.</summary>
    public FruitGame Game { get; }

    /// <summary>Where things are on screen (replaced on a resize, or when the overlay opens or closes).</summary>
    public ScreenLayout Layout { get; private set; }

    /// <summary>The frame being drawn, as large as the window.</summary>
    public RenderTarget Target { get; private set; }

    /// <summary>The renderer.</summary>
    public FrameRenderer Renderer { get; }

    /// <summary>The debug overlay (Tab or F2).</summary>
    public DebugOverlay Overlay { get; }

    /// <summary>Where recent frames spent their time, for the overlay's profiler.</summary>
    public FrameProfile Profile { get; } = new();

    /// <summary>The controls, fed by the window's callbacks (or by tests).</summary>
    public GameInput Input { get; }

    /// <summary>Milliseconds spent simulating (fruit and training) over every <see cref="Frame"/> so far.</summary>
    public double SimulationMilliseconds { get; private set; }

    /// <summary>Milliseconds spent drawing (boundary refresh included, until the GPU finished) over every <see cref="Frame"/>.</summary>
    public double RenderMilliseconds { get; private set; }

    /// <summary>Where the last <see cref="Frame"/> (or <see cref="Draw"/>) spent its time.</summary>
    public FrameTimes LastFrame { get; private set; }

    /// <summary>Simulates one frame (unless paused) and draws it.</summary>
    public void Frame()
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        var stepping = !Game.Paused;
        Game.Update();
        var simulated = Stopwatch.GetTimestamp();
        Draw();
        var simulation = Stopwatch.GetElapsedTime(start, simulated).TotalMilliseconds;
        var (forward, training) = stepping ? (Game.LastForwardMilliseconds, Game.LastTrainingMilliseconds) : (0, 0);
        var neural = forward + training;
        LastFrame = LastFrame with { Total = Stopwatch.GetElapsedTime(start).TotalMilliseconds, Simulation = simulation - neural, Neural = neural };
        SimulationMilliseconds += simulation;
        RenderMilliseconds += LastFrame.Boundary + LastFrame.Render;
        Profile.Record(LastFrame.Simulation, forward, training, LastFrame.Boundary, LastFrame.Render, LastFrame.Overlay, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    /// <summary>
    /// The window's framebuffer is now <paramref name="width"/> x <paramref name="height"/>:
    /// the screen is laid out for it at once (input maps through the new layout from now on)
    /// and the frame's textures are made at that size before the next draw. A minimised
    /// window (0 x 0) keeps the last layout.
    /// </summary>
    public void Resized(int width, int height)
    {
        if (width < 1 || height < 1 || (width, height) == (_width, _height))
        {
            return;
        }

        (_width, _height) = (width, height);
        UpdateLayout();
    }

    /// <summary>Draws the current state without simulating; returns once the GL has finished it.</summary>
    public void Draw()
    {
        UpdateLayout();
        if (_relayout)
        {
            if ((Target.Width, Target.Height) != (Layout.Width, Layout.Height))
            {
                Target.Dispose();
                Target = new RenderTarget(_gl, Layout.Width, Layout.Height);
            }

            Renderer.Relayout(Layout);
            _relayout = false;
        }

        var start = Stopwatch.GetTimestamp();
        Renderer.RefreshBoundaries(Game);
        var refreshed = Stopwatch.GetTimestamp();
        Target.Bind();

        // No clear: the renderer's cached scene is copied over every pixel first.
        Renderer.Draw(Layout, Game);

        // Finishing here makes the split honest: the GL (llvmpipe too) queues work and runs it
        // later; a frame waits for it before it is shown or read back anyway.
        _gl.Finish();
        var drawn = Stopwatch.GetTimestamp();
        // The UI: the on-screen controls, and the overlay's panels when it is open.
        Overlay.Build(Game, Profile, Layout);
        Overlay.Render(Layout.Width, Layout.Height);
        _gl.Finish();
        var overlay = Stopwatch.GetElapsedTime(drawn).TotalMilliseconds;

        LastFrame = new FrameTimes(0, 0, 0, Stopwatch.GetElapsedTime(start, refreshed).TotalMilliseconds, Stopwatch.GetElapsedTime(refreshed, drawn).TotalMilliseconds, overlay);
    }

    // Lays the screen out again when its size or the overlay's dock changed.
    private void UpdateLayout()
    {
        var dock = Overlay.Visible ? DebugOverlay.DockWidthFor(_width) : 0f;
        if ((Layout.Width, Layout.Height, Layout.DockWidth) == (_width, _height, Math.Clamp(dock, 0f, _width * 0.6f)))
        {
            return;
        }

        Layout = new ScreenLayout(_width, _height, Game.Agents.Count, dock);
        Input.Layout = Layout;
        Overlay.Dock(Layout);
        _relayout = true;
    }

    /// <summary>Milliseconds of one frame: all of it, and its parts.</summary>
    /// <param name="Total">The whole frame.</param>
    /// <param name="Simulation">Fruit thrown, flying and landing.</param>
    /// <param name="Neural">The brains: training and measuring accuracy.</param>
    /// <param name="Boundary">Re-evaluating and uploading boundary textures whose weights moved.</param>
    /// <param name="Render">Drawing, until the GL finished.</param>
    /// <param name="Overlay">Building and drawing the debug overlay (0 while it is hidden).</param>
    internal readonly record struct FrameTimes(double Total, double Simulation, double Neural, double Boundary, double Render, double Overlay = 0);

    /// <summary>Writes the last drawn frame as a PNG.</summary>
    public void Screenshot(string path) => Platform.Screenshot.WritePng(path, Target.ReadPixels(), Target.Width, Target.Height);

    /// <inheritdoc/>
    public void Dispose()
    {
        Overlay.Dispose();
        Renderer.Dispose();
        Target.Dispose();
    }
}
