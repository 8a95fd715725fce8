using System.Diagnostics;
using DemoGame.Model.Harvest;
using DemoGame.Model.Levels;
using DemoGame.Platform;
using DemoGame.Presentation.Harvest;
using DemoGame.Ui;
using Silk.NET.OpenGL;

namespace DemoGame.App;

/// <summary>
/// The Harvest level bound to a GL context: each frame simulates one step and draws it into
/// an offscreen target (the window shows it, screenshots read it). It takes the window's
/// events itself: clicks drop fruit, a right-click picks the nearest agent, space pauses.
/// </summary>
internal sealed class HarvestSession : IWindowEvents, IDisposable
{
    private const int KeySpace = 32;
    private const int KeyEscape = 256;

    private readonly GL _gl;
    private readonly GlyphAtlas _atlas;
    private readonly UiRenderer _renderer;
    private readonly UiContext _ui;
    private readonly UiInput _input = new();
    private readonly HarvestView _view = new();
    private bool _shift;

    /// <summary>Creates the session for <paramref name="game"/> at <paramref name="width"/> x <paramref name="height"/>.</summary>
    public HarvestSession(GL gl, HarvestGame game, int width, int height)
    {
        _gl = gl;
        Game = game;
        _atlas = GlyphAtlas.Load();
        _renderer = new UiRenderer(gl, _atlas);
        _ui = new UiContext(_atlas);
        Target = new RenderTarget(gl, width, height);
    }

    /// <summary>The level being played (replaced by the panel's restart).</summary>
    public HarvestGame Game { get; private set; }

    /// <summary>The frame being drawn.</summary>
    public RenderTarget Target { get; private set; }

    /// <summary>True once Esc was pressed.</summary>
    public bool QuitRequested { get; private set; }

    /// <summary>Milliseconds of the last frame's simulation (sensing, brains, moving).</summary>
    public double LastSimulationMilliseconds { get; private set; }

    /// <summary>Milliseconds of the last frame's drawing, until the GL finished.</summary>
    public double LastRenderMilliseconds { get; private set; }

    /// <summary>Simulates one frame (unless paused) and draws it.</summary>
    public void Frame()
    {
        var start = Stopwatch.GetTimestamp();
        Game.Update();
        var simulated = Stopwatch.GetTimestamp();
        Draw();
        LastSimulationMilliseconds = Stopwatch.GetElapsedTime(start, simulated).TotalMilliseconds;
        LastRenderMilliseconds = Stopwatch.GetElapsedTime(simulated).TotalMilliseconds;
        if (_view.RestartWith is { } settings)
        {
            // The panel asked for a fresh board with other learning settings.
            _view.RestartWith = null;
            var old = Game;
            Game = new HarvestGame(settings);
            old.Dispose();
        }
    }

    /// <summary>Draws the current state without simulating.</summary>
    public void Draw()
    {
        Target.Bind();
        _ui.Begin(_input, Target.Width, Target.Height);
        _view.Build(_ui, Game, Target.Width, Target.Height);
        _ui.End();
        _renderer.Render(_ui.DrawList, Target.Width, Target.Height);
        _gl.Finish();
    }

    /// <summary>Writes the last drawn frame as a PNG.</summary>
    public void Screenshot(string path) => Platform.Screenshot.WritePng(path, Target.ReadPixels(), Target.Width, Target.Height);

    /// <inheritdoc/>
    public void KeyPressed(int key, bool shift)
    {
        _shift = shift;
        if (key == KeySpace)
        {
            Game.Paused = !Game.Paused;
        }
        else if (key == KeyEscape)
        {
            QuitRequested = true;
        }
    }

    /// <inheritdoc/>
    public void MouseClicked(int button, bool shift, double x, double y)
    {
        _shift = shift;
        _input.MouseMoved((float)x, (float)y);
        if (button == 0)
        {
            _input.MouseButton(true);
        }

        if (_ui.IsPointOverUi((float)x, (float)y) || !_view.Board.Contains((float)x, (float)y))
        {
            return;
        }

        var (bx, by) = _view.ToBoard((float)x, (float)y);
        if (button == 0)
        {
            Game.Place(bx, by, _shift ? FruitKind.Grape : FruitKind.Tomato);
        }
        else
        {
            Game.Selected = Nearest(bx, by);
        }
    }

    /// <inheritdoc/>
    public void MouseReleased(int button, double x, double y)
    {
        _input.MouseMoved((float)x, (float)y);
        if (button == 0)
        {
            _input.MouseButton(false);
        }
    }

    /// <inheritdoc/>
    public void MouseMoved(double x, double y) => _input.MouseMoved((float)x, (float)y);

    /// <inheritdoc/>
    public void Resized(int width, int height)
    {
        if (width < 1 || height < 1 || (width, height) == (Target.Width, Target.Height))
        {
            return;
        }

        Target.Dispose();
        Target = new RenderTarget(_gl, width, height);
    }

    /// <inheritdoc/>
    public void Scrolled(double amount) => _input.Scrolled((float)amount);

    /// <inheritdoc/>
    public void Dispose()
    {
        _renderer.Dispose();
        Target.Dispose();
        Game.Dispose();
    }

    private int Nearest(float x, float y)
    {
        var (best, bestDistance) = (0, float.MaxValue);
        var agents = Game.Agents;
        for (var i = 0; i < agents.Length; i++)
        {
            var body = Game.World.Get<Forager>(agents[i]);
            var (dx, dy) = (body.X - x, body.Y - y);
            if ((dx * dx) + (dy * dy) < bestDistance)
            {
                (best, bestDistance) = (i, (dx * dx) + (dy * dy));
            }
        }

        return best;
    }
}
