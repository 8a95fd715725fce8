using System.Globalization;
using DemoGame.App;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(DemoOptions.Usage);
    return 0;
}

var options = DemoOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(DemoOptions.Usage);
    return 2;
}

if (!options.TrainTriangle)
{
    return DemoRunner.Run(options, Environment.GetEnvironmentVariable("DISPLAY"), Console.Out, Console.Error);
}

// The console training: one brain learning to cut the grape triangle out of the tomatoes
// (the grape triangle), printing its progress.
var (train, test, network) = TriangleTraining.Run(options.Epochs, seed: 4, Console.Out);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done: train accuracy {train:P1}, test accuracy {test:P1}"));
for (var j = 0; j < network.Spec.Layers[0].Outputs; j++)
{
    var w = network.Weights[0];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cut {j + 1}: {w[2 * j]:F2} x + {w[(2 * j) + 1]:F2} y + {network.Biases[0][j]:F2} = 0"));
}

return 0;
