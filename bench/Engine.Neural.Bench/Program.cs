using Engine.Neural.Bench;

// Usage: dotnet run -c Release --project bench/Engine.Neural.Bench -- [filters]
// With no filter every workload runs but the long ones (SOAK); a filter picks workloads by
// name (case-insensitive).
var all = BenchmarkRegistry.All();
var chosen = args.Length == 0
    ? all.Where(b => b.RunsByDefault).ToList()
    : all.Where(b => args.Any(a => string.Equals(a, b.Name, StringComparison.OrdinalIgnoreCase))).ToList();

if (chosen.Count == 0)
{
    Console.Error.WriteLine($"no workload matches '{string.Join(' ', args)}'; known: {string.Join(' ', all.Select(b => b.Name))}");
    return 2;
}

var output = new BenchOutput(Console.Out);
output.Note($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
foreach (var benchmark in chosen)
{
    benchmark.Run(output);
}

return 0;
