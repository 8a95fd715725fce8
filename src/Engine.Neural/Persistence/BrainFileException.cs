namespace Engine.Neural.Persistence;

/// <summary>
/// The one exception every brain-file load throws for a file it will not load. The target
/// (cohort, registry, world) is unchanged when it is thrown: loading checks everything first.
/// </summary>
/// <remarks>I/O failures (a missing file, a full disk) stay <see cref="IOException"/>s.</remarks>
public sealed class BrainFileException : Exception
{
    /// <summary>Creates an exception for <paramref name="problem"/>.</summary>
    public BrainFileException(BrainFileProblem problem, string message)
        : base($"Brain file: {problem}: {message}")
    {
        Problem = problem;
    }

    /// <summary>Creates an exception with no particular problem (<see cref="BrainFileProblem.Malformed"/>).</summary>
    public BrainFileException()
        : this(BrainFileProblem.Malformed, "the file is malformed.")
    {
    }

    /// <summary>Creates an exception with a message (<see cref="BrainFileProblem.Malformed"/>).</summary>
    public BrainFileException(string message)
        : this(BrainFileProblem.Malformed, message)
    {
    }

    /// <summary>Creates an exception with a message and a cause (<see cref="BrainFileProblem.Malformed"/>).</summary>
    public BrainFileException(string message, Exception innerException)
        : base($"Brain file: {BrainFileProblem.Malformed}: {message}", innerException)
    {
        Problem = BrainFileProblem.Malformed;
    }

    /// <summary>What is wrong with the file.</summary>
    public BrainFileProblem Problem { get; }
}
