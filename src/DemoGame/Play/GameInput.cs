using DemoGame.Levels;
using DemoGame.Platform;
using DemoGame.Rendering;

namespace DemoGame.Play;

/// <summary>
/// The controls (ConvNetJS's for fruit): click places a tomato, shift-click a grape,
/// right-click removes the nearest fruit; space pauses, S steps, R resets the brains, N goes
/// to the next level, 1-9 select an agent (so does clicking its thumbnail), Esc quits.
/// </summary>
internal sealed class GameInput(FruitGame game, ScreenLayout layout) : IWindowEvents
{
    private const int KeySpace = 32;
    private const int KeyOne = 49;
    private const int KeyNine = 57;
    private const int KeyN = 78;
    private const int KeyR = 82;
    private const int KeyS = 83;
    private const int KeyEscape = 256;
    private const int KeyF1 = 290;

    // Right-click reach, in board units: a fruit's radius is about 0.02.
    private const float RemoveReach = 0.08f;

    /// <summary>One line of help for the player.</summary>
    public const string Help = "click: tomato   shift-click: grape   right-click: remove   space: pause   S: step   R: reset   N: next level   1-9: agent   F1: help   Esc: quit";

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
            case >= KeyOne and <= KeyNine:
                game.Select(key - KeyOne);
                break;
        }
    }

    /// <inheritdoc/>
    public void MouseClicked(int button, bool shift, double x, double y)
    {
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
    }

    /// <inheritdoc/>
    public void MouseMoved(double x, double y)
    {
    }

    /// <inheritdoc/>
    public void Scrolled(double amount)
    {
    }
}
