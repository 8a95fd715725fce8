namespace DemoGame.Platform;

/// <summary>What a window reports to the game. Tests drive the game through the same calls.</summary>
internal interface IWindowEvents
{
    /// <summary>A key went down (GLFW key code; letters and digits are their ASCII codes).</summary>
    void KeyPressed(int key, bool shift);

    /// <summary>A mouse button went down at (x, y) in framebuffer pixels, top-left origin.</summary>
    void MouseClicked(int button, bool shift, double x, double y);
}
