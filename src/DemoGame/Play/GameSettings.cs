using DemoGame.Agents;

namespace DemoGame.Play;

/// <summary>How a game is set up; the defaults are what the player gets.</summary>
internal sealed record GameSettings
{
    /// <summary>Seed of the fruit, the test set and the brains: same seed, same game.</summary>
    public ulong Seed { get; init; } = 4;

    /// <summary>Fruit thrown per simulated second.</summary>
    public float FruitPerSecond { get; init; } = 90f;

    /// <summary>Fruit the board (and each agent's sample ring) holds; the oldest goes first.</summary>
    public int BoardCapacity { get; init; } = 1024;

    /// <summary>Optimiser steps each agent takes per frame.</summary>
    public int TrainStepsPerFrame { get; init; } = 6;

    /// <summary>The contestants.</summary>
    public IReadOnlyList<AgentKind> Agents { get; init; } = AgentKind.Defaults;
}
