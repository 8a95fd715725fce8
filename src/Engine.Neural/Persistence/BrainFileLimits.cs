namespace Engine.Neural.Persistence;

/// <summary>
/// The sizes a brain file may declare. A loader checks every size against these and against the
/// bytes that actually remain before it allocates anything, so a tiny corrupt file can never
/// ask for gigabytes. Documented in <c>docs/save-format.md</c>.
/// </summary>
public static class BrainFileLimits
{
    /// <summary>Most inputs or neurons of one layer.</summary>
    public const int MaxLayerWidth = 1 << 20;

    /// <summary>Most dense layers of one brain.</summary>
    public const int MaxLayers = 256;

    /// <summary>Most weights and biases of one brain.</summary>
    public const long MaxParameters = 1L << 26;

    /// <summary>Most agents a cohort may start with (<see cref="CohortOptions.InitialCapacity"/>) or hold.</summary>
    public const int MaxAgents = 1 << 22;

    /// <summary>Most samples one agent's ring may hold (<see cref="CohortOptions.SampleCapacity"/>).</summary>
    public const int MaxSampleCapacity = 1 << 20;

    /// <summary>Most cohorts in one world file.</summary>
    public const int MaxCohorts = 1 << 16;

    /// <summary>
    /// Most bytes a brain, cohort or world file may have: the most one .NET array holds
    /// (<see cref="Array.MaxLength"/>), as a file is checked whole in memory. A longer file, or a
    /// header declaring one, is refused before its payload is read.
    /// </summary>
    public const long MaxFileBytes = 0x7FFFFFC7;

    /// <summary>
    /// Most bytes the cohort a file describes may occupy in memory (parameters, optimiser state,
    /// empty sample rings, rows): 1 GiB. Rings are stored sparsely, so this is the one size a
    /// file can claim without paying for it in bytes; it is capped outright.
    /// </summary>
    public const long MaxCohortBytes = 1L << 30;
}
