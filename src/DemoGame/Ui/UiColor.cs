namespace DemoGame.Ui;

/// <summary>
/// A straight-alpha RGBA colour, eight bits a channel, packed the way the vertex buffer holds it
/// (red in the lowest byte), so putting a colour into a vertex is one copy.
/// </summary>
internal readonly record struct UiColor
{
    /// <summary>Makes a colour from 0-255 channels.</summary>
    public UiColor(byte r, byte g, byte b, byte a = 255) => Packed = r | ((uint)g << 8) | ((uint)b << 16) | ((uint)a << 24);

    /// <summary>Opaque white: leaves a texture's own colours as they are.</summary>
    public static UiColor White => new(255, 255, 255);

    /// <summary>Fully transparent.</summary>
    public static UiColor Transparent => default;

    /// <summary>The channels packed as the vertex attribute reads them: R | G &lt;&lt; 8 | B &lt;&lt; 16 | A &lt;&lt; 24.</summary>
    public uint Packed { get; }

    /// <summary>Red, 0-255.</summary>
    public byte R => (byte)Packed;

    /// <summary>Green, 0-255.</summary>
    public byte G => (byte)(Packed >> 8);

    /// <summary>Blue, 0-255.</summary>
    public byte B => (byte)(Packed >> 16);

    /// <summary>Alpha (opacity), 0-255.</summary>
    public byte A => (byte)(Packed >> 24);

    /// <summary>Makes a colour from 0-1 channels (clamped).</summary>
    public static UiColor FromFloats(float r, float g, float b, float a = 1f) => new(ToByte(r), ToByte(g), ToByte(b), ToByte(a));

    /// <summary>This colour with its alpha multiplied by <paramref name="factor"/> (0-1).</summary>
    public UiColor WithAlpha(float factor) => new(R, G, B, ToByte(A / 255f * factor));

    /// <summary>The colour <paramref name="t"/> of the way from this one to <paramref name="other"/>.</summary>
    public UiColor Lerp(UiColor other, float t)
    {
        t = Math.Clamp(t, 0f, 1f);
        return new(Mix(R, other.R, t), Mix(G, other.G, t), Mix(B, other.B, t), Mix(A, other.A, t));
    }

    private static byte Mix(byte a, byte b, float t) => (byte)MathF.Round(a + ((b - a) * t));

    private static byte ToByte(float value) => (byte)MathF.Round(Math.Clamp(value, 0f, 1f) * 255f);
}
