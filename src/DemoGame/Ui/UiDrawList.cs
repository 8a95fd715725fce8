namespace DemoGame.Ui;

/// <summary>
/// The UI's geometry for one frame, on the CPU: quads (four vertices each; a triangle is a quad
/// with its last corner repeated) in drawing order, split into runs that share a texture. The
/// arrays are kept between frames and grow only when a frame needs more, so a steady frame
/// allocates nothing. <see cref="UiRenderer"/> uploads and draws it; tests read it directly.
/// </summary>
internal sealed class UiDrawList
{
    private readonly float _whiteU;
    private readonly float _whiteV;
    private UiVertex[] _vertices = new UiVertex[4096];
    private UiDrawCommand[] _commands = new UiDrawCommand[64];

    /// <summary>Makes an empty list whose solid shapes sample the white texel of <paramref name="atlas"/>.</summary>
    public UiDrawList(GlyphAtlas atlas)
    {
        ArgumentNullException.ThrowIfNull(atlas);
        _whiteU = atlas.WhiteU;
        _whiteV = atlas.WhiteV;
    }

    /// <summary>Quads added since the last <see cref="Clear"/>.</summary>
    public int QuadCount { get; private set; }

    /// <summary>Texture runs (draw calls) since the last <see cref="Clear"/>.</summary>
    public int CommandCount { get; private set; }

    /// <summary>The vertices, four a quad, <see cref="QuadCount"/> quads long.</summary>
    public ReadOnlySpan<UiVertex> Vertices => _vertices.AsSpan(0, QuadCount * 4);

    /// <summary>The texture runs in drawing order.</summary>
    public ReadOnlySpan<UiDrawCommand> Commands => _commands.AsSpan(0, CommandCount);

    /// <summary>
    /// While set (not empty), quads are kept inside this rectangle: an axis-aligned quad (a
    /// rectangle, a glyph, an image) is cut to it, texture coordinates and all; any other
    /// shape is kept only when it lies wholly inside. A scrolled panel clips its content so.
    /// </summary>
    public UiRect Clip { get; set; }

    /// <summary>Empties the list, keeping its arrays.</summary>
    public void Clear() => (QuadCount, CommandCount, Clip) = (0, 0, default);

    /// <summary>A filled rectangle.</summary>
    public void AddRect(UiRect rect, UiColor color)
    {
        if (color.A == 0 || rect.Width <= 0 || rect.Height <= 0)
        {
            return;
        }

        AddQuad(0, new(rect.X, rect.Y, _whiteU, _whiteV, color.Packed), new(rect.Right, rect.Y, _whiteU, _whiteV, color.Packed),
            new(rect.Right, rect.Bottom, _whiteU, _whiteV, color.Packed), new(rect.X, rect.Bottom, _whiteU, _whiteV, color.Packed));
    }

    /// <summary>A rectangle's outline, <paramref name="thickness"/> pixels wide, drawn inside the rectangle.</summary>
    public void AddRectOutline(UiRect rect, UiColor color, float thickness = 1f)
    {
        AddRect(new UiRect(rect.X, rect.Y, rect.Width, thickness), color);
        AddRect(new UiRect(rect.X, rect.Bottom - thickness, rect.Width, thickness), color);
        AddRect(new UiRect(rect.X, rect.Y + thickness, thickness, rect.Height - (2 * thickness)), color);
        AddRect(new UiRect(rect.Right - thickness, rect.Y + thickness, thickness, rect.Height - (2 * thickness)), color);
    }

    /// <summary>A straight line from (x0, y0) to (x1, y1), as a quad <paramref name="thickness"/> pixels wide.</summary>
    public void AddLine(float x0, float y0, float x1, float y1, float thickness, UiColor color)
    {
        var (dx, dy) = (x1 - x0, y1 - y0);
        var length = MathF.Sqrt((dx * dx) + (dy * dy));
        if (length < 1e-4f || color.A == 0)
        {
            return;
        }

        // The quad's half-width along the line's normal.
        var (nx, ny) = (-dy / length * thickness * 0.5f, dx / length * thickness * 0.5f);
        AddQuad(0, new(x0 + nx, y0 + ny, _whiteU, _whiteV, color.Packed), new(x1 + nx, y1 + ny, _whiteU, _whiteV, color.Packed),
            new(x1 - nx, y1 - ny, _whiteU, _whiteV, color.Packed), new(x0 - nx, y0 - ny, _whiteU, _whiteV, color.Packed));
    }

    /// <summary>A filled triangle (stored as a quad with a repeated corner).</summary>
    public void AddTriangle(float x0, float y0, float x1, float y1, float x2, float y2, UiColor color)
    {
        var c = new UiVertex(x2, y2, _whiteU, _whiteV, color.Packed);
        AddQuad(0, new(x0, y0, _whiteU, _whiteV, color.Packed), new(x1, y1, _whiteU, _whiteV, color.Packed), c, c);
    }

    /// <summary>
    /// One line of text with its top-left corner at (x, y); glyphs snap to whole pixels so the
    /// atlas maps 1:1. Returns the width drawn.
    /// </summary>
    public float AddText(UiFont font, float x, float y, ReadOnlySpan<char> text, UiColor color)
    {
        ArgumentNullException.ThrowIfNull(font);
        var baseline = MathF.Round(y) + font.Ascent;
        var pen = MathF.Round(x);
        foreach (var c in text)
        {
            var g = font.Glyph(c);
            if (g.Width > 0)
            {
                var (left, top) = (MathF.Round(pen) + g.OffsetX, baseline + g.OffsetY);
                var (right, bottom) = (left + g.Width, top + g.Height);
                AddQuad(0, new(left, top, g.U0, g.V0, color.Packed), new(right, top, g.U1, g.V0, color.Packed),
                    new(right, bottom, g.U1, g.V1, color.Packed), new(left, bottom, g.U0, g.V1, color.Packed));
            }

            pen += g.Advance;
        }

        return pen - MathF.Round(x);
    }

    /// <summary>
    /// An external GL texture stretched over <paramref name="rect"/>. By default the texture's
    /// first uploaded row is at the top; pass v0 = 1, v1 = 0 to flip it.
    /// </summary>
    public void AddImage(UiRect rect, uint texture, UiColor tint, float u0 = 0f, float v0 = 0f, float u1 = 1f, float v1 = 1f)
    {
        AddQuad(texture, new(rect.X, rect.Y, u0, v0, tint.Packed), new(rect.Right, rect.Y, u1, v0, tint.Packed),
            new(rect.Right, rect.Bottom, u1, v1, tint.Packed), new(rect.X, rect.Bottom, u0, v1, tint.Packed));
    }

    /// <summary>
    /// Adds a solid quad now whose rectangle is set later with <see cref="SetReservedRect"/>:
    /// a panel's background goes under its widgets, but its height is known only after them.
    /// </summary>
    public int ReserveRect()
    {
        var quad = QuadCount;
        AddQuad(0, default, default, default, default);
        return quad;
    }

    /// <summary>Sets the rectangle and colour of a quad from <see cref="ReserveRect"/>.</summary>
    public void SetReservedRect(int quad, UiRect rect, UiColor color)
    {
        var v = _vertices.AsSpan(quad * 4, 4);
        v[0] = new(rect.X, rect.Y, _whiteU, _whiteV, color.Packed);
        v[1] = new(rect.Right, rect.Y, _whiteU, _whiteV, color.Packed);
        v[2] = new(rect.Right, rect.Bottom, _whiteU, _whiteV, color.Packed);
        v[3] = new(rect.X, rect.Bottom, _whiteU, _whiteV, color.Packed);
    }

    /// <summary>Appends everything in <paramref name="other"/> after this list's geometry (it draws on top).</summary>
    public void Append(UiDrawList other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var command in other.Commands)
        {
            for (var q = 0; q < command.QuadCount; q++)
            {
                var v = other._vertices.AsSpan((command.FirstQuad + q) * 4, 4);
                AddQuad(command.Texture, v[0], v[1], v[2], v[3]);
            }
        }
    }

    /// <summary>Adds one quad (corners clockwise from top-left) drawn with <paramref name="texture"/> (0: the atlas).</summary>
    public void AddQuad(uint texture, UiVertex topLeft, UiVertex topRight, UiVertex bottomRight, UiVertex bottomLeft)
    {
        if (Clip.Width > 0 && !ClipQuad(ref topLeft, ref topRight, ref bottomRight, ref bottomLeft))
        {
            return;
        }

        if ((QuadCount + 1) * 4 > _vertices.Length)
        {
            Array.Resize(ref _vertices, _vertices.Length * 2);
        }

        if (CommandCount == 0 || _commands[CommandCount - 1].Texture != texture)
        {
            if (CommandCount == _commands.Length)
            {
                Array.Resize(ref _commands, _commands.Length * 2);
            }

            _commands[CommandCount++] = new UiDrawCommand(texture, QuadCount, 0);
        }

        var last = _commands[CommandCount - 1];
        _commands[CommandCount - 1] = last with { QuadCount = last.QuadCount + 1 };
        var at = QuadCount * 4;
        _vertices[at] = topLeft;
        _vertices[at + 1] = topRight;
        _vertices[at + 2] = bottomRight;
        _vertices[at + 3] = bottomLeft;
        QuadCount++;
    }

    // Cuts a quad to Clip; false when nothing of it is left (or a slanted shape pokes out).
    private bool ClipQuad(ref UiVertex topLeft, ref UiVertex topRight, ref UiVertex bottomRight, ref UiVertex bottomLeft)
    {
        var clip = Clip;
        var (left, top, right, bottom) = (topLeft.X, topLeft.Y, bottomRight.X, bottomRight.Y);
        var aligned = topLeft.Y == topRight.Y && topRight.X == bottomRight.X && bottomLeft.X == topLeft.X && bottomLeft.Y == bottomRight.Y;
        if (!aligned)
        {
            return Inside(topLeft) && Inside(topRight) && Inside(bottomRight) && Inside(bottomLeft);
        }

        if (left >= clip.X && right <= clip.Right && top >= clip.Y && bottom <= clip.Bottom)
        {
            return true;
        }

        var (l, t) = (Math.Max(left, clip.X), Math.Max(top, clip.Y));
        var (r, b) = (Math.Min(right, clip.Right), Math.Min(bottom, clip.Bottom));
        if (r <= l || b <= t)
        {
            return false;
        }

        // Texture coordinates follow the cut linearly across the quad.
        var (uLeft, uSpan, vTop, vSpan) = (topLeft.U, topRight.U - topLeft.U, topLeft.V, bottomLeft.V - topLeft.V);
        var (u0, u1) = (uLeft + (uSpan * ((l - left) / (right - left))), uLeft + (uSpan * ((r - left) / (right - left))));
        var (v0, v1) = (vTop + (vSpan * ((t - top) / (bottom - top))), vTop + (vSpan * ((b - top) / (bottom - top))));
        topLeft = new UiVertex(l, t, u0, v0, topLeft.Color);
        topRight = new UiVertex(r, t, u1, v0, topRight.Color);
        bottomRight = new UiVertex(r, b, u1, v1, bottomRight.Color);
        bottomLeft = new UiVertex(l, b, u0, v1, bottomLeft.Color);
        return true;

    }

    private bool Inside(UiVertex v) => v.X >= Clip.X && v.X <= Clip.Right && v.Y >= Clip.Y && v.Y <= Clip.Bottom;
}
