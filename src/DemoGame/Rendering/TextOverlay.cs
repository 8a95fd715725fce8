using System.Globalization;
using DemoGame.Play;
using Silk.NET.OpenGL;
using SkiaSharp;

namespace DemoGame.Rendering;

/// <summary>
/// The words on screen (title, agent names and accuracies, status, help), rasterised by
/// SkiaSharp from DejaVu into one screen-sized texture. Text is redrawn only when what it
/// says changes (an accuracy, the selection, pause), not every frame.
/// </summary>
internal sealed class TextOverlay : IDisposable
{
    private const string FontDirectory = "/usr/share/fonts/truetype/dejavu";

    private readonly GL _gl;
    private readonly ShaderProgram _program;
    private readonly uint _vao;
    private readonly uint _texture;
    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _canvas;
    private readonly SKTypeface _regular;
    private readonly SKTypeface _bold;
    private readonly (int Viewport, int Rect, int Overlay) _uniforms;
    private readonly ScreenRect _area;
    private int _shownState;

    /// <summary>Loads the fonts and makes a transparent layer over <paramref name="area"/>, where all text goes.</summary>
    /// <exception cref="Platform.PlatformException">The DejaVu fonts are not installed.</exception>
    public TextOverlay(GL gl, ScreenRect area)
    {
        _gl = gl;
        _area = area;
        var (width, height) = ((int)area.Width, (int)area.Height);
        _regular = LoadFont("DejaVuSans.ttf");
        _bold = LoadFont("DejaVuSans-Bold.ttf");
        _bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        _canvas = new SKCanvas(_bitmap);
        _program = ShaderProgram.Load(gl, "quad.vert", "overlay.frag");
        _uniforms = (_program.Uniform("uViewport"), _program.Uniform("uRect"), _program.Uniform("uOverlay"));
        _vao = gl.GenVertexArray();
        _texture = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, _texture);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        unsafe
        {
            gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, (uint)width, (uint)height, 0, PixelFormat.Rgba, PixelType.UnsignedByte, null);
        }

        _shownState = -1;
    }

    /// <summary>The help line shown while the card is closed.</summary>
    public static readonly string[] ShortHelp = ["F1: help   Tab: tuning overlay", "F5: save brains   F9: load them"];

    /// <summary>The help card (F1).</summary>
    public static readonly string[] FullHelp =
    [
        "CONTROLS (F1 closes)",
        "click: tomato   shift-click: grape",
        "right-click: remove the nearest fruit",
        "space: pause   S: step one frame",
        "R: reset brains   N: next level",
        "1-9 or a thumbnail: pick an agent",
        "Tab / F2: tuning overlay   Esc: quit",
        "F5: save every brain   F9: load them",
    ];

    /// <summary>Times the text was rasterised (tests check it is not every frame).</summary>
    public int Redraws { get; private set; }

    /// <summary>Redraws the text if the game's numbers changed, then draws the layer.</summary>
    public void Draw(ScreenLayout layout, FruitGame game)
    {
        var state = StateOf(game);
        if (state != _shownState)
        {
            Rasterise(layout, game);
            _shownState = state;
        }

        _gl.BlendFunc(BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        _program.Use();
        _gl.Uniform2(_uniforms.Viewport, (float)layout.Width, layout.Height);
        _gl.Uniform4(_uniforms.Rect, _area.X, _area.Y, _bitmap.Width, _bitmap.Height);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, _texture);
        _gl.Uniform1(_uniforms.Overlay, 0);
        _gl.BindVertexArray(_vao);
        _gl.DrawArrays(PrimitiveType.TriangleStrip, 0, 4);
        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _canvas.Dispose();
        _bitmap.Dispose();
        _regular.Dispose();
        _bold.Dispose();
        _program.Dispose();
        _gl.DeleteTexture(_texture);
        _gl.DeleteVertexArray(_vao);
    }

    // Everything the text shows, folded into one number: level, notice, tenths of a percent of
    // accuracy, selection, pause, solves, and the fruit count in steps of ten.
    private static int StateOf(FruitGame game)
    {
        var hash = new HashCode();
        hash.Add(game.Level.Name);
        hash.Add(game.Notice);
        hash.Add(game.Selected);
        hash.Add(game.Paused);
        hash.Add(game.ShowHelp);
        hash.Add(game.Status);
        hash.Add(game.StatusIsError);
        hash.Add(game.Landed.Count / 10);
        // Indexed: foreach over IReadOnlyList would box an enumerator on every frame.
        for (var i = 0; i < game.Agents.Count; i++)
        {
            var agent = game.Agents[i];
            hash.Add((int)Math.Round(agent.TestAccuracy * 1000));
            hash.Add(agent.SolvedAtFrame);
        }

        return hash.ToHashCode();
    }

    private static SKTypeface LoadFont(string file)
    {
        var path = Path.Combine(FontDirectory, file);
        return File.Exists(path)
            ? SKTypeface.FromFile(path)
            : throw new Platform.PlatformException($"{path} not found: install fonts-dejavu-core (scripts/setup.sh does).");
    }

    private void Rasterise(ScreenLayout layout, FruitGame game)
    {
        _canvas.Clear(SKColors.Transparent);

        // Text is laid out in screen pixels; the layer covers only the text's area, because a
        // full-screen blended pass costs milliseconds on a software renderer.
        _canvas.ResetMatrix();
        _canvas.Translate(-_area.X, -_area.Y);
        using var title = new SKFont(_bold, 26);
        using var heading = new SKFont(_bold, 15);
        using var body = new SKFont(_regular, 13);
        using var small = new SKFont(_regular, 11.5f);
        using var light = new SKPaint { Color = new SKColor(236, 232, 224), IsAntialias = true };
        using var dim = new SKPaint { Color = new SKColor(150, 152, 170), IsAntialias = true };
        using var gold = new SKPaint { Color = new SKColor(250, 200, 64), IsAntialias = true };
        using var green = new SKPaint { Color = new SKColor(110, 205, 130), IsAntialias = true };

        var last = layout.Thumbnails[^1];
        var x = last.X + last.Width + 34f;
        var y = layout.Thumbnails[0].Y + 20f;
        _canvas.DrawText("FRUIT CUTS", x, y, SKTextAlign.Left, title, light);
        var noise = game.Settings.Noise > 0 ? Invariant($", {game.Settings.Noise:P0} noise") : string.Empty;
        _canvas.DrawText($"level: {game.Level.Title}{noise}", x, y + 26, SKTextAlign.Left, body, dim);
        if (game.Notice is { } notice)
        {
            _canvas.DrawText(notice, x, y + 46, SKTextAlign.Left, small, gold);
        }

        if (game.Status is { } status)
        {
            using var red = new SKPaint { Color = new SKColor(245, 110, 90), IsAntialias = true };
            DrawStatus(layout, status, game.StatusIsError ? red : green);
        }

        var selected = game.SelectedAgent;
        _canvas.DrawText($"agent {game.Selected + 1}: {selected.Kind.Name}", x, y + 70, SKTextAlign.Left, heading, light);
        _canvas.DrawText(Invariant($"test accuracy {selected.TestAccuracy:P1}"), x, y + 92, SKTextAlign.Left, body, selected.TestAccuracy >= FruitGame.Goal ? green : light);
        _canvas.DrawText(selected.SolvedAtFrame is { } at ? Invariant($"sliced it at frame {at}") : "learning...", x, y + 112, SKTextAlign.Left, body, selected.SolvedAtFrame is null ? dim : gold);
        _canvas.DrawText(Invariant($"{game.Landed.Count} fruit on the board"), x, y + 142, SKTextAlign.Left, body, dim);
        _canvas.DrawText($"{selected.CutCount} blades: first-layer neurons", x, y + 160, SKTextAlign.Left, body, dim);
        if (game.Paused)
        {
            _canvas.DrawText("PAUSED", x, y + 196, SKTextAlign.Left, heading, gold);
        }

        // The short line always; the whole card on F1.
        string[] help = game.ShowHelp ? FullHelp : ShortHelp;
        var helpTop = layout.Board.Y + layout.Board.Height - ((help.Length - 1) * 18f);
        for (var i = 0; i < help.Length; i++)
        {
            _canvas.DrawText(help[i], x, helpTop + (i * 18), SKTextAlign.Left, small, i == 0 && game.ShowHelp ? light : dim);
        }

        for (var i = 0; i < game.Agents.Count; i++)
        {
            var agent = game.Agents[i];
            var bar = layout.AccuracyBar(i);
            var baseline = bar.Y + bar.Height + 14f;
            _canvas.DrawText($"{i + 1} {agent.Kind.Name}", bar.X, baseline, SKTextAlign.Left, small, i == game.Selected ? light : dim);
            _canvas.DrawText(Invariant($"{agent.TestAccuracy * 100:F1}%"), bar.X + bar.Width, baseline, SKTextAlign.Right, small, agent.SolvedAtFrame is null ? dim : green);
        }

        _canvas.Flush();
        _gl.BindTexture(TextureTarget.Texture2D, _texture);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 4);
        _gl.TexSubImage2D(TextureTarget.Texture2D, 0, 0, 0, (uint)_bitmap.Width, (uint)_bitmap.Height, PixelFormat.Rgba, PixelType.UnsignedByte, _bitmap.GetPixelSpan());
        Redraws++;
    }

    // The status line (a save or load), one line along the bottom of the text's area, under the
    // agents' cards: its font shrinks to fit a long line, and what still does not fit is cut.
    private void DrawStatus(ScreenLayout layout, string status, SKPaint paint)
    {
        var x = layout.Thumbnails[0].X - 8f;
        var room = layout.Width - x - 8f;
        using var font = new SKFont(_regular, 12.5f);
        while (font.MeasureText(status) > room && font.Size > 9f)
        {
            font.Size -= 0.5f;
        }

        var shown = status;
        while (shown.Length > 1 && font.MeasureText(shown) > room)
        {
            shown = string.Concat(status.AsSpan(0, shown.Length - 2), "\u2026");
        }

        _canvas.DrawText(shown, x, layout.Height - 12f, SKTextAlign.Left, font, paint);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
