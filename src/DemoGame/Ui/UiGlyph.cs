namespace DemoGame.Ui;

/// <summary>
/// Where one rasterised glyph sits in the atlas and how to place it. Offsets are from the pen
/// position on the baseline to the top-left of the glyph's bitmap, in pixels (OffsetY is
/// negative: most of a glyph is above the baseline).
/// </summary>
/// <param name="Advance">How far the pen moves right after this glyph, in pixels.</param>
/// <param name="OffsetX">Left edge of the bitmap relative to the pen.</param>
/// <param name="OffsetY">Top edge of the bitmap relative to the baseline.</param>
/// <param name="Width">Bitmap width in pixels (zero for a space).</param>
/// <param name="Height">Bitmap height in pixels.</param>
/// <param name="U0">Left texture coordinate.</param>
/// <param name="V0">Top texture coordinate (the atlas is uploaded top row first).</param>
/// <param name="U1">Right texture coordinate.</param>
/// <param name="V1">Bottom texture coordinate.</param>
internal readonly record struct UiGlyph(float Advance, int OffsetX, int OffsetY, int Width, int Height, float U0, float V0, float U1, float V1);
