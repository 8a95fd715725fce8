using System.Globalization;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Platform;
using Silk.NET.OpenGL;
using SkiaSharp;

namespace DemoGame.Presentation.Rendering;

/// <summary>
/// The words on screen (title, the selected agent, notices, help, status, card labels),
/// rasterised by SkiaSharp from DejaVu into two textures: one over the info column, one over
/// the cards. Every line is measured: long lines wrap at words, and where the column is too
/// short for everything the text is set smaller, so nothing is cut or drawn off its area.
/// Text is redrawn only when what it says changes (an accuracy, the selection, pause).
/// </summary>
internal sealed class TextOverlay : IDisposable
{
    private const string FontDirectory = "/usr/share/fonts/truetype/dejavu";
    private const float MinScale = 0.55f;

    private readonly GL _gl;
    private readonly ShaderProgram _program;
    private readonly uint _vao;
    private readonly SKTypeface _regular;
    private readonly SKTypeface _bold;
    private readonly (int Viewport, int Rect, int Overlay) _uniforms;
    private Layer _info;
    private Layer _cards;
    private readonly List<TextBox> _boxes = new(64);
    private readonly List<string> _wrapped = new(8);
    private readonly CutLine[] _cuts = new CutLine[16];
    private int _shownState;

    /// <summary>Loads the fonts and makes transparent layers over <paramref name="layout"/>'s info column and cards.</summary>
    /// <exception cref="Platform.PlatformException">The DejaVu fonts are not installed.</exception>
    public TextOverlay(GL gl, ScreenLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _gl = gl;
        _regular = LoadFont("DejaVuSans.ttf");
        _bold = LoadFont("DejaVuSans-Bold.ttf");
        _program = ShaderProgram.Load(gl, "quad.vert", "overlay.frag");
        _uniforms = (_program.Uniform("uViewport"), _program.Uniform("uRect"), _program.Uniform("uOverlay"));
        _vao = gl.GenVertexArray();
        _info = new Layer(gl, Whole(layout.Info));
        _cards = new Layer(gl, layout.CardsArea);
        _shownState = -1;
    }

    /// <summary>Moves the text to <paramref name="layout"/>'s areas: new layers of their sizes, drawn afresh on the next <see cref="Draw"/>.</summary>
    public void Relayout(ScreenLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _info.Dispose();
        _cards.Dispose();
        _info = new Layer(_gl, Whole(layout.Info));
        _cards = new Layer(_gl, layout.CardsArea);
        _shownState = -1;
    }

    /// <summary>The help lines shown while the card is closed.</summary>
    public static readonly string[] ShortHelp = ["F1: help   Tab: tuning overlay", "F5: save brains   F9: load them", "F11: full screen"];

    /// <summary>The help card (F1).</summary>
    public static readonly string[] FullHelp =
    [
        "CONTROLS (F1 closes)",
        "click: tomato   shift-click: grape",
        "right-click: remove the nearest fruit",
        "space: pause   S: step one frame",
        "R: reset brains   shift-R: and shapes",
        "N: next level   C: clear the board",
        "G: fresh fruit   T: show test fruit",
        "1-9 or a card: pick an agent",
        "Tab / F2: tuning overlay   F11: full screen",
        "F5: save every brain   F9: load them",
        "Esc: quit",
    ];

    /// <summary>Times the text was rasterised (tests check it is not every frame).</summary>
    public int Redraws { get; private set; }

    /// <summary>
    /// Every line of text as last rasterised: where its glyphs' box lies on screen and the
    /// area it must stay inside (the info column, or its card). For tests.
    /// </summary>
    public IReadOnlyList<TextBox> Boxes => _boxes;

    /// <summary>Redraws the text if the game's numbers changed, then draws the layers.</summary>
    public void Draw(ScreenLayout layout, FruitGame game)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(game);
        var state = StateOf(game);
        if (state != _shownState)
        {
            Rasterise(layout, game);
            _shownState = state;
        }

        _gl.BlendFunc(BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        _program.Use();
        _gl.Uniform2(_uniforms.Viewport, (float)layout.Width, layout.Height);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.Uniform1(_uniforms.Overlay, 0);
        _gl.BindVertexArray(_vao);
        DrawLayer(_info);
        if (game.Agents.Count > 0)
        {
            DrawLayer(_cards);
        }

        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _info.Dispose();
        _cards.Dispose();
        _regular.Dispose();
        _bold.Dispose();
        _program.Dispose();
        _gl.DeleteVertexArray(_vao);
    }

    /// <summary>The blades a player sees: first-layer cuts that cross the board.</summary>
    public static int VisibleBlades(Agent agent, Span<CutLine> scratch)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var cuts = scratch[..Math.Min(agent.CutCount, scratch.Length)];
        agent.Cuts(cuts);
        var visible = 0;
        foreach (var cut in cuts)
        {
            if (cut.TryClipToBoard(out _, out _))
            {
                visible++;
            }
        }

        return visible;
    }

    private static ScreenRect Whole(ScreenRect r)
    {
        var (left, top) = (MathF.Floor(r.X), MathF.Floor(r.Y));
        return new ScreenRect(left, top, MathF.Ceiling(r.X + r.Width) - left, MathF.Ceiling(r.Y + r.Height) - top);
    }

    // Everything the text shows, folded into one number: level, notice, tenths of a percent of
    // accuracy, selection, pause, solves, blades in sight and the fruit count in steps of ten.
    private int StateOf(FruitGame game)
    {
        var hash = new HashCode();
        hash.Add(game.Level.Name);
        hash.Add(game.News);
        hash.Add(game.Selected);
        hash.Add(game.Paused);
        hash.Add(game.ShowHelp);
        hash.Add(game.Status);
        hash.Add(game.Landed.Count / 10);
        hash.Add(VisibleBlades(game.SelectedAgent, _cuts));

        // Indexed: foreach over IReadOnlyList would box an enumerator on every frame.
        for (var i = 0; i < game.Agents.Count; i++)
        {
            var agent = game.Agents[i];
            hash.Add((int)Math.Round(agent.TestAccuracy * 1000));
            hash.Add(agent.SolvedAtFrame);

            // In steps of 0.02: finer would set the text again nearly every frame.
            hash.Add(game.Settings.Mode == GameMode.Scored ? (int)Math.Round(agent.ScoreRate * 50) : 0);
        }

        // A generation a frame moves every fitness every frame: the text follows every tenth
        // generation, as accuracy is measured every tenth frame.
        hash.Add(game.Settings.Mode == GameMode.Evolved ? game.Generation / 10 : 0);

        return hash.ToHashCode();
    }

    private static SKTypeface LoadFont(string file)
    {
        var path = Path.Combine(FontDirectory, file);
        return File.Exists(path)
            ? SKTypeface.FromFile(path)
            : throw new Platform.PlatformException($"{path} not found: install fonts-dejavu-core (scripts/setup.sh does).");
    }

    private void DrawLayer(Layer layer)
    {
        _gl.Uniform4(_uniforms.Rect, layer.Area.X, layer.Area.Y, layer.Bitmap.Width, layer.Bitmap.Height);
        _gl.BindTexture(TextureTarget.Texture2D, layer.Texture);
        _gl.DrawArrays(PrimitiveType.TriangleStrip, 0, 4);
    }

    private void Rasterise(ScreenLayout layout, FruitGame game)
    {
        _boxes.Clear();

        // The column is tried at full size first, then smaller until it fits.
        // Larger screens get larger text, up to half as large again.
        var scale = Math.Clamp(layout.Height / 720f, 1f, 1.5f);
        while (!Info(layout, game, scale, draw: false) && scale > MinScale)
        {
            scale -= 0.05f;
        }

        _boxes.Clear();
        _info.Begin();
        Info(layout, game, scale, draw: true);
        _info.Upload(_gl);
        _cards.Begin();
        for (var i = 0; i < game.Agents.Count; i++)
        {
            CardLabel(layout, game, i);
        }

        _cards.Upload(_gl);
        Redraws++;
    }

    // Lays out (and, when drawing, draws) the info column at a scale of its fonts; false when
    // it does not fit the column's height.
    private bool Info(ScreenLayout layout, FruitGame game, float scale, bool draw)
    {
        var column = layout.Info;
        using var title = new SKFont(_bold, 26 * scale);
        using var heading = new SKFont(_bold, 15 * scale);
        using var body = new SKFont(_regular, 13 * scale);
        using var small = new SKFont(_regular, 11.5f * scale);
        using var light = new SKPaint { Color = new SKColor(236, 232, 224), IsAntialias = true };
        using var dim = new SKPaint { Color = new SKColor(150, 152, 170), IsAntialias = true };
        using var gold = new SKPaint { Color = new SKColor(250, 200, 64), IsAntialias = true };
        using var green = new SKPaint { Color = new SKColor(110, 205, 130), IsAntialias = true };
        using var red = new SKPaint { Color = new SKColor(245, 110, 90), IsAntialias = true };

        var c = new Column(this, column, draw);
        c.Text("FRUIT CUTS", title, light);
        var noise = game.Settings.Noise > 0 ? Invariant($", {game.Settings.Noise:P0} noise") : string.Empty;
        c.Text($"level: {game.Level.Title}{noise}", body, dim);
        if (NoticeText.Of(game.News) is { } notice)
        {
            c.Text(notice, small, gold);
        }

        c.Space(10 * scale);
        var selected = game.SelectedAgent;
        c.Text($"agent {game.Selected + 1}: {selected.Kind.Name}", heading, light);
        c.Text(Invariant($"test accuracy {selected.TestAccuracy:P1}"), body, selected.TestAccuracy >= FruitGame.Goal ? green : light);
        if (game.Settings.Mode == GameMode.Scored && selected.Supervised)
        {
            c.Text("supervised, for comparison: told every fruit's label, beside agents told only the score", body, dim);
        }
        else if (game.Settings.Mode == GameMode.Scored)
        {
            c.Text(Invariant($"scored mode: told only the score, {selected.ScoreRate:+0.00;-0.00} a decision (+1 a slashed grape, -1 a slashed tomato)"), body, dim);
        }
        else if (game.Settings.Mode == GameMode.Evolved)
        {
            var evolution = game.Evolution;
            var strategy = evolution.Strategy == EvolutionKind.Genetic ? "genetic algorithm" : "evolution strategies";
            c.Text(Invariant($"evolved: {game.Population.Count} brains, generation {game.Generation} ({strategy})"), body, dim);
            c.Text(Invariant($"fitness: the score on {evolution.FruitPerGeneration} fruit, half grapes: best {game.FitnessCurve.Best.Last:F0}, mean {game.FitnessCurve.Mean.Last:F1} of {evolution.FruitPerGeneration / 2}"), body, dim);
        }

        var progress = selected.SolvedAtFrame is { } at ? Invariant($"sliced it at frame {at}") : game.Paused ? "not there yet" : "learning...";
        c.Text(progress, body, selected.SolvedAtFrame is null ? dim : gold);
        c.Space(8 * scale);
        c.Text(Invariant($"{game.Landed.Count} fruit on the board"), body, dim);
        var blades = VisibleBlades(selected, _cuts);
        var hidden = selected.CutCount - blades;
        c.Text(hidden > 0 ? Invariant($"{blades} of {selected.CutCount} blades on the board (first-layer neurons)") : Invariant($"{blades} blades: first-layer neurons"), body, dim);
        if (game.Paused)
        {
            c.Space(6 * scale);
            c.Text("PAUSED", heading, gold);
        }

        // Help and status sit at the column's foot when there is room, else follow on.
        string[] help = game.ShowHelp ? FullHelp : ShortHelp;
        var foot = new Column(this, column, draw: false);
        for (var i = 0; i < help.Length; i++)
        {
            foot.Text(help[i], small, dim);
        }

        if (NoticeText.Of(game.Status) is { } measured)
        {
            foot.Space(6 * scale);
            foot.Text(measured, small, dim);
        }

        c.Space(10 * scale);
        c.MoveDown(column.Y + column.Height - foot.Used);
        for (var i = 0; i < help.Length; i++)
        {
            c.Text(help[i], small, i == 0 && game.ShowHelp ? light : dim);
        }

        if (game.Status is { } outcome && NoticeText.Of(outcome) is { } status)
        {
            c.Space(6 * scale);
            c.Text(status, small, outcome.IsFailure ? red : green);
        }

        return c.Fits;
    }

    // A card's two lines: its number and shape, then its accuracy, each set as large as fits.
    private void CardLabel(ScreenLayout layout, FruitGame game, int index)
    {
        var agent = game.Agents[index];
        var area = layout.CardLabel(index);
        using var light = new SKPaint { Color = new SKColor(236, 232, 224), IsAntialias = true };
        using var dim = new SKPaint { Color = new SKColor(150, 152, 170), IsAntialias = true };
        using var green = new SKPaint { Color = new SKColor(110, 205, 130), IsAntialias = true };
        var name = agent.Supervised ? $"{index + 1}: {agent.Kind.Name}, supervised" : $"{index + 1}: {agent.Kind.Name}";
        var accuracy = game.Settings.Mode switch
        {
            GameMode.Scored when agent.Supervised => Invariant($"{agent.TestAccuracy * 100:F1} %, from labels"),
            GameMode.Scored => Invariant($"{agent.TestAccuracy * 100:F1} %, score {agent.ScoreRate:+0.00;-0.00}"),
            GameMode.Evolved => Invariant($"{agent.TestAccuracy * 100:F1} %, fitness {agent.Fitness:F0}"),
            _ => Invariant($"{agent.TestAccuracy * 100:F1} %"),
        };
        Line(_cards, name, area, 0, index == game.Selected ? light : dim);
        Line(_cards, accuracy, area, 1, agent.SolvedAtFrame is null ? dim : green);
    }

    private void Line(Layer layer, string text, ScreenRect area, int line, SKPaint paint)
    {
        using var font = new SKFont(_regular, 11.5f);
        while (font.MeasureText(text) > area.Width && font.Size > 7f)
        {
            font.Size -= 0.5f;
        }

        var baseline = area.Y + (line * ScreenLayout.CardLineHeight) + 11f;
        Emit(layer, text, area.X, baseline, font, paint, area);
    }

    // Draws one line at (x, baseline) in screen pixels and records its box.
    private void Emit(Layer layer, string text, float x, float baseline, SKFont font, SKPaint paint, ScreenRect within)
    {
        var width = font.MeasureText(text);
        var metrics = font.Metrics;
        _boxes.Add(new TextBox(text, new ScreenRect(x, baseline + metrics.Ascent, width, metrics.Descent - metrics.Ascent), within));
        layer.Canvas.DrawText(text, x - layer.Area.X, baseline - layer.Area.Y, SKTextAlign.Left, font, paint);
    }

    // Greedy word wrap into _wrapped; a word wider than the width alone is split where it must be.
    private List<string> Wrap(string text, SKFont font, float width)
    {
        _wrapped.Clear();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.Length;
            if (font.MeasureText(text.AsSpan(start)) > width)
            {
                // The longest prefix ending at a space that fits, else as many characters as fit.
                var fit = start + 1;
                while (fit < text.Length && font.MeasureText(text.AsSpan(start, fit + 1 - start)) <= width)
                {
                    fit++;
                }

                var space = text.LastIndexOf(' ', fit - 1, fit - start);
                end = space > start ? space : fit;
            }

            _wrapped.Add(text[start..end].TrimEnd());
            start = end;
            while (start < text.Length && text[start] == ' ')
            {
                start++;
            }
        }

        return _wrapped;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One rasterised line: its text, its glyphs' box on screen, and the area it must stay inside.</summary>
    internal readonly record struct TextBox(string Text, ScreenRect Rect, ScreenRect Within);

    // Flows lines down a column, wrapping them at its width.
    private sealed class Column(TextOverlay owner, ScreenRect area, bool draw)
    {
        private float _y = area.Y;

        public bool Fits => _y <= area.Y + area.Height + 0.5f;

        public float Used => _y - area.Y;

        public void Space(float pixels) => _y += pixels;

        // Moves the pen down to y, never up (the foot follows the body when they would meet).
        public void MoveDown(float y) => _y = Math.Max(_y, y);

        public void Text(string text, SKFont font, SKPaint paint)
        {
            var metrics = font.Metrics;
            var lineHeight = MathF.Ceiling(metrics.Descent - metrics.Ascent + 2f);
            foreach (var line in owner.Wrap(text, font, area.Width))
            {
                var baseline = _y - metrics.Ascent;
                if (draw)
                {
                    owner.Emit(owner._info, line, area.X, baseline, font, paint, area);
                }

                _y += lineHeight;
            }
        }
    }

    // One region's bitmap, canvas and texture.
    private sealed class Layer : IDisposable
    {
        public Layer(GL gl, ScreenRect area)
        {
            Area = area;
            var (width, height) = (Math.Max(1, (int)area.Width), Math.Max(1, (int)area.Height));
            Bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
            Canvas = new SKCanvas(Bitmap);
            _gl = gl;
            Texture = gl.GenTexture();
            gl.BindTexture(TextureTarget.Texture2D, Texture);
            gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
            gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
            unsafe
            {
                gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, (uint)width, (uint)height, 0, PixelFormat.Rgba, PixelType.UnsignedByte, null);
            }
        }

        private readonly GL _gl;

        public ScreenRect Area { get; }

        public SKBitmap Bitmap { get; }

        public SKCanvas Canvas { get; }

        public uint Texture { get; }

        public void Begin() => Canvas.Clear(SKColors.Transparent);

        public void Upload(GL gl)
        {
            Canvas.Flush();
            gl.BindTexture(TextureTarget.Texture2D, Texture);
            gl.PixelStore(PixelStoreParameter.UnpackAlignment, 4);
            gl.TexSubImage2D(TextureTarget.Texture2D, 0, 0, 0, (uint)Bitmap.Width, (uint)Bitmap.Height, PixelFormat.Rgba, PixelType.UnsignedByte, Bitmap.GetPixelSpan());
        }

        public void Dispose()
        {
            Canvas.Dispose();
            Bitmap.Dispose();
            _gl.DeleteTexture(Texture);
        }
    }
}
