using Engine.Neural.Persistence;

namespace DemoGame.Model;

/// <summary>Why a save or a load of the brains did not happen.</summary>
internal enum SaveProblem
{
    /// <summary>It happened.</summary>
    None,

    /// <summary>The file to load (or its folder) is not there.</summary>
    NotFound,

    /// <summary>The folder to save into does not exist.</summary>
    FolderMissing,

    /// <summary>The system refused to read or write the file.</summary>
    PermissionDenied,

    /// <summary>Another input or output error; <see cref="SaveOutcome.Message"/> holds the system's own words.</summary>
    IoError,

    /// <summary>The file is not a save this game can use; <see cref="SaveOutcome.FileProblem"/> says how.</summary>
    BadFile,

    /// <summary>The save holds <see cref="SaveOutcome.Count"/> brains, the game has <see cref="SaveOutcome.Expected"/> agents.</summary>
    BrainCount,

    /// <summary>The save holds no brain for <see cref="SaveOutcome.Agent"/>.</summary>
    MissingBrain,

    /// <summary><see cref="SaveOutcome.Agent"/> has another shape (<see cref="SaveOutcome.Now"/>) than it was saved with (<see cref="SaveOutcome.Saved"/>).</summary>
    ShapeChanged,

    /// <summary>The saved brains keep <see cref="SaveOutcome.Count"/> samples, this board <see cref="SaveOutcome.Expected"/>.</summary>
    SampleCapacity,

    /// <summary>This game's mode (<see cref="SaveOutcome.Mode"/>) does not save or load brains.</summary>
    WrongMode,
}

/// <summary>
/// How one save or load went, as data: the file, how many brains, and what stood in the way.
/// The presentation words it; the game keeps no screen strings for it. Made only when the
/// player saves or loads, never in a steady frame.
/// </summary>
/// <param name="Path">The file, as the settings name it.</param>
/// <param name="Problem">What stood in the way, or <see cref="SaveProblem.None"/>.</param>
internal sealed record SaveOutcome(string Path, SaveProblem Problem = SaveProblem.None)
{
    /// <summary>Brains saved or loaded; for <see cref="SaveProblem.BrainCount"/> and <see cref="SaveProblem.SampleCapacity"/> what the file holds.</summary>
    public int Count { get; init; }

    /// <summary>What the game has, where the file's <see cref="Count"/> does not match it.</summary>
    public int Expected { get; init; }

    /// <summary>The agent concerned (zero-based), or -1.</summary>
    public int Agent { get; init; } = -1;

    /// <summary>The agent's shape now, for <see cref="SaveProblem.ShapeChanged"/>.</summary>
    public string? Now { get; init; }

    /// <summary>The shape the file holds for the agent, for <see cref="SaveProblem.ShapeChanged"/>.</summary>
    public string? Saved { get; init; }

    /// <summary>The file format's own diagnosis, for <see cref="SaveProblem.BadFile"/>.</summary>
    public BrainFileProblem FileProblem { get; init; }

    /// <summary>The mode that refused, for <see cref="SaveProblem.WrongMode"/>.</summary>
    public GameMode Mode { get; init; }

    /// <summary>The exception's message behind a failure (for a log), or null.</summary>
    public string? Message { get; init; }
}
