namespace DemoGame.Presentation.Rendering;

/// <summary>A rectangle on screen in pixels, top-left origin.</summary>
internal readonly record struct ScreenRect(float X, float Y, float Width, float Height)
{
    /// <summary>True when the pixel (x, y) lies inside.</summary>
    public bool Contains(double x, double y) => x >= X && x < X + Width && y >= Y && y < Y + Height;

    /// <summary>The same rectangle grown by <paramref name="margin"/> on every side.</summary>
    public ScreenRect Inflate(float margin) => new(X - margin, Y - margin, Width + (2 * margin), Height + (2 * margin));
}
