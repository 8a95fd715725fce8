using DemoGame.Platform;
using SkiaSharp;

namespace DemoGame.Ui;

/// <summary>
/// Every glyph the UI draws, rasterised once by SkiaSharp from DejaVu Sans (regular and bold,
/// at <see cref="SmallSize"/> and <see cref="LargeSize"/> pixels) into one RGBA image, plus a
/// white block that solid rectangles sample so that shapes and text share one texture and one
/// draw call. This class is CPU only: layout and tests use its metrics without GL, and
/// <see cref="UiRenderer"/> uploads <see cref="Pixels"/> as a texture.
/// </summary>
internal sealed class GlyphAtlas
{
    /// <summary>Where the DejaVu fonts are installed (package fonts-dejavu-core).</summary>
    public const string DefaultFontDirectory = "/usr/share/fonts/truetype/dejavu";

    /// <summary>The pixel size of <see cref="Regular"/> and <see cref="Bold"/>.</summary>
    public const float SmallSize = 13f;

    /// <summary>The pixel size of <see cref="LargeRegular"/> and <see cref="LargeBold"/>.</summary>
    public const float LargeSize = 15f;

    /// <summary>
    /// The characters besides printable ASCII (32-126): units, signs, arrows and the Greek
    /// letters of learning-rate style parameter names. Ones a face lacks are left out.
    /// </summary>
    public const string ExtraCharacters = "°µ±×·–—…−→←↑↓≈≤≥∞√ΔΣαβγδεηλμσθ▲▼▶■●✓";

    private const int AtlasWidth = 512;

    // The glyph bitmaps get a one-pixel transparent border, so that the antialiased fringe
    // Skia paints just outside the reported bounds is kept and neighbours never touch.
    private const int Border = 1;

    private GlyphAtlas(byte[] pixels, int width, int height, UiFont[] fonts)
    {
        Pixels = pixels;
        Width = width;
        Height = height;
        Regular = fonts[0];
        Bold = fonts[1];
        LargeRegular = fonts[2];
        LargeBold = fonts[3];
        // The white block is the 2x2 square in the top-left corner; its centre is a texel
        // corner shared by four white texels, white under nearest and linear filtering alike.
        WhiteU = 1f / width;
        WhiteV = 1f / height;
    }

    /// <summary>DejaVu Sans, 13 px: body text.</summary>
    public UiFont Regular { get; }

    /// <summary>DejaVu Sans Bold, 13 px.</summary>
    public UiFont Bold { get; }

    /// <summary>DejaVu Sans, 15 px.</summary>
    public UiFont LargeRegular { get; }

    /// <summary>DejaVu Sans Bold, 15 px: titles.</summary>
    public UiFont LargeBold { get; }

    /// <summary>The atlas image: RGBA8, top row first, white with the glyph coverage in alpha.</summary>
    public byte[] Pixels { get; }

    /// <summary>Atlas width in pixels.</summary>
    public int Width { get; }

    /// <summary>Atlas height in pixels (a power of two).</summary>
    public int Height { get; }

    /// <summary>Horizontal texture coordinate of an opaque white texel, for solid shapes.</summary>
    public float WhiteU { get; }

    /// <summary>Vertical texture coordinate of an opaque white texel, for solid shapes.</summary>
    public float WhiteV { get; }

    /// <summary>Rasterises the atlas from the DejaVu fonts in <paramref name="fontDirectory"/>.</summary>
    /// <exception cref="PlatformException">DejaVuSans.ttf or DejaVuSans-Bold.ttf is not there.</exception>
    public static GlyphAtlas Load(string fontDirectory = DefaultFontDirectory)
    {
        using var regular = LoadTypeface(fontDirectory, "DejaVuSans.ttf");
        using var bold = LoadTypeface(fontDirectory, "DejaVuSans-Bold.ttf");
        (SKTypeface Face, float Size, bool Bold)[] faces =
        [
            (regular, SmallSize, false),
            (bold, SmallSize, true),
            (regular, LargeSize, false),
            (bold, LargeSize, true),
        ];
        var characters = Characters();
        var fonts = new UiFont[faces.Length];
        var placed = new List<(int Font, char Character, ushort GlyphId, int X, int Y, int Width, int Height, int Left, int Top)>();
        var skiaFonts = new SKFont[faces.Length];
        var ids = new ushort[1];
        var advances = new float[1];
        var bounds = new SKRect[1];
        try
        {
            // Shelf packing: glyphs left to right, a new shelf when a row is full. The first
            // shelf starts after the white block.
            var (x, y, shelf) = (4, 0, 2);
            for (var f = 0; f < faces.Length; f++)
            {
                var font = skiaFonts[f] = new SKFont(faces[f].Face, faces[f].Size)
                {
                    Edging = SKFontEdging.Antialias,
                    Subpixel = false,
                    Hinting = SKFontHinting.Normal,
                };
                var metrics = font.Metrics;
                fonts[f] = new UiFont(faces[f].Size, faces[f].Bold, (int)MathF.Ceiling(-metrics.Ascent), (int)MathF.Ceiling(metrics.Descent));
                foreach (var c in characters)
                {
                    var glyphId = font.GetGlyph(c);
                    if (glyphId == 0 && c != ' ')
                    {
                        continue;
                    }

                    ids[0] = glyphId;
                    font.GetGlyphWidths(ids, advances, bounds, null);
                    var box = bounds[0];
                    var (left, top) = ((int)MathF.Floor(box.Left) - Border, (int)MathF.Floor(box.Top) - Border);
                    var (width, height) = box.IsEmpty
                        ? (0, 0)
                        : ((int)MathF.Ceiling(box.Right) + Border - left, (int)MathF.Ceiling(box.Bottom) + Border - top);
                    if (x + width > AtlasWidth)
                    {
                        (x, y, shelf) = (0, y + shelf + 1, 0);
                    }

                    placed.Add((f, c, glyphId, x, y, width, height, left, top));
                    fonts[f].Add(c, new UiGlyph(advances[0], left, top, width, height, 0, 0, 0, 0));
                    x += width + 1;
                    shelf = Math.Max(shelf, height);
                }
            }

            var atlasHeight = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(y + shelf + 1));
            var pixels = Rasterise(skiaFonts, placed, atlasHeight);
            foreach (var p in placed)
            {
                var g = fonts[p.Font].Glyph(p.Character);
                fonts[p.Font].Add(p.Character, g with
                {
                    U0 = p.X / (float)AtlasWidth,
                    V0 = p.Y / (float)atlasHeight,
                    U1 = (p.X + p.Width) / (float)AtlasWidth,
                    V1 = (p.Y + p.Height) / (float)atlasHeight,
                });
            }

            return new GlyphAtlas(pixels, AtlasWidth, atlasHeight, fonts);
        }
        finally
        {
            foreach (var font in skiaFonts)
            {
                font?.Dispose();
            }
        }
    }

    private static string Characters()
    {
        var ascii = new char['~' - ' ' + 1];
        for (var i = 0; i < ascii.Length; i++)
        {
            ascii[i] = (char)(' ' + i);
        }

        return new string(ascii) + ExtraCharacters;
    }

    private static SKTypeface LoadTypeface(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        var typeface = File.Exists(path) ? SKTypeface.FromFile(path) : null;
        return typeface ?? throw new PlatformException($"{path} not found: install fonts-dejavu-core (scripts/setup.sh does).");
    }

    // Skia draws each glyph white into a premultiplied bitmap; only its alpha is kept, under
    // white, so the shader's vertex colour alone decides the text colour.
    private static byte[] Rasterise(SKFont[] fonts, List<(int Font, char Character, ushort GlyphId, int X, int Y, int Width, int Height, int Left, int Top)> placed, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(AtlasWidth, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.White, IsAntialias = true })
        {
            canvas.Clear(SKColors.Transparent);
            canvas.DrawRect(0, 0, 2, 2, paint);
            foreach (var p in placed)
            {
                if (p.Width > 0)
                {
                    canvas.DrawText(p.Character.ToString(), p.X - p.Left, p.Y - p.Top, SKTextAlign.Left, fonts[p.Font], paint);
                }
            }

            canvas.Flush();
        }

        var source = bitmap.GetPixelSpan();
        var pixels = new byte[source.Length];
        for (var i = 0; i < pixels.Length; i += 4)
        {
            pixels[i] = pixels[i + 1] = pixels[i + 2] = 255;
            pixels[i + 3] = source[i + 3];
        }

        return pixels;
    }
}
