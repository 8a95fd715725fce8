namespace DemoGame.Model;

/// <summary>What just happened in the game that a player should be told about.</summary>
internal enum GameEventKind
{
    /// <summary>A level started afresh (N, or the overlay's level control); <see cref="GameEvent.Flag"/>: tuned shapes and settings were kept.</summary>
    LevelStarted,

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
}

/// <summary>
/// One thing that happened, as the game reports it: the presentation decides the words. The
/// game keeps no screen strings of its own for these.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Frame">The level's frame it happened in.</param>
/// <param name="Agent">The agent concerned (zero-based), or -1.</param>
/// <param name="Name">A name that goes with it: the level, the agent's new shape, the backend.</param>
/// <param name="Flag">A yes or no that goes with it (see each <see cref="GameEventKind"/>).</param>
internal readonly record struct GameEvent(GameEventKind Kind, int Frame, int Agent = -1, string? Name = null, bool Flag = false);
