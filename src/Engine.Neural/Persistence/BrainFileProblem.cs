namespace Engine.Neural.Persistence;

/// <summary>What is wrong with a brain file (the <see cref="BrainFileException.Problem"/>).</summary>
public enum BrainFileProblem
{
    /// <summary>The file does not start with the brain-file magic: not a brain file at all.</summary>
    NotABrainFile,

    /// <summary>The file's format version is one this build does not know (newer, or corrupt).</summary>
    UnsupportedVersion,

    /// <summary>The file ends before its header, its payload or one of its fields does.</summary>
    Truncated,

    /// <summary>The CRC-32 does not match: bits were flipped or the file was partly overwritten.</summary>
    ChecksumMismatch,

    /// <summary>A brain file was given where a cohort or world file was expected, or the other way round.</summary>
    WrongKind,

    /// <summary>A field holds an impossible value: an unknown enum, a non-finite weight, inconsistent tables, trailing bytes.</summary>
    Malformed,

    /// <summary>A size is beyond the format's limits (see <c>docs/save-format.md</c>); nothing is allocated for it.</summary>
    SizeLimit,

    /// <summary>The file is sound but does not fit the target: another spec, other options, a registry or entity that cannot take it.</summary>
    TargetMismatch,
}
