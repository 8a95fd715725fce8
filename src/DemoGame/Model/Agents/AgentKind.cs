using Engine.Neural;

namespace DemoGame.Model.Agents;

/// <summary>A brain shape the board pits against the others, with the name the player sees.</summary>
internal sealed record AgentKind(string Name, BrainSpec Spec)
{
    /// <summary>
    /// The default line-up: one to eight cuts (sigmoid hidden neurons, each a logistic
    /// regression: the fruit game's slashes), a ReLU layer, and two two-layer brains. One cut cannot
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

    /// <summary>
    /// The name a shape is shown under: "3 cuts" for one sigmoid layer (the fruit game's slashes),
    /// else the layer sizes and activation ("6 ReLU", "4-4 tanh", "4 ReLU-2 tanh" when mixed),
    /// with the output's activation when it is not the usual sigmoid.
    /// </summary>
    public static string NameOf(BrainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var hidden = spec.Hidden;
        var output = spec.Output.Activation == Activation.Sigmoid ? string.Empty : $" -> {ActivationName(spec.Output.Activation)}";
        if (hidden.Count == 0)
        {
            return "no cuts" + output;
        }

        if (hidden.Count == 1 && hidden[0].Activation == Activation.Sigmoid)
        {
            return (hidden[0].Size == 1 ? "1 cut" : $"{hidden[0].Size} cuts") + output;
        }

        var same = hidden.All(layer => layer.Activation == hidden[0].Activation);
        return same
            ? $"{string.Join('-', hidden.Select(layer => layer.Size))} {ActivationName(hidden[0].Activation)}{output}"
            : string.Join('-', hidden.Select(layer => $"{layer.Size} {ActivationName(layer.Activation)}")) + output;
    }

    /// <summary>How an activation is written in names: "ReLU", "tanh", "sigmoid"...</summary>
    public static string ActivationName(Activation activation) => activation switch
    {
        Activation.ReLU => "ReLU",
        Activation.LeakyReLU => "leaky ReLU",
        Activation.ELU => "ELU",
        _ => activation.ToString().ToLowerInvariant(),
    };

    /// <summary>Two inputs (x, y), the given hidden layers, one sigmoid output (grape?).</summary>
    public static BrainSpec Cuts(Activation hidden, params int[] sizes) =>
        new(2, [.. sizes.Select(s => new LayerSpec(s, hidden))], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
}
