namespace DemoGame.Ui;

/// <summary>
/// The mouse and keyboard as the UI sees them. The owner feeds it from window callbacks at any
/// time (<see cref="MouseMoved"/>, <see cref="MouseButton"/>, <see cref="Scrolled"/>,
/// <see cref="CharTyped"/>, <see cref="KeyPressed"/>); <see cref="UiContext.Begin"/> then
/// latches what happened since the last frame into the read-only frame state, so a press and
/// a release between two frames still count as one click.
/// </summary>
internal sealed class UiInput
{
    private float _x = float.NegativeInfinity;
    private float _y = float.NegativeInfinity;
    private bool _down;
    private bool _pressed;
    private bool _released;
    private float _scroll;
    private char _char;
    private int _key;

    /// <summary>Mouse x in framebuffer pixels, as of this frame.</summary>
    public float MouseX { get; private set; } = float.NegativeInfinity;

    /// <summary>Mouse y in framebuffer pixels, top-left origin, as of this frame.</summary>
    public float MouseY { get; private set; } = float.NegativeInfinity;

    /// <summary>Whether the left button is held this frame.</summary>
    public bool MouseDown { get; private set; }

    /// <summary>Whether the left button went down since the last frame.</summary>
    public bool MousePressed { get; private set; }

    /// <summary>Whether the left button came up since the last frame.</summary>
    public bool MouseReleased { get; private set; }

    /// <summary>Wheel notches since the last frame (positive: away from the user).</summary>
    public float Scroll { get; private set; }

    /// <summary>The last character typed since the last frame, or '\0'.</summary>
    public char TypedChar { get; private set; }

    /// <summary>The last key (GLFW key code) pressed since the last frame, or 0.</summary>
    public int Key { get; private set; }

    /// <summary>The mouse moved to (x, y), framebuffer pixels with a top-left origin.</summary>
    public void MouseMoved(float x, float y) => (_x, _y) = (x, y);

    /// <summary>The left button went down (<paramref name="down"/> true) or up.</summary>
    public void MouseButton(bool down)
    {
        if (down && !_down)
        {
            _pressed = true;
        }
        else if (!down && _down)
        {
            _released = true;
        }

        _down = down;
    }

    /// <summary>The wheel turned by <paramref name="notches"/>.</summary>
    public void Scrolled(float notches) => _scroll += notches;

    /// <summary>A character was typed.</summary>
    public void CharTyped(char c) => _char = c;

    /// <summary>A key went down (GLFW key code).</summary>
    public void KeyPressed(int key) => _key = key;

    /// <summary>
    /// Makes what was fed since the last call this frame's state and starts collecting the next
    /// frame's. <see cref="UiContext.Begin"/> calls it; the owner does not.
    /// </summary>
    internal void NextFrame()
    {
        (MouseX, MouseY, MouseDown) = (_x, _y, _down);
        (MousePressed, MouseReleased, Scroll, TypedChar, Key) = (_pressed, _released, _scroll, _char, _key);
        (_pressed, _released, _scroll, _char, _key) = (false, false, 0f, '\0', 0);
    }
}
