namespace Engine.Neural.Bench;

/// <summary>One workload of the benchmark program; prints its own BENCH lines.</summary>
internal interface IBenchmark
{
    /// <summary>Short name used as a filter on the command line (W1, W2, ECS...).</summary>
    string Name { get; }

    /// <summary>False for long runs (the soak) that only run when named on the command line.</summary>
    bool RunsByDefault => true;

    /// <summary>Runs the workload and its same-run baselines, printing one line per figure.</summary>
    void Run(BenchOutput output);
}
