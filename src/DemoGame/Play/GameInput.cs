using DemoGame.Levels;
using DemoGame.Overlay;
using DemoGame.Platform;
using DemoGame.Rendering;

namespace DemoGame.Play;

/// <summary>
/// The controls (ConvNetJS's for fruit): click places a tomato, shift-click a grape,
/// right-click removes the nearest fruit; space pauses, S steps, R resets the brains, N goes
/// to the next level, 1-9 select an agent (so does clicking its thumbnail), F1 shows the help
/// card, Tab or F2 the debug overlay (which gets the mouse first), F5 saves every brain, F9
/// loads them back, Esc quits.
/// </summary>
internal sealed class GameInput(FruitGame game, ScreenLayout layout, DebugOverlay? overlay = null) : IWindowEvents
{
    private const int KeySpace = 32;
    private const int KeyOne = 49;
    private const int KeyNine = 57;
    private const int KeyN = 78;
    private const int KeyR = 82;
    private const int KeyS = 83;
    private const int KeyEscape = 256;
    private const int KeyF1 = 290;

    /// <summary>GLFW's F5 key: saves every agent's brain.</summary>
    public const int KeyF5 = 294;

    /// <summary>GLFW's F9 key: loads the saved brains back.</summary>
    public const int KeyF9 = 298;

    // Right-click reach, in board units: a fruit's radius is about 0.02.
    private const float RemoveReach = 0.08f;

    /// <summary>One line of help for the player.</summary>
    public const string Help = "click: tomato   shift-click: grape   right-click: remove   space: pause   S: step   R: reset   N: next level   1-9: agent   F1: help   Tab: overlay   F5: save brains   F9: load brains   Esc: quit";

    /// <summary>True once the player asked to quit.</summary>
    public bool QuitRequested { get; private set; }

    /// <inheritdoc/>
    public void KeyPressed(int key, bool shift)
    {
        switch (key)
        {
            case KeySpace:
                game.Paused = !game.Paused;
                break;
            case KeyS:
                game.Step();
                break;
            case KeyR:
                game.ResetBrains();
                break;
            case KeyN:
                game.NextLevel();
                break;
            case KeyEscape:
                QuitRequested = true;
                break;
            case KeyF1:
                game.ShowHelp = !game.ShowHelp;
                break;
            case KeyF5:
                game.SaveBrains();
                break;
            case KeyF9:
                game.LoadBrains();
                break;
            case DebugOverlay.KeyTab or DebugOverlay.KeyF2 when overlay is not null:
                overlay.Visible = !overlay.Visible;
                break;
            case >= KeyOne and <= KeyNine:
                game.Select(key - KeyOne);
                break;
        }
    }

    /// <inheritdoc/>
    public void MouseClicked(int button, bool shift, double x, double y)
    {
        // The overlay sees every left press (a press elsewhere closes its open list); the
        // board gets only the ones not over a panel.
        if (overlay is { Visible: true })
        {
            overlay.Input.MouseMoved((float)x, (float)y);
            if (button == Glfw.MouseButtonLeft)
            {
                overlay.Input.MouseButton(down: true);
            }

            if (overlay.Claims(x, y))
            {
                return;
            }
        }

        for (var i = 0; i < layout.Thumbnails.Count; i++)
        {
            if (layout.Thumbnails[i].Contains(x, y))
            {
                game.Select(i);
                return;
            }
        }

        if (!layout.Board.Contains(x, y))
        {
            return;
        }

        var (bx, by) = layout.ToBoard(x, y);
        if (button == Glfw.MouseButtonRight)
        {
            game.RemoveNearest(bx, by, RemoveReach);
        }
        else if (button == Glfw.MouseButtonLeft)
        {
            game.Place(bx, by, shift ? FruitKind.Grape : FruitKind.Tomato);
        }
    }

    /// <inheritdoc/>
    public void MouseReleased(int button, double x, double y)
    {
        if (overlay is not null && button == Glfw.MouseButtonLeft)
        {
            overlay.Input.MouseMoved((float)x, (float)y);
            overlay.Input.MouseButton(down: false);
        }
    }

    /// <inheritdoc/>
    public void MouseMoved(double x, double y) => overlay?.Input.MouseMoved((float)x, (float)y);

    /// <inheritdoc/>
    public void Scrolled(double amount) => overlay?.Input.Scrolled((float)amount);
}
