namespace DemoGame.Ui;

/// <summary>A rectangle in framebuffer pixels, top-left origin (y grows downwards).</summary>
internal readonly record struct UiRect(float X, float Y, float Width, float Height)
{
    /// <summary>The right edge (X + Width).</summary>
    public float Right => X + Width;

    /// <summary>The bottom edge (Y + Height).</summary>
    public float Bottom => Y + Height;

    /// <summary>The horizontal centre.</summary>
    public float CenterX => X + (Width / 2);

    /// <summary>The vertical centre.</summary>
    public float CenterY => Y + (Height / 2);

    /// <summary>Whether (x, y) lies inside: left and top edges included, right and bottom excluded.</summary>
    public bool Contains(float x, float y) => x >= X && y >= Y && x < Right && y < Bottom;

    /// <summary>This rectangle shrunk by <paramref name="amount"/> on every side (never below zero size).</summary>
    public UiRect Shrink(float amount) => new(X + amount, Y + amount, Math.Max(0, Width - (2 * amount)), Math.Max(0, Height - (2 * amount)));
}
