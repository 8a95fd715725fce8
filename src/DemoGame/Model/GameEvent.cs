using DemoGame.Model.Agents;

namespace DemoGame.Model;

/// <summary>What just happened in the game that a player should be told about.</summary>
internal enum GameEventKind
{
    /// <summary>A level started afresh (N, or the overlay's level control); <see cref="GameEvent.Flag"/>: tuned shapes and settings were kept.</summary>
    LevelStarted,

    /// <summary>The agents learn another way (M) and the level restarted; <see cref="GameEvent.Mode"/> says how.</summary>
    ModeChanged,

    /// <summary>Every agent got fresh weights (R).</summary>
    BrainsReset,

    /// <summary>Shapes and training settings went back to the defaults and the level restarted (shift-R).</summary>
    DefaultsRestored,

    /// <summary>Every fruit left the board (C).</summary>
    BoardCleared,

    /// <summary>A fresh sample of the level's fruit was laid on the board (G).</summary>
    FreshFruit,

    /// <summary>An agent's shape changed; <see cref="GameEvent.Flag"/>: its learned weights were kept.</summary>
    ShapeChanged,

    /// <summary>The brains moved to another backend; <see cref="GameEvent.Flag"/>: false when OpenCL was not usable and they stayed on the CPU.</summary>
    BackendChanged,

    /// <summary>Every brain was written to a file (F5); <see cref="GameEvent.Save"/> says where and how many.</summary>
    SaveSucceeded,

    /// <summary>A save could not be written; <see cref="GameEvent.Save"/> says why. Any earlier file is intact.</summary>
    SaveFailed,

    /// <summary>Every agent took the brain a file holds for it (F9); <see cref="GameEvent.Save"/> says from where.</summary>
    LoadSucceeded,

    /// <summary>A load could not happen and nothing changed; <see cref="GameEvent.Save"/> says why.</summary>
    LoadFailed,
}

/// <summary>
/// One thing that happened, as the game reports it: the presentation decides the words. The
/// game keeps no screen strings of its own for these.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Frame">The level's frame it happened in.</param>
/// <param name="Agent">The agent concerned (zero-based), or -1.</param>
/// <param name="Name">A name that goes with it: the level, the agent's new shape.</param>
/// <param name="Flag">A yes or no that goes with it (see each <see cref="GameEventKind"/>).</param>
/// <param name="Backend">The backend asked for, for <see cref="GameEventKind.BackendChanged"/>.</param>
/// <param name="Save">How a save or load went, for the four save and load kinds.</param>
/// <param name="Mode">How the agents learn now, for <see cref="GameEventKind.ModeChanged"/>.</param>
internal readonly record struct GameEvent(GameEventKind Kind, int Frame, int Agent = -1, string? Name = null, bool Flag = false, BrainBackend Backend = BrainBackend.Cpu, SaveOutcome? Save = null, GameMode Mode = GameMode.Supervised)
{
    /// <summary>True for a save or load that did not happen.</summary>
    public bool IsFailure => Kind is GameEventKind.SaveFailed or GameEventKind.LoadFailed;
}
