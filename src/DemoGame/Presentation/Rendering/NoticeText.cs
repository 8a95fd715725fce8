using DemoGame.Model;
using DemoGame.Model.Agents;
using Engine.Neural.Persistence;

namespace DemoGame.Presentation.Rendering;

/// <summary>
/// The words the screen shows for what the game reports: the notice line
/// (<see cref="FruitGame.News"/>) and the status line of saves and loads (<see cref="FruitGame.Status"/>).
/// </summary>
internal static class NoticeText
{
    /// <summary>The line for <paramref name="news"/>, or null when there is none.</summary>
    public static string? Of(GameEvent? news) => news is not { } e ? null : e.Kind switch
    {
        GameEventKind.LevelStarted when e.Flag => $"new level {e.Name}: fruit and brains reset, your shapes and settings kept",
        GameEventKind.LevelStarted => $"new level {e.Name}: fruit and brains reset",
        GameEventKind.ModeChanged => $"{ModeWords(e.Mode)}: level {e.Name} restarted",
        GameEventKind.BrainsReset => "brains reset: learning the board again",
        GameEventKind.DefaultsRestored => "default shapes and settings: level restarted",
        GameEventKind.BoardCleared => "board cleared: the brains keep what they learned",
        GameEventKind.FreshFruit => "fresh fruit on the board: the brains keep what they learned",
        GameEventKind.ShapeChanged => $"agent {e.Agent + 1}: now {e.Name}, {(e.Flag ? "learned weights kept" : "a fresh brain")}",
        GameEventKind.BackendChanged when e.Flag => $"brains now run on {BackendName(e.Backend)}",
        GameEventKind.BackendChanged => "OpenCL is not usable here: brains stay on the CPU",
        GameEventKind.SaveSucceeded or GameEventKind.SaveFailed or GameEventKind.LoadSucceeded or GameEventKind.LoadFailed when e.Save is { } save => SaveLine(e.Kind, save),
        _ => e.Kind.ToString(),
    };

    /// <summary>What a log adds to <paramref name="news"/>'s line: the file's full path, and the system's message behind a failure.</summary>
    public static string? DetailOf(GameEvent news) => news.Save is not { } save ? null
        : save.Message is { } message ? $"{FullPath(save.Path)}: {message}" : FullPath(save.Path);

    private static string ModeWords(GameMode mode) => mode switch
    {
        GameMode.Scored => "now learning from the score alone",
        GameMode.Evolved => "now evolving a population",
        _ => "now learning from labels",
    };

    private static string BackendName(BrainBackend backend) => backend == BrainBackend.Cpu ? "the CPU" : "OpenCL";

    private static string SaveLine(GameEventKind kind, SaveOutcome save)
    {
        var file = NameOf(save.Path);
        return (kind, save.Problem) switch
        {
            (_, SaveProblem.WrongMode) => $"{(kind == GameEventKind.SaveFailed ? "save" : "load")} failed: saving and loading brains works in the supervised game only; nothing changed",
            (GameEventKind.SaveSucceeded, _) => $"saved {save.Count} brains to {file}",
            (GameEventKind.LoadSucceeded, _) => $"loaded {save.Count} brains from {file}",
            (GameEventKind.SaveFailed, SaveProblem.FolderMissing) => $"save failed: cannot write {file}: its folder does not exist; any earlier save is intact",
            (GameEventKind.SaveFailed, SaveProblem.PermissionDenied) => $"save failed: cannot write {file}: permission denied; any earlier save is intact",
            (GameEventKind.SaveFailed, _) => $"save failed: cannot write {file}: {save.Message}; any earlier save is intact",
            (_, SaveProblem.NotFound) => $"load failed: {file} not found; nothing changed",
            (_, SaveProblem.BadFile) when save.FileProblem == BrainFileProblem.TargetMismatch => $"load failed: {file} does not fit the agents (TargetMismatch); nothing changed",
            (_, SaveProblem.BadFile) => $"load failed: {file} {Reason(save.FileProblem)} ({save.FileProblem}); nothing changed",
            (_, SaveProblem.PermissionDenied) => $"load failed: cannot read {file}: permission denied; nothing changed",
            (_, SaveProblem.BrainCount) => $"load failed (TargetMismatch): the save holds {save.Count} brains, the game has {save.Expected} agents; nothing changed",
            (_, SaveProblem.MissingBrain) => $"load failed (TargetMismatch): the save holds no brain for agent {save.Agent + 1}; nothing changed",
            (_, SaveProblem.ShapeChanged) => $"load failed (TargetMismatch): agent {save.Agent + 1} is {save.Now} now, saved as {save.Saved}; nothing changed",
            (_, SaveProblem.SampleCapacity) => $"load failed (TargetMismatch): the save's brains keep {save.Count} samples, this board {save.Expected}; nothing changed",
            _ => $"load failed: cannot read {file}: {save.Message}; nothing changed",
        };
    }

    private static string Reason(BrainFileProblem problem) => problem switch
    {
        BrainFileProblem.NotABrainFile => "is not a brain file",
        BrainFileProblem.UnsupportedVersion => "has a format version this game does not know",
        BrainFileProblem.Truncated => "is cut short",
        BrainFileProblem.ChecksumMismatch => "is corrupt: its checksum does not match",
        BrainFileProblem.WrongKind => "holds one brain or cohort, not a whole save",
        BrainFileProblem.SizeLimit => "claims sizes beyond the format's limits",
        _ => "is damaged",
    };

    private static string NameOf(string path) => Path.GetFileName(path) is { Length: > 0 } name ? name : path;

    private static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
            return path;
        }
    }
}
