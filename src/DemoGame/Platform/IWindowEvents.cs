namespace DemoGame.Platform;

/// <summary>What a window reports to the game. Tests drive the game through the same calls.</summary>
internal interface IWindowEvents
{
    /// <summary>A key went down (GLFW key code; letters and digits are their ASCII codes).</summary>
    void KeyPressed(int key, bool shift);

    /// <summary>A mouse button went down at (x, y) in framebuffer pixels, top-left origin.</summary>
    void MouseClicked(int button, bool shift, double x, double y);

    /// <summary>A mouse button came up at (x, y) (ends a drag).</summary>
    void MouseReleased(int button, double x, double y);

    /// <summary>The mouse moved to (x, y) in framebuffer pixels (hover and drags).</summary>
    void MouseMoved(double x, double y);

    /// <summary>The framebuffer became <paramref name="width"/> x <paramref name="height"/> pixels (a resize, full screen).</summary>
    void Resized(int width, int height);

    /// <summary>The wheel turned by <paramref name="amount"/> notches (positive: away from the player).</summary>
    void Scrolled(double amount);
}
