using System.Diagnostics;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Platform;
using Silk.NET.OpenGL;

namespace DemoGame.Presentation.Rendering;

/// <summary>
/// Draws one frame of the game: the table, the board with the selected agent's decision
/// boundary, its cuts as blade slashes and the fruit, and a strip of every agent's boundary
/// thumbnail with its test accuracy. Boundaries are re-evaluated only when weights moved;
/// what did not change since the last frame (the table, unchanged cards, fruit that lie
/// still) is not drawn again but copied or read from a texture.
/// </summary>
internal sealed class FrameRenderer : IDisposable
{
    private const float CutShade = 0.035f;
    private const int CelebrationFrames = 90;

    private static readonly (float, float, float, float) Frame = (0.36f, 0.24f, 0.16f, 1f);
    private static readonly (float, float, float, float) Gold = (0.98f, 0.78f, 0.25f, 1f);
    private static readonly (float, float, float, float) Selection = (0.95f, 0.95f, 0.98f, 1f);
    private static readonly (float, float, float, float) Panel = (0.16f, 0.17f, 0.22f, 1f);
    private static readonly (float, float, float, float) BarBack = (0.08f, 0.08f, 0.11f, 1f);
    private static readonly (float, float, float, float) BarFill = (0.36f, 0.78f, 0.45f, 1f);
    private static readonly (float, float, float, float) BarLow = (0.86f, 0.55f, 0.25f, 1f);
    private static readonly (float, float, float, float) GoalMark = (1f, 1f, 1f, 0.85f);

    private readonly GL _gl;
    private readonly QuadPainter _quads;
    private readonly FruitPainter _fruit;
    private readonly BoardPainter _boardPainter;
    private readonly BladePainter _blades;
    private readonly TextOverlay _text;
    private readonly FieldTexture _board;
    private readonly FieldTexture[] _thumbnails;
    private readonly CutLine[] _cuts = new CutLine[16];
    private readonly CardState[] _cards;

    // Thumbnails refreshed at most in one frame, and the card the next frame starts from.
    private const int ThumbnailsPerFrame = 2;
    private int _nextThumbnail;
    private int _boardAgent = -1;
    private const int MaxBackdrops = 4;

    private readonly Dictionary<(int, int, float), RenderTarget> _backdrops = new(MaxBackdrops);
    private RenderTarget? _backdrop;
    private RenderTarget? _scene;

    /// <summary>Loads shaders, fonts and textures for a game with <paramref name="agents"/> agents laid out by <paramref name="layout"/>.</summary>
    public FrameRenderer(GL gl, int agents, ScreenLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _gl = gl;
        _text = new TextOverlay(gl, layout);
        _quads = new QuadPainter(gl);
        _fruit = new FruitPainter(gl);
        _boardPainter = new BoardPainter(gl);
        _blades = new BladePainter(gl);
        _board = new FieldTexture(gl, Agent.BoardResolution);
        _thumbnails = [.. Enumerable.Range(0, agents).Select(_ => new FieldTexture(gl, Agent.ThumbnailResolution))];
        _cards = new CardState[agents];
    }

    /// <summary>
    /// When set (a diagnostic: it stalls the pipeline), each pass is finished and timed into
    /// this array, indexed by <see cref="RenderPass"/>: a GL queues work, so without the
    /// finish a pass's cost would show up in whichever pass happens to wait.
    /// </summary>
    public double[]? PassMilliseconds { get; set; }

    /// <summary>Boundary refreshes so far (main board and thumbnails), for tests and the frame bench.</summary>
    public int BoundaryRefreshes { get; private set; }

    /// <summary>Times the text layer was rasterised.</summary>
    public int TextRedraws => _text.Redraws;

    /// <summary>Times the landed fruit's layer was redrawn from scratch rather than added to.</summary>
    public int LandedRedraws => _fruit.LandedRedraws;

    /// <summary>Fruit erased from the landed fruit's layer where they lay, without redrawing it.</summary>
    public int LandedErasures => _fruit.LandedErasures;

    /// <summary>Times an agent's card (thumbnail, frame, accuracy bar) was redrawn into the cached scene.</summary>
    public int CardRedraws { get; private set; }

    /// <summary>The text layer's lines as last rasterised, for tests.</summary>
    public IReadOnlyList<TextOverlay.TextBox> TextBoxes => _text.Boxes;

    /// <summary>
    /// Takes a new layout (the window was resized, the overlay's dock opened or closed): the
    /// cached scene, the landed fruit's layer and the text layers are made again at the new
    /// size on the next draw; the boundary textures do not depend on the layout and stay.
    /// </summary>
    public void Relayout(ScreenLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _scene?.Dispose();
        (_backdrop, _scene) = (null, null);
        _fruit.Invalidate();
        _text.Relayout(layout);
    }

    /// <summary>Brings every boundary texture up to date with the weights, where they moved enough.</summary>
    public void RefreshBoundaries(FruitGame game)
    {
        var selected = game.SelectedAgent;
        if (_boardAgent != game.Selected)
        {
            selected.BoardWatch.Invalidate();
            _boardAgent = game.Selected;
        }

        if (selected.BoardWatch.Changed(selected.Parameters))
        {
            _board.Upload(selected.BoardField());
            selected.BoardWatch.Accept(selected.Parameters);
            BoundaryRefreshes++;
        }

        // While every agent learns fast, every thumbnail changes every frame, and redrawing
        // all of them (a batched forward each, an upload, the card drawn again) in one frame
        // made the slowest frames of the first seconds. A few a frame, taken round the cards
        // from where the last frame stopped, keep each no more than a few frames behind.
        // A thumbnail of other weights (a new, reset or loaded brain) is redrawn at once, and
        // a paused game (which draws seldom) catches every thumbnail up.
        var count = game.Agents.Count;
        var limit = game.Paused ? count : ThumbnailsPerFrame;
        var refreshed = 0;
        for (var k = 0; k < count; k++)
        {
            var i = (_nextThumbnail + k) % count;
            var agent = game.Agents[i];
            var replaced = agent.ThumbnailWatch.Invalidated;
            if ((replaced || refreshed < limit) && agent.ThumbnailWatch.Changed(agent.Parameters))
            {
                _thumbnails[i].Upload(agent.ThumbnailField());
                agent.ThumbnailWatch.Accept(agent.Parameters);
                BoundaryRefreshes++;
                if (!replaced)
                {
                    refreshed++;
                    _nextThumbnail = (i + 1) % count;
                }
            }
        }
    }

    /// <summary>Draws the frame into the bound framebuffer.</summary>
    public void Draw(ScreenLayout layout, FruitGame game)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(game);
        RefreshBoundaries(game);
        _gl.Disable(EnableCap.DepthTest);
        _gl.Enable(EnableCap.Blend);
        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
        if (PassMilliseconds is { } times)
        {
            Array.Clear(times);
        }

        var pass = Stopwatch.GetTimestamp();
        _gl.GetInteger(GetPName.DrawFramebufferBinding, out int target);
        EnsureScene(layout);
        UpdateCards(layout, game, (uint)target);
        EndPass(RenderPass.Thumbnails, ref pass);
        _fruit.UpdateLanded(layout, game);
        EndPass(RenderPass.Fruit, ref pass);
        _scene!.CopyTo((uint)target);
        EndPass(RenderPass.Background, ref pass);

        var celebrating = game.LastSolveFrame is { } solved && game.Frame - solved < CelebrationFrames;
        if (celebrating && (game.Frame / 8 % 2 == 0))
        {
            DrawGoldFrame(layout);
        }

        EndPass(RenderPass.BoardFrame, ref pass);

        var selected = game.SelectedAgent;
        var cuts = _cuts.AsSpan(0, Math.Min(selected.CutCount, _cuts.Length));
        selected.Cuts(cuts);
        _boardPainter.Draw(layout, _board, cuts, CutShade, _fruit);
        EndPass(RenderPass.Board, ref pass);
        if (game.ShowTestFruit)
        {
            _fruit.DrawTest(layout, game);
        }

        _fruit.DrawFlying(layout, game);
        EndPass(RenderPass.Fruit, ref pass);
        _blades.Draw(layout, cuts, Math.Max(10f, layout.Board.Width / 36f));
        EndPass(RenderPass.Blades, ref pass);
        _text.Draw(layout, game);
        EndPass(RenderPass.Text, ref pass);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _quads.Dispose();
        _text.Dispose();
        _fruit.Dispose();
        _boardPainter.Dispose();
        _blades.Dispose();
        _board.Dispose();
        foreach (var backdrop in _backdrops.Values)
        {
            backdrop.Dispose();
        }
        _scene?.Dispose();
        foreach (var texture in _thumbnails)
        {
            texture.Dispose();
        }
    }

    // The table, the board's shadow and wooden frame, the agents' cards and empty bars never
    // change, yet their shaders cost milliseconds a frame on a software renderer: they are
    // drawn once into a texture. The scene is that backdrop with each card's contents
    // (thumbnail, frames, bar) drawn over it as they last were; it is copied under every
    // frame, which also covers every pixel (no clear needed).
    private void EnsureScene(ScreenLayout layout)
    {
        if (_scene is not null)
        {
            return;
        }

        _backdrop = Backdrop(layout);
        _scene = new RenderTarget(_gl, layout.Width, layout.Height);
        _backdrop.CopyTo(_scene.Framebuffer);
        Array.Fill(_cards, CardState.Unknown);
    }

    /// <summary>
    /// Draws the backdrop of <paramref name="layout"/> now, if it is not drawn yet, so that a
    /// later switch to that layout (the overlay opening: the game moves aside for its dock)
    /// does not pay for its full-screen shading in that frame. Leaves the bound framebuffer
    /// and viewport as they were.
    /// </summary>
    public void Prepare(ScreenLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _gl.GetInteger(GetPName.DrawFramebufferBinding, out int target);
        Backdrop(layout);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, (uint)target);
        _gl.Viewport(0, 0, (uint)layout.Width, (uint)layout.Height);
    }

    // The backdrop of a layout, from the cache of the last few (the game's own and the one with
    // the overlay's dock), else drawn now. A window dragged to many sizes keeps only the newest.
    private RenderTarget Backdrop(ScreenLayout layout)
    {
        var key = (layout.Width, layout.Height, layout.DockWidth);
        if (_backdrops.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_backdrops.Count >= MaxBackdrops)
        {
            foreach (var old in _backdrops.Values)
            {
                old.Dispose();
            }

            _backdrops.Clear();
        }

        var backdrop = new RenderTarget(_gl, layout.Width, layout.Height);
        backdrop.Bind();
        _gl.ClearColor(0f, 0f, 0f, 1f);
        _gl.Clear(ClearBufferMask.ColorBufferBit);
        _quads.Background(layout, layout.Board);
        _quads.Solid(layout, layout.Board.Inflate(22f), (0f, 0f, 0f, 0.35f), 30f);
        _quads.Solid(layout, layout.Board.Inflate(16f), Frame, 22f);
        for (var i = 0; i < layout.Thumbnails.Count; i++)
        {
            var bar = layout.AccuracyBar(i);
            _quads.Solid(layout, layout.Card(i), Panel, 8f);
            _quads.Solid(layout, bar, BarBack, bar.Height / 2);
        }

        _backdrops[key] = backdrop;
        return backdrop;
    }

    // Redraws into the scene the cards whose contents changed since they were drawn there:
    // a thumbnail re-evaluated, the selection moved, a solve, a new accuracy. Each frame then
    // pays for none of the thumbnails' shading, only for the copy of the scene.
    private void UpdateCards(ScreenLayout layout, FruitGame game, uint target)
    {
        var redrawn = false;
        for (var i = 0; i < game.Agents.Count && i < _cards.Length; i++)
        {
            var agent = game.Agents[i];
            var fill = (float)Math.Clamp(agent.TestAccuracy, 0, 1);
            var state = new CardState(_thumbnails[i].Version, i == game.Selected, agent.SolvedAtFrame is not null, fill, agent.TestAccuracy >= FruitGame.Goal);
            if (state == _cards[i])
            {
                continue;
            }

            if (state with { Thumbnail = _cards[i].Thumbnail } == _cards[i])
            {
                // Only the boundary moved (most frames while the agents learn): the field is
                // opaque and covers its rectangle, so it is simply drawn over the old one.
                _scene!.Bind();
                _quads.Field(layout, layout.Thumbnails[i], _thumbnails[i]);
                _cards[i] = state;
                redrawn = true;
                continue;
            }

            // Back to the empty card first (the selection frame is larger than the gold one),
            // then its contents, kept by the scissor from touching anything around the card.
            var (x, y, width, height) = CardArea(layout, i);
            _backdrop!.CopyRegionTo(_scene!.Framebuffer, x, y, width, height);
            _gl.Viewport(0, 0, (uint)layout.Width, (uint)layout.Height);
            _gl.Enable(EnableCap.ScissorTest);
            _gl.Scissor(x, y, (uint)width, (uint)height);
            DrawCard(layout, i, state);
            _gl.Disable(EnableCap.ScissorTest);
            _cards[i] = state;
            CardRedraws++;
            redrawn = true;
        }

        if (redrawn)
        {
            _gl.BindFramebuffer(FramebufferTarget.Framebuffer, target);
            _gl.Viewport(0, 0, (uint)layout.Width, (uint)layout.Height);
        }
    }

    // The whole pixels (GL's bottom-up rows) a card's contents can touch: the selection frame
    // around the thumbnail, the accuracy bar and the goal mark that overhangs it.
    private static (int X, int Y, int Width, int Height) CardArea(ScreenLayout layout, int agent)
    {
        var (rect, bar) = (layout.Thumbnails[agent], layout.AccuracyBar(agent));
        var goal = bar.X + (bar.Width * (float)FruitGame.Goal);
        var left = (int)MathF.Floor(MathF.Min(rect.X - 4f, goal - 1f));
        var right = (int)MathF.Ceiling(MathF.Max(MathF.Max(rect.X + rect.Width + 4f, bar.X + bar.Width), goal + 1f));
        var top = (int)MathF.Floor(rect.Y - 4f);
        var bottom = (int)MathF.Ceiling(MathF.Max(rect.Y + rect.Height + 4f, bar.Y + bar.Height + 2f));
        return (left, layout.Height - bottom, right - left, bottom - top);
    }

    private void DrawCard(ScreenLayout layout, int agent, CardState state)
    {
        var rect = layout.Thumbnails[agent];
        var bar = layout.AccuracyBar(agent);
        if (state.Selected)
        {
            _quads.Solid(layout, rect.Inflate(4f), Selection, 5f);
        }
        else if (state.Solved)
        {
            _quads.Solid(layout, rect.Inflate(3f), Gold, 4f);
        }

        _quads.Field(layout, rect, _thumbnails[agent]);
        if (state.Fill > 0)
        {
            _quads.Solid(layout, bar with { Width = bar.Width * state.Fill }, state.ReachedGoal ? BarFill : BarLow, bar.Height / 2);
        }

        var goal = bar.X + (bar.Width * (float)FruitGame.Goal);
        _quads.Solid(layout, new ScreenRect(goal - 1f, bar.Y - 2f, 2f, bar.Height + 4f), GoalMark, 0f);
    }

    // The gold frame flashed around the board while a solve is celebrated: a rounded
    // rectangle under the board, of which only the band around the board shows (the board
    // pass covers the rest). Drawn in four scissored strips, it shades that band alone
    // rather than the whole board's area; the pixels it leaves are the same.
    private void DrawGoldFrame(ScreenLayout layout)
    {
        var (board, frame) = (layout.Board, layout.Board.Inflate(16f));
        var (left, right) = ((int)MathF.Floor(frame.X), (int)MathF.Ceiling(frame.X + frame.Width));
        var (top, bottom) = ((int)MathF.Floor(frame.Y), (int)MathF.Ceiling(frame.Y + frame.Height));
        var (innerLeft, innerRight) = ((int)MathF.Ceiling(board.X), (int)MathF.Floor(board.X + board.Width));
        var (innerTop, innerBottom) = ((int)MathF.Ceiling(board.Y), (int)MathF.Floor(board.Y + board.Height));
        _gl.Enable(EnableCap.ScissorTest);
        Strip(left, top, right, innerTop);
        Strip(left, innerBottom, right, bottom);
        Strip(left, innerTop, innerLeft, innerBottom);
        Strip(innerRight, innerTop, right, innerBottom);
        _gl.Disable(EnableCap.ScissorTest);

        // Screen rows run top-down, GL's scissor rows bottom-up.
        void Strip(int x0, int y0, int x1, int y1)
        {
            if (x1 > x0 && y1 > y0)
            {
                _gl.Scissor(x0, layout.Height - y1, (uint)(x1 - x0), (uint)(y1 - y0));
                _quads.Solid(layout, frame, Gold, 22f);
            }
        }
    }

    private void EndPass(RenderPass which, ref long start)
    {
        if (PassMilliseconds is { } times)
        {
            _gl.Finish();
            times[(int)which] += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
        }
    }

    // What a card showed when it was last drawn into the scene.
    private readonly record struct CardState(int Thumbnail, bool Selected, bool Solved, float Fill, bool ReachedGoal)
    {
        // No card was drawn yet: matches no real state (thumbnail versions start at 0).
        public static readonly CardState Unknown = new(-1, false, false, 0f, false);
    }
}

/// <summary>The passes of a frame, in drawing order, for <see cref="FrameRenderer.PassMilliseconds"/>.</summary>
internal enum RenderPass
{
    /// <summary>The cached scene (table, board frame, agents' cards) copied under the frame.</summary>
    Background,

    /// <summary>The board's gold frame while a solve is celebrated.</summary>
    BoardFrame,

    /// <summary>The selected agent's boundary on the board, with the landed fruit's layer over it.</summary>
    Board,

    /// <summary>Landed fruit added to, erased from or redrawn into their layer, and the flying fruit with their shadows.</summary>
    Fruit,

    /// <summary>The cuts' blade slashes.</summary>
    Blades,

    /// <summary>Agents' cards (thumbnail, frames, accuracy bar) redrawn into the cached scene where they changed.</summary>
    Thumbnails,

    /// <summary>The text layer.</summary>
    Text,
}
