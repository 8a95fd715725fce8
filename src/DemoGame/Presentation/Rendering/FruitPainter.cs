using DemoGame.Model;
using DemoGame.Platform;
using Silk.NET.OpenGL;

namespace DemoGame.Presentation.Rendering;

/// <summary>
/// Draws every fruit (landed and flying) as instanced sprites. The shaded fruit (sphere, gloss,
/// calyx, bloom, shadow) is painted once by the fruit shader into a small atlas at the board's
/// fruit size; each frame then costs one texture read per pixel instead of that shading, which
/// with thousands of fruit on a software renderer is the difference between 100 ms and a few.
/// Landed fruit go one step further: they lie still, so they are drawn once into a layer of
/// their own (the board pass lays it over the board); only fruit that landed since the last
/// frame are added to it. A fruit that left the board (on a full board the oldest leaves with
/// every landing) is erased where it lay: its square is cleared and the fruit still there that
/// overlap it are drawn again, in their order, under a scissor; the pixels come out as a
/// redraw of the whole layer would make them, at the cost of a few sprites. The layer is
/// redrawn whole only when many fruit left at once (a new level).
/// </summary>
internal sealed class FruitPainter : IDisposable
{
    private const int FloatsPerFruit = 5;

    private readonly GL _gl;
    private readonly ShaderProgram _program;
    private readonly uint _vao;
    private readonly uint _instances;
    private const int AtlasCells = 5;

    // More fruit gone at once than this, and the layer is redrawn rather than erased from.
    private const int MaxErasures = 16;

    private readonly ShaderProgram _sprites;
    private readonly (int Viewport, int Board, int Shadow) _uniforms;
    private readonly (int Viewport, int Board, int Mode, int Cell, int Origin, int Atlas) _spriteUniforms;
    private RenderTarget? _atlas;
    private float _atlasRadius;
    private (int Cell, float Origin) _atlasGeometry;
    private float[] _staging = new float[1024 * FloatsPerFruit];
    private int _capacity;
    private RenderTarget? _landed;

    // The fruit the landed layer shows, in drawing order; -1 when the layer must be redrawn.
    private LandedFruit[] _drawn = new LandedFruit[1024];
    private int _drawnCount = -1;

    // The fruit the layer shows that are no longer on the board, found by Match.
    private readonly LandedFruit[] _gone = new LandedFruit[MaxErasures];

    /// <summary>Loads the shader and sets up the instance buffer.</summary>
    public FruitPainter(GL gl)
    {
        _gl = gl;
        _program = ShaderProgram.Load(gl, "fruit.vert", "fruit.frag");
        _uniforms = (_program.Uniform("uViewport"), _program.Uniform("uBoardRect"), _program.Uniform("uShadow"));
        _sprites = ShaderProgram.Load(gl, "fruit_sprite.vert", "fruit_sprite.frag");
        _spriteUniforms = (_sprites.Uniform("uViewport"), _sprites.Uniform("uBoardRect"), _sprites.Uniform("uMode"), _sprites.Uniform("uCell"), _sprites.Uniform("uOrigin"), _sprites.Uniform("uAtlas"));
        _vao = gl.GenVertexArray();
        _instances = gl.GenBuffer();
        gl.BindVertexArray(_vao);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _instances);
        unsafe
        {
            gl.VertexAttribPointer(0, 4, VertexAttribPointerType.Float, false, FloatsPerFruit * sizeof(float), (void*)0);
            gl.VertexAttribPointer(1, 1, VertexAttribPointerType.Float, false, FloatsPerFruit * sizeof(float), (void*)(4 * sizeof(float)));
        }

        gl.EnableVertexAttribArray(0);
        gl.EnableVertexAttribArray(1);
        gl.VertexAttribDivisor(0, 1);
        gl.VertexAttribDivisor(1, 1);
    }

    /// <summary>
    /// The landed fruit, premultiplied, 1:1 with the screen over <see cref="LandedArea"/> (the
    /// board and the margin a fruit on its edge overhangs); valid after <see cref="UpdateLanded"/>.
    /// </summary>
    public RenderTarget LandedLayer => _landed ?? throw new InvalidOperationException("UpdateLanded first.");

    /// <summary>Where <see cref="LandedLayer"/> lies on screen, in whole pixels (top-left origin).</summary>
    public ScreenRect LandedArea { get; private set; }

    /// <summary>Times the landed layer was redrawn from scratch (not just added to), for tests.</summary>
    public int LandedRedraws { get; private set; }

    /// <summary>Fruit erased from the landed layer where they lay (not by a redraw), for tests.</summary>
    public int LandedErasures { get; private set; }

    /// <summary>Forgets the landed layer (the board moved): the next update makes it again at the board's new place and size.</summary>
    public void Invalidate()
    {
        _landed?.Dispose();
        _landed = null;
        _atlas?.Dispose();
        _atlas = null;
    }

    /// <summary>
    /// Brings the landed layer up to date with the game: fruit that left the board (the oldest
    /// dropped, one removed by hand) are erased from it and fruit that landed since are drawn
    /// onto it; when many left at once (a new level) it is redrawn. Restores the bound
    /// framebuffer and a viewport over the screen.
    /// </summary>
    public void UpdateLanded(ScreenLayout layout, FruitGame game)
    {
        var radius = layout.Board.Width / 95f;
        _gl.GetInteger(GetPName.DrawFramebufferBinding, out int target);
        if (PaintAtlas(layout, radius) || _landed is null)
        {
            CreateLandedLayer(layout);
        }

        var landed = game.Landed;
        var from = Match(landed, out var gone);
        if (from == landed.Count && gone == 0)
        {
            return;
        }

        var area = LandedArea;
        _landed!.BindAsPartOf((int)area.X, layout.Height - (int)(area.Y + area.Height), layout.Width, layout.Height);
        if (from < 0)
        {
            _gl.ClearColor(0f, 0f, 0f, 0f);
            _gl.Clear(ClearBufferMask.ColorBufferBit);
            LandedRedraws++;
            (from, gone) = (0, 0);
        }

        if (_drawn.Length < landed.Count)
        {
            Array.Resize(ref _drawn, landed.Count * 2);
        }

        // The atlas is premultiplied (it was painted by blending onto transparency), and so is
        // the layer: "over" for colour and coverage alike.
        _gl.BlendFunc(BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        _gl.ClearColor(0f, 0f, 0f, 0f);
        for (var g = 0; g < gone; g++)
        {
            Erase(layout, landed, from, _gone[g], radius);
        }

        // Indexed loops: foreach over the read-only list interfaces would box an enumerator every frame.
        // After an erasure the fruit the layer shows have moved down the list: all are noted again.
        for (var i = gone > 0 ? 0 : from; i < from; i++)
        {
            _drawn[i] = landed[i];
        }

        EnsureStaging(landed.Count - from);
        var n = 0;
        for (var i = from; i < landed.Count; i++)
        {
            var fruit = landed[i];
            _drawn[i] = fruit;
            Write(ref n, fruit.X, fruit.Y, radius, (float)fruit.Kind, 0f);
        }

        _drawnCount = landed.Count;
        if (n > 0)
        {
            Upload(n);
            UseSprites(layout);
            _gl.Uniform1(_spriteUniforms.Mode, 0);
            _gl.DrawArraysInstanced(PrimitiveType.TriangleStrip, 0, 4, (uint)n);
        }

        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, (uint)target);
        _gl.Viewport(0, 0, (uint)layout.Width, (uint)layout.Height);
    }

    /// <summary>Draws the held-out test fruit on the board, smaller than the board's own and without shadows.</summary>
    public void DrawTest(ScreenLayout layout, FruitGame game)
    {
        var test = game.TestSet;
        if (test.Count == 0)
        {
            return;
        }

        var radius = layout.Board.Width / 95f;
        EnsureStaging(test.Count);
        var n = 0;
        for (var i = 0; i < test.Count; i++)
        {
            var fruit = test[i];

            // A negative lift shrinks the sprite: 0.7 of a fruit's size.
            Write(ref n, (float)fruit.X, (float)fruit.Y, radius, (float)fruit.Kind, -0.5f);
        }

        Upload(n);
        UseSprites(layout);
        _gl.BlendFunc(BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        _gl.Uniform1(_spriteUniforms.Mode, 2);
        _gl.DrawArraysInstanced(PrimitiveType.TriangleStrip, 0, 4, (uint)n);
        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
    }

    /// <summary>Draws the fruit in the air, each over its shadow, on the board of <paramref name="layout"/>.</summary>
    public void DrawFlying(ScreenLayout layout, FruitGame game)
    {
        var flying = game.Flying;
        if (flying.Count == 0)
        {
            return;
        }

        var radius = layout.Board.Width / 95f;
        EnsureStaging(flying.Count);
        var n = 0;
        for (var i = 0; i < flying.Count; i++)
        {
            var fruit = flying[i];
            var (x, y) = fruit.Position();
            Write(ref n, x, y, radius, (float)fruit.Kind, MathF.Sin(MathF.PI * fruit.Progress));
        }

        Upload(n);
        UseSprites(layout);
        _gl.BlendFunc(BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);

        // Flying fruit throw their shadows apart from themselves, further the higher they fly.
        _gl.Uniform1(_spriteUniforms.Mode, 1);
        _gl.DrawArraysInstanced(PrimitiveType.TriangleStrip, 0, 4, (uint)n);
        _gl.Uniform1(_spriteUniforms.Mode, 2);
        _gl.DrawArraysInstanced(PrimitiveType.TriangleStrip, 0, 4, (uint)n);
        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _atlas?.Dispose();
        _landed?.Dispose();
        _sprites.Dispose();
        _program.Dispose();
        _gl.DeleteBuffer(_instances);
        _gl.DeleteVertexArray(_vao);
    }

    // Paints the atlas at the board's fruit radius, 1:1 with the screen, when that radius is
    // new (true then): cells tomato + shadow, grape + shadow, tomato, grape, shadow alone.
    private bool PaintAtlas(ScreenLayout layout, float radius)
    {
        if (_atlas is not null && _atlasRadius == radius)
        {
            return false;
        }

        // A fruit's quad reaches radius + 1.5 from its centre; its shadow lies (3, 4) further.
        var half = radius + 1.5f;
        var origin = 1f + half;
        var cell = (int)MathF.Ceiling((2f * half) + 6f);
        _atlas?.Dispose();
        _gl.GetInteger(GetPName.DrawFramebufferBinding, out int target);
        _atlas = new RenderTarget(_gl, cell * AtlasCells, cell);
        _atlasRadius = radius;
        _atlasGeometry = (cell, origin);
        _atlas.Bind();
        _gl.ClearColor(0f, 0f, 0f, 0f);
        _gl.Clear(ClearBufferMask.ColorBufferBit);
        _gl.BlendFuncSeparate(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);

        // Board coordinates of each cell's fruit centre in the atlas, as the fruit shader reads them.
        var (width, height) = ((float)(cell * AtlasCells), (float)cell);
        float X(float pixel) => (pixel / width * 2f) - 1f;
        float Y(float pixel) => 1f - (pixel / height * 2f);
        var n = 0;
        for (var kind = 0; kind < 4; kind++)
        {
            Write(ref n, X((kind * cell) + origin), Y(origin), radius, kind % 2, 0f);
        }

        Write(ref n, X((4 * cell) + origin - 3f), Y(origin - 4f), radius, 0f, 0f);
        Upload(n);
        _program.Use();
        _gl.Uniform2(_uniforms.Viewport, width, height);
        _gl.Uniform4(_uniforms.Board, 0f, 0f, width, height);
        _gl.Uniform1(_uniforms.Shadow, 1);
        _gl.DrawArraysInstancedBaseInstance(PrimitiveType.TriangleStrip, 0, 4, 2, 0);
        _gl.DrawArraysInstancedBaseInstance(PrimitiveType.TriangleStrip, 0, 4, 1, 4);
        _gl.Uniform1(_uniforms.Shadow, 0);
        _gl.DrawArraysInstancedBaseInstance(PrimitiveType.TriangleStrip, 0, 4, 4, 0);
        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, (uint)target);
        _gl.Viewport(0, 0, (uint)layout.Width, (uint)layout.Height);
        return true;
    }

    // The layer covers the board and, around it, a cell of the atlas: the most a fruit on the
    // board's edge (with its shadow) reaches past it. A new layer starts empty and is filled
    // by the next update.
    private void CreateLandedLayer(ScreenLayout layout)
    {
        var (board, margin) = (layout.Board, _atlasGeometry.Cell);
        var left = Math.Max(0, (int)MathF.Floor(board.X - margin));
        var top = Math.Max(0, (int)MathF.Floor(board.Y - margin));
        var right = Math.Min(layout.Width, (int)MathF.Ceiling(board.X + board.Width + margin));
        var bottom = Math.Min(layout.Height, (int)MathF.Ceiling(board.Y + board.Height + margin));
        _landed?.Dispose();
        _landed = new RenderTarget(_gl, right - left, bottom - top);
        LandedArea = new ScreenRect(left, top, right - left, bottom - top);
        _drawnCount = -1;
    }

    // How many of the landed fruit, from the oldest, the layer already shows as they are now
    // once the fruit it shows that are gone (into _gone, their number in gone) are erased; the
    // rest landed since. -1 when it must be redrawn: it is new, or too many fruit are gone.
    // The layer's fruit are walked in order, each either the next landed fruit or gone, so
    // what stays keeps its order and the landed fruit after it go on top: the picture of the
    // list. Comparing every fruit costs microseconds and needs no cooperation from the game.
    private int Match(IReadOnlyList<LandedFruit> landed, out int gone)
    {
        gone = 0;
        if (_drawnCount < 0)
        {
            return -1;
        }

        var kept = 0;
        for (var i = 0; i < _drawnCount; i++)
        {
            if (kept < landed.Count && landed[kept] == _drawn[i])
            {
                kept++;
            }
            else if (gone == MaxErasures)
            {
                gone = 0;
                return -1;
            }
            else
            {
                _gone[gone++] = _drawn[i];
            }
        }

        return kept;
    }

    // Erases fruit from the bound layer: clears the pixels its sprite can reach and draws again,
    // in order and under a scissor over them, the first kept landed fruit whose sprites reach
    // them. Every pixel there is computed as a redraw of the whole layer would compute it, and
    // no pixel outside was touched by the fruit. Sprites are uCell square, their top-left corner
    // uOrigin up and left of the fruit's centre (fruit_sprite.vert, uMode 0).
    private void Erase(ScreenLayout layout, IReadOnlyList<LandedFruit> landed, int kept, LandedFruit fruit, float radius)
    {
        var (cell, origin) = _atlasGeometry;
        var (x, y) = SpriteCorner(layout.Board, fruit, origin);

        // The sprite's pixels, a pixel wider each way than rasterisation could reach, in the screen's rows.
        var (left, top) = ((int)MathF.Floor(x) - 1, (int)MathF.Floor(y) - 1);
        var (right, bottom) = ((int)MathF.Ceiling(x + cell) + 1, (int)MathF.Ceiling(y + cell) + 1);
        var area = LandedArea;
        _gl.Enable(EnableCap.ScissorTest);
        _gl.Scissor(left - (int)area.X, (int)(area.Y + area.Height) - bottom, (uint)(right - left), (uint)(bottom - top));
        _gl.Clear(ClearBufferMask.ColorBufferBit);

        EnsureStaging(kept);
        var n = 0;
        for (var i = 0; i < kept; i++)
        {
            var other = landed[i];
            var (ox, oy) = SpriteCorner(layout.Board, other, origin);
            if (ox - 1f < right && ox + cell + 1f > left && oy - 1f < bottom && oy + cell + 1f > top)
            {
                Write(ref n, other.X, other.Y, radius, (float)other.Kind, 0f);
            }
        }

        if (n > 0)
        {
            Upload(n);
            UseSprites(layout);
            _gl.Uniform1(_spriteUniforms.Mode, 0);
            _gl.DrawArraysInstanced(PrimitiveType.TriangleStrip, 0, 4, (uint)n);
        }

        _gl.Disable(EnableCap.ScissorTest);
        LandedErasures++;
    }

    // The top-left corner of a landed fruit's sprite on screen, as fruit_sprite.vert places it.
    private static (float X, float Y) SpriteCorner(ScreenRect board, LandedFruit fruit, float origin) =>
        (board.X + (((fruit.X * 0.5f) + 0.5f) * board.Width) - origin, board.Y + ((0.5f - (fruit.Y * 0.5f)) * board.Height) - origin);

    private void EnsureStaging(int fruit)
    {
        if (_staging.Length < fruit * FloatsPerFruit)
        {
            _staging = new float[fruit * 2 * FloatsPerFruit];
        }
    }

    // Uploads the first n staged fruit, growing the instance buffer with the staging array.
    private void Upload(int n)
    {
        _gl.BindVertexArray(_vao);
        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _instances);
        if (_capacity < _staging.Length)
        {
            _capacity = _staging.Length;
            unsafe
            {
                _gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(_capacity * sizeof(float)), null, BufferUsageARB.StreamDraw);
            }
        }

        _gl.BufferSubData<float>(BufferTargetARB.ArrayBuffer, 0, _staging.AsSpan(0, n * FloatsPerFruit));
    }

    private void UseSprites(ScreenLayout layout)
    {
        _sprites.Use();
        _gl.Uniform2(_spriteUniforms.Viewport, (float)layout.Width, layout.Height);
        _gl.Uniform4(_spriteUniforms.Board, layout.Board.X, layout.Board.Y, layout.Board.Width, layout.Board.Height);
        _gl.Uniform1(_spriteUniforms.Cell, (float)_atlasGeometry.Cell);
        _gl.Uniform1(_spriteUniforms.Origin, _atlasGeometry.Origin);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, _atlas!.Texture);
        _gl.Uniform1(_spriteUniforms.Atlas, 0);
    }

    private void Write(ref int n, float x, float y, float radius, float kind, float lift)
    {
        var i = n * FloatsPerFruit;
        _staging[i] = x;
        _staging[i + 1] = y;
        _staging[i + 2] = radius;
        _staging[i + 3] = kind;
        _staging[i + 4] = lift;
        n++;
    }
}
