using System.Diagnostics;
using DemoGame.Platform;
using DemoGame.Rendering;
using Silk.NET.OpenGL;

namespace DemoGame.Play;

/// <summary>
/// The game bound to a GL context: each frame simulates one step and draws it into an
/// offscreen target, which the window shows and screenshots read. The window and the
/// headless context share this, so both draw exactly the same frame.
/// </summary>
internal sealed class GameSession : IDisposable
{
    private readonly GL _gl;

    /// <summary>Creates the renderer for <paramref name="game"/> at <paramref name="width"/> x <paramref name="height"/>.</summary>
    public GameSession(GL gl, FruitGame game, int width, int height)
    {
        _gl = gl;
        Game = game;
        Layout = new ScreenLayout(width, height, game.Agents.Count);
        Target = new RenderTarget(gl, width, height);
        Renderer = new FrameRenderer(gl, game.Agents.Count, Layout);
        Input = new GameInput(game, Layout);
    }

    /// <summary>The game.</summary>
    public FruitGame Game { get; }

    /// <summary>Where things are on screen.</summary>
    public ScreenLayout Layout { get; }

    /// <summary>The frame being drawn.</summary>
    public RenderTarget Target { get; }

    /// <summary>The renderer.</summary>
    public FrameRenderer Renderer { get; }

    /// <summary>The controls, fed by the window's callbacks (or by tests).</summary>
    public GameInput Input { get; }

    /// <summary>Milliseconds spent simulating (fruit and training) over every <see cref="Frame"/> so far.</summary>
    public double SimulationMilliseconds { get; private set; }

    /// <summary>Milliseconds spent drawing (boundary refresh included, until the GPU finished) over every <see cref="Frame"/>.</summary>
    public double RenderMilliseconds { get; private set; }

    /// <summary>Simulates one frame (unless paused) and draws it.</summary>
    public void Frame()
    {
        var start = Stopwatch.GetTimestamp();
        Game.Update();
        var simulated = Stopwatch.GetTimestamp();
        Draw();

        // Finishing here makes the split honest (GL queues work); a frame waits for it
        // before it is shown or read back anyway.
        _gl.Finish();
        SimulationMilliseconds += Stopwatch.GetElapsedTime(start, simulated).TotalMilliseconds;
        RenderMilliseconds += Stopwatch.GetElapsedTime(simulated).TotalMilliseconds;
    }

    /// <summary>Draws the current state without simulating.</summary>
    public void Draw()
    {
        Target.Bind();
        _gl.ClearColor(0f, 0f, 0f, 1f);
        _gl.Clear(ClearBufferMask.ColorBufferBit);
        Renderer.Draw(Layout, Game);
    }

    /// <summary>Writes the last drawn frame as a PNG.</summary>
    public void Screenshot(string path) => Platform.Screenshot.WritePng(path, Target.ReadPixels(), Target.Width, Target.Height);

    /// <inheritdoc/>
    public void Dispose()
    {
        Renderer.Dispose();
        Target.Dispose();
    }
}
