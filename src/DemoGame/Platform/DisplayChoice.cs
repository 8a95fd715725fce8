namespace DemoGame.Platform;

/// <summary>Whether the demo opens a window or renders headless, and what it tells the player.</summary>
internal readonly record struct DisplayChoice(bool Headless, string? Notice)
{
    /// <summary>
    /// Decides from the command line and the <c>DISPLAY</c> variable: a window needs an X
    /// display (GLFW 3.3 has no headless platform), so without one the demo says so in one
    /// line and renders headless instead of failing.
    /// </summary>
    public static DisplayChoice Decide(bool headlessRequested, string? display)
    {
        if (headlessRequested)
        {
            return new DisplayChoice(true, null);
        }

        return string.IsNullOrWhiteSpace(display)
            ? new DisplayChoice(true, "DemoGame: no display (DISPLAY is not set), running headless; pass --headless to skip this notice.")
            : new DisplayChoice(false, null);
    }
}
