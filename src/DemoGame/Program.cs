using System.Globalization;
using DemoGame;

// Until the windowed game exists, the demo runs its smallest real piece: one brain learning
// to cut the grape triangle out of the tomatoes (seed 004), printing its progress.
var epochs = 300;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--epochs" && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var e) && e > 0)
    {
        epochs = e;
        i++;
    }
    else
    {
        Console.Error.WriteLine($"DemoGame: unknown argument '{args[i]}'. Usage: DemoGame [--epochs N]");
        return 2;
    }
}

var (train, test, network) = TriangleTraining.Run(epochs, seed: 4, Console.Out);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done: train accuracy {train:P1}, test accuracy {test:P1}"));
for (var j = 0; j < network.Spec.Layers[0].Outputs; j++)
{
    var w = network.Weights[0];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cut {j + 1}: {w[2 * j]:F2} x + {w[(2 * j) + 1]:F2} y + {network.Biases[0][j]:F2} = 0"));
}

return 0;
