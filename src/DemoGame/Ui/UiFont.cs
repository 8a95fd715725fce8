namespace DemoGame.Ui;

/// <summary>
/// One face at one pixel size inside a <see cref="GlyphAtlas"/>: its line metrics and its
/// glyphs, for measuring and laying out text without touching GL. Characters the atlas does not
/// hold are drawn as '?'.
/// </summary>
internal sealed class UiFont
{
    private const char FirstAscii = ' ';
    private const char LastAscii = '~';

    private readonly UiGlyph[] _ascii = new UiGlyph[LastAscii - FirstAscii + 1];
    private readonly Dictionary<char, UiGlyph> _others = [];

    internal UiFont(float size, bool bold, int ascent, int descent)
    {
        Size = size;
        IsBold = bold;
        Ascent = ascent;
        Descent = descent;
    }

    /// <summary>The pixel size the glyphs were rasterised at.</summary>
    public float Size { get; }

    /// <summary>Whether this is the bold face.</summary>
    public bool IsBold { get; }

    /// <summary>Pixels from the top of a line to the baseline.</summary>
    public int Ascent { get; }

    /// <summary>Pixels from the baseline to the bottom of a line.</summary>
    public int Descent { get; }

    /// <summary>The height of one line of text: <see cref="Ascent"/> + <see cref="Descent"/>.</summary>
    public int LineHeight => Ascent + Descent;

    /// <summary>The glyph for <paramref name="c"/>, or '?' when the atlas does not hold it.</summary>
    public UiGlyph Glyph(char c)
    {
        if (c is >= FirstAscii and <= LastAscii)
        {
            return _ascii[c - FirstAscii];
        }

        return _others.TryGetValue(c, out var glyph) ? glyph : _ascii['?' - FirstAscii];
    }

    /// <summary>Whether the atlas holds a glyph for <paramref name="c"/>.</summary>
    public bool Has(char c) => c is >= FirstAscii and <= LastAscii || _others.ContainsKey(c);

    /// <summary>The width <paramref name="text"/> takes when drawn on one line, in pixels.</summary>
    public float Measure(ReadOnlySpan<char> text)
    {
        var width = 0f;
        foreach (var c in text)
        {
            width += Glyph(c).Advance;
        }

        return width;
    }

    /// <summary>How many leading characters of <paramref name="text"/> fit in <paramref name="width"/> pixels.</summary>
    public int FittingLength(ReadOnlySpan<char> text, float width)
    {
        var used = 0f;
        for (var i = 0; i < text.Length; i++)
        {
            used += Glyph(text[i]).Advance;
            if (used > width)
            {
                return i;
            }
        }

        return text.Length;
    }

    internal void Add(char c, UiGlyph glyph)
    {
        if (c is >= FirstAscii and <= LastAscii)
        {
            _ascii[c - FirstAscii] = glyph;
        }
        else
        {
            _others[c] = glyph;
        }
    }
}
