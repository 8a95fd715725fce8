using DemoGame.Agents;
using DemoGame.Levels;

namespace DemoGame.Play;

/// <summary>How a game is set up; the defaults are what the player gets.</summary>
internal sealed record GameSettings
{
    /// <summary>Seed of the fruit, the test set and the brains: same seed, same game.</summary>
    public ulong Seed { get; init; } = 4;

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

    /// <summary>The contestants.</summary>
    public IReadOnlyList<AgentKind> Agents { get; init; } = AgentKind.Defaults;
}
