using DemoGame.Model;
using DemoGame.Model.Levels;
using DemoGame.Platform;
using DemoGame.Presentation.Overlay;
using DemoGame.Presentation.Rendering;

namespace DemoGame.App;

/// <summary>
/// The controls (ConvNetJS's for fruit): click places a tomato, shift-click a grape,
/// right-click removes the nearest fruit; space pauses, S steps, R resets the brains (shift-R
/// their shapes and settings too), N goes to the next level, M switches how the agents learn
/// (from labels, from the score alone, by evolution), C clears the board, G lays fresh
/// fruit, T shows the test fruit, 1-9 select an
/// agent (so does clicking its card), F1 shows the help card, Tab or F2 the debug overlay
/// (which gets the mouse first), F5 saves every brain, F9 loads them back, F11 asks for full
/// screen, Esc quits. Every position goes through <see cref="Layout"/>, the one the frame is
/// drawn with, so a click after a resize lands where it is drawn.
/// </summary>
internal sealed class GameInput(FruitGame game, ScreenLayout layout, DebugOverlay? overlay = null) : IWindowEvents
{
    private const int KeyC = 67;
    private const int KeyG = 71;
    private const int KeyM = 77;
    private const int KeyT = 84;
    private const int KeyF11 = 300;

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
    public const string Help = "click: tomato   shift-click: grape   right-click: remove   space: pause   S: step   R: reset (shift-R: and shapes)   N: next level   M: learning (labels, score, evolution)   C: clear board   G: new fruit   T: test fruit   1-9: agent   F1: help   Tab: overlay   F5: save brains   F9: load brains   F11: full screen   Esc: quit";

    /// <summary>True once the player asked to quit.</summary>
    public bool QuitRequested { get; private set; }

    /// <summary>Whether the player wants full screen (F11 flips it); the window follows.</summary>
    public bool FullScreenWanted { get; private set; }

    /// <summary>The layout the frame is drawn with; the session replaces it on a resize.</summary>
    public ScreenLayout Layout { get; set; } = layout;

    /// <summary>What a resize reported by the window does (the session re-lays the screen out); nothing when unset.</summary>
    public Action<int, int>? OnResize { get; set; }

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
            case KeyR when shift:
                game.ResetShapesAndSettings();
                break;
            case KeyR:
                game.ResetBrains();
                break;
            case KeyC:
                game.ClearBoard();
                break;
            case KeyM:
                game.UseMode(FruitGame.NextMode(game.Settings.Mode));
                break;
            case KeyG:
                game.RegenerateFruit();
                break;
            case KeyT:
                game.ShowTestFruit = !game.ShowTestFruit;
                break;
            case KeyF11:
                FullScreenWanted = !FullScreenWanted;
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
        // The UI (the on-screen controls, and the overlay when open) sees every left press (a
        // press elsewhere closes its open list); the board gets only the ones not over a panel.
        if (overlay is not null)
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

        var screen = Layout;
        for (var i = 0; i < screen.Thumbnails.Count; i++)
        {
            if (screen.Card(i).Contains(x, y))
            {
                game.Select(i);
                return;
            }
        }

        if (!screen.Board.Contains(x, y))
        {
            return;
        }

        var (bx, by) = screen.ToBoard(x, y);
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

    /// <inheritdoc/>
    public void Resized(int width, int height) => OnResize?.Invoke(width, height);
}
