namespace DemoGame.Ui;

/// <summary>
/// A run of quads drawn with one texture: one GL draw call. <see cref="Texture"/> 0 means the
/// glyph atlas (text and solid shapes); anything else is a GL texture id the owner gave.
/// </summary>
/// <param name="Texture">0 for the atlas, else an external GL texture name.</param>
/// <param name="FirstQuad">Index of the run's first quad in the draw list.</param>
/// <param name="QuadCount">How many quads the run has.</param>
internal readonly record struct UiDrawCommand(uint Texture, int FirstQuad, int QuadCount);
