using Engine.Neural;

namespace DemoGame.Agents;

/// <summary>A brain shape the board pits against the others, with the name the player sees.</summary>
internal sealed record AgentKind(string Name, BrainSpec Spec)
{
    /// <summary>
    /// The default line-up: one to eight cuts (sigmoid hidden neurons, each a logistic
    /// regression: seed 004's slashes), a ReLU layer, and two two-layer brains. One cut cannot
    /// cut the triangle out; three can.
    /// </summary>
    public static IReadOnlyList<AgentKind> Defaults { get; } =
    [
        new("1 cut", Cuts(Activation.Sigmoid, 1)),
        new("2 cuts", Cuts(Activation.Sigmoid, 2)),
        new("3 cuts", Cuts(Activation.Sigmoid, 3)),
        new("4 cuts", Cuts(Activation.Sigmoid, 4)),
        new("8 cuts", Cuts(Activation.Sigmoid, 8)),
        new("6 ReLU", Cuts(Activation.ReLU, 6)),
        new("4-4 tanh", Cuts(Activation.Tanh, 4, 4)),
        new("8-8 tanh", Cuts(Activation.Tanh, 8, 8)),
    ];

    /// <summary>Two inputs (x, y), the given hidden layers, one sigmoid output (grape?).</summary>
    public static BrainSpec Cuts(Activation hidden, params int[] sizes) =>
        new(2, [.. sizes.Select(s => new LayerSpec(s, hidden))], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
}
