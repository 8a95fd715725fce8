namespace Engine.Neural.Bench;

/// <summary>Every workload the program knows, in the order they run.</summary>
internal static class BenchmarkRegistry
{
    public static List<IBenchmark> All() =>
    [
        new PlaygroundBenchmark(),
        new WidthProbeBenchmark(),
        new ForwardBenchmark(),
        new TrainingBenchmark(),
        new EcsBenchmark(),
        new EcsFrameBenchmark(),
        new SoakBenchmark(),
        new RlBenchmark(),
        new OpenClBenchmark(),
        new OpenClParityCheck(),
    ];
}
