using DemoGame.Model;

namespace DemoGame.Presentation.Rendering;

/// <summary>The words the screen shows for what the game reports (<see cref="FruitGame.News"/>).</summary>
internal static class NoticeText
{
    /// <summary>The notice line for <paramref name="news"/>, or null when there is none.</summary>
    public static string? Of(GameEvent? news) => news is not { } e ? null : e.Kind switch
    {
        GameEventKind.LevelStarted when e.Flag => $"new level {e.Name}: fruit and brains reset, your shapes and settings kept",
        GameEventKind.LevelStarted => $"new level {e.Name}: fruit and brains reset",
        GameEventKind.BrainsReset => "brains reset: learning the board again",
        GameEventKind.DefaultsRestored => "default shapes and settings: level restarted",
        GameEventKind.BoardCleared => "board cleared: the brains keep what they learned",
        GameEventKind.FreshFruit => "fresh fruit on the board: the brains keep what they learned",
        GameEventKind.ShapeChanged => $"agent {e.Agent + 1}: now {e.Name}, {(e.Flag ? "learned weights kept" : "a fresh brain")}",
        GameEventKind.BackendChanged when e.Flag => $"brains now run on {e.Name}",
        GameEventKind.BackendChanged => "OpenCL is not usable here: brains stay on the CPU",
        _ => e.Kind.ToString(),
    };
}
