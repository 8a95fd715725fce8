using DemoGame.Model.Agents;
using DemoGame.Model.Levels;

namespace DemoGame.Model;

/// <summary>How a game is set up; the defaults are what the player gets.</summary>
internal sealed record GameSettings
{
    /// <summary>Seed of the fruit, the test set and the brains: same seed, same game.</summary>
    public ulong Seed { get; init; } = 4;

    /// <summary>How the agents learn: from labels, from the score, or by evolution.</summary>
    public GameMode Mode { get; init; }

    /// <summary>How agents learn from the score in <see cref="GameMode.Scored"/>.</summary>
    public ScoreSettings Scoring { get; init; } = new();

    /// <summary>How the evolved mode's population evolves.</summary>
    public EvolutionSettings Evolution { get; init; } = new();

    /// <summary>The level the game starts on.</summary>
    public Level Level { get; init; } = LevelCatalog.Default;

    /// <summary>
    /// Label noise, 0 to 0.5: each thrown fruit's kind is flipped with this probability (the
    /// Playground's noise). The test set stays clean. Fruit placed by hand is never flipped.
    /// </summary>
    public double Noise { get; init; }

    /// <summary>Fruit thrown per simulated second.</summary>
    public float FruitPerSecond { get; init; } = 90f;

    /// <summary>Fruit the board (and each agent's sample ring) holds; the oldest goes first.</summary>
    public int BoardCapacity { get; init; } = 1024;

    /// <summary>Optimiser steps each agent takes per frame.</summary>
    public int TrainStepsPerFrame { get; init; } = 6;

    /// <summary>Held-out fruit the agents are measured on (never trained on, never noisy).</summary>
    public int TestFruit { get; init; } = 400;

    /// <summary>
    /// The share of the level's fruit the agents learn from: the board's capacity over it and
    /// the test fruit together (the Playground's "ratio of training to test data").
    /// </summary>
    public double TrainShare => (double)BoardCapacity / (BoardCapacity + TestFruit);

    /// <summary>Smallest training share the game offers.</summary>
    public const double MinTrainShare = 0.1;

    /// <summary>Largest training share the game offers.</summary>
    public const double MaxTrainShare = 0.9;

    /// <summary>Test fruit that make <paramref name="share"/> the training share of a board of <paramref name="capacity"/>.</summary>
    public static int TestCountFor(int capacity, double share) => Math.Max(1, (int)Math.Round(capacity * (1 - share) / share));

    /// <summary>The contestants.</summary>
    public IReadOnlyList<AgentKind> Agents { get; init; } = AgentKind.Defaults;

    /// <summary>The file F5 saves every agent's brain to and F9 loads them from (relative: to the current directory).</summary>
    public string SaveFile { get; init; } = DefaultSaveFile;

    /// <summary>The save file's name in the user's data folder.</summary>
    public const string SaveFileName = "demogame.brains";

    /// <summary>The game's folder under the user's data folder.</summary>
    public const string AppFolder = "fruit-cuts";

    /// <summary>
    /// The save file when none is given: <c>fruit-cuts/demogame.brains</c> in the user's data
    /// folder (<c>$XDG_DATA_HOME</c>, else <c>~/.local/share</c>), not the current directory,
    /// which may be a source tree.
    /// </summary>
    public static string DefaultSaveFile => SaveFileIn(Environment.GetEnvironmentVariable("XDG_DATA_HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>Where the save file goes for a given <c>XDG_DATA_HOME</c> (null or relative: unset, as the XDG spec says) and home folder.</summary>
    public static string SaveFileIn(string? dataHome, string home)
    {
        var root = !string.IsNullOrEmpty(dataHome) && Path.IsPathRooted(dataHome) ? dataHome : Path.Combine(home, ".local", "share");
        return Path.Combine(root, AppFolder, SaveFileName);
    }
}
