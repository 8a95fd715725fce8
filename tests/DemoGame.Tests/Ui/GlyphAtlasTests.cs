using DemoGame.Platform;
using DemoGame.Ui;

namespace DemoGame.Tests.Ui;

public class GlyphAtlasTests
{
    [Test]
    public void EveryPrintableAsciiCharacterAndTheExtraSymbolsHaveGlyphs()
    {
        var atlas = UiDriver.Atlas;
        foreach (var font in new[] { atlas.Regular, atlas.Bold, atlas.LargeRegular, atlas.LargeBold })
        {
            for (var c = '!'; c <= '~'; c++)
            {
                var g = font.Glyph(c);
                Assert.That(g.Width > 0 && g.Height > 0 && g.Advance > 0, Is.True, $"'{c}' at {font.Size} px");
                Assert.That(g.U1 > g.U0 && g.V1 > g.V0, Is.True, $"'{c}' has an atlas region");
            }

            foreach (var c in "°µ±×·–…")
            {
                Assert.That(font.Has(c), Is.True, $"'{c}'");
            }

            Assert.That(font.Glyph(' ').Advance, Is.GreaterThan(0), "a space moves the pen");
            Assert.That(font.Glyph('\u4e00'), Is.EqualTo(font.Glyph('?')), "unknown characters fall back to '?'");
        }

        Assert.That(atlas.LargeRegular.LineHeight, Is.GreaterThan(atlas.Regular.LineHeight));
        Assert.That(atlas.Bold.Measure("Wide words"), Is.GreaterThan(atlas.Regular.Measure("Wide words")));
    }

    [Test]
    public void MeasuringIsTheSumOfAdvancesAndGlyphsHaveInkInTheAtlas()
    {
        var atlas = UiDriver.Atlas;
        var font = atlas.Regular;
        Assert.That(font.Measure("Ab1"), Is.EqualTo(font.Glyph('A').Advance + font.Glyph('b').Advance + font.Glyph('1').Advance).Within(1e-4f));
        Assert.That(font.FittingLength("abcdef", font.Measure("abc") + 0.5f), Is.EqualTo(3));

        var m = font.Glyph('M');
        var ink = 0;
        for (var y = (int)(m.V0 * atlas.Height); y < (int)(m.V1 * atlas.Height); y++)
        {
            for (var x = (int)(m.U0 * atlas.Width); x < (int)(m.U1 * atlas.Width); x++)
            {
                ink += atlas.Pixels[(((y * atlas.Width) + x) * 4) + 3] > 128 ? 1 : 0;
            }
        }

        Assert.That(ink, Is.GreaterThan(m.Width), "'M' is drawn into its region");
        var white = ((int)(atlas.WhiteV * atlas.Height * atlas.Width) + (int)(atlas.WhiteU * atlas.Width)) * 4;
        Assert.That(atlas.Pixels[white..(white + 4)], Is.EqualTo(new byte[] { 255, 255, 255, 255 }), "the white texel for solid shapes");
    }

    [Test]
    public void AMissingFontIsAPlatformErrorNamingThePackage()
    {
        var error = Assert.Throws<PlatformException>(() => GlyphAtlas.Load("/nonexistent/fonts"));
        Assert.That(error!.Message, Does.Contain("DejaVuSans.ttf").And.Contain("fonts-dejavu-core"));
    }
}
