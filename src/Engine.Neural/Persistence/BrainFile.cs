namespace Engine.Neural.Persistence;

/// <summary>
/// Saves and loads brains: one brain, a whole <see cref="BrainCohort"/>, or brains of several
/// cohorts under keys of the caller's (<see cref="SaveKeyed"/>: what an ECS world save is), with everything training needs to resume exactly
/// (parameters, optimiser state, sample rings, generators, settings). The format is described
/// in <c>docs/save-format.md</c>.
/// </summary>
/// <remarks>
/// <para>Saving to a path is atomic: a crash mid-save leaves the previous file intact.</para>
/// <para>
/// Loading reads and checks the whole file (magic, version, length, CRC-32, every size and
/// value, and that it fits the target) before it changes anything. A file it will not load
/// raises a <see cref="BrainFileException"/> whose <see cref="BrainFileException.Problem"/>
/// says why, and the target is untouched.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// BrainFile.SaveCohort("fruit.brains", cohort);
/// using var resumed = BrainFile.LoadCohort("fruit.brains");   // trains on exactly as before
/// </code>
/// </example>
public static partial class BrainFile
{
    /// <summary>Saves one agent's brain (parameters, optimiser state, samples, generator) to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentException">The agent is not in the cohort.</exception>
    public static void SaveBrain(string path, BrainCohort cohort, AgentHandle agent) => AtomicFile.Write(path, BrainBytes(cohort, agent));

    /// <summary>Writes one agent's brain to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The agent is not in the cohort.</exception>
    public static void WriteBrain(Stream destination, BrainCohort cohort, AgentHandle agent)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(BrainBytes(cohort, agent));
    }

    /// <summary>
    /// Adds a new agent to <paramref name="cohort"/> holding the brain saved in
    /// <paramref name="path"/>: its parameters, optimiser state, samples and generator. The
    /// cohort's own settings stay; the file's are for reference.
    /// </summary>
    /// <returns>The new agent.</returns>
    /// <exception cref="BrainFileException">The file is damaged, or holds another spec, or the cohort is shared (load its cohort file instead).</exception>
    public static AgentHandle LoadBrain(string path, BrainCohort cohort) => AddBrain(cohort, ReadFile(path));

    /// <summary>Adds a new agent holding the brain read from <paramref name="source"/> (see <see cref="LoadBrain(string, BrainCohort)"/>).</summary>
    /// <exception cref="BrainFileException">The data is damaged or does not fit the cohort.</exception>
    public static AgentHandle ReadBrain(Stream source, BrainCohort cohort) => AddBrain(cohort, ReadStream(source));

    /// <summary>
    /// Replaces the brain of an existing agent with the one saved in <paramref name="path"/>
    /// (in a shared cohort: the shared parameters, plus the agent's own samples and generator).
    /// </summary>
    /// <exception cref="ArgumentException">The agent is not in the cohort.</exception>
    /// <exception cref="BrainFileException">The file is damaged or holds another spec.</exception>
    public static void LoadBrainInto(string path, BrainCohort cohort, AgentHandle agent)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var slot = cohort.RowOf(agent);
        var image = DecodeBrain(ReadFile(path), cohort.Spec);
        CohortRestore.ParameterSet(cohort, cohort.IsShared ? 0 : slot, image, 0);
        CohortRestore.Row(cohort, slot, image, 0);
    }

    /// <summary>The spec of the brain, cohort or world's first cohort saved in <paramref name="path"/>, after a full check of the file.</summary>
    /// <exception cref="BrainFileException">The file is damaged.</exception>
    public static BrainSpec ReadSpec(string path)
    {
        var file = ReadFile(path);
        var kind = file.Length >= FileEnvelope.HeaderLength ? (BrainFileKind)BitConverter.ToUInt16(file, 10) : BrainFileKind.Brain;
        return kind switch
        {
            BrainFileKind.Cohort => DecodeCohort(file).Image.Spec,
            BrainFileKind.World => DecodeKeyed(file) is [var first, ..]
                ? first.Spec
                : throw new BrainFileException(BrainFileProblem.Malformed, "the world file holds no cohort."),
            _ => DecodeBrain(file, expectedSpec: null).Spec,
        };
    }

    private static byte[] BrainBytes(BrainCohort cohort, AgentHandle agent)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var image = CohortCapture.Capture(cohort, [cohort.RowOf(agent)]);
        return FileEnvelope.Wrap(BrainFileKind.Brain, w => CohortCodec.Write(w, image));
    }

    private static CohortImage DecodeBrain(byte[] file, BrainSpec? expectedSpec)
    {
        var reader = FileEnvelope.Open(file, BrainFileKind.Brain);
        var image = CohortCodec.Read(reader);
        reader.EnsureEnd();
        if (image.Count != 1)
        {
            throw new BrainFileException(BrainFileProblem.Malformed, $"a brain file holds one brain, this one {image.Count}.");
        }

        if (expectedSpec is not null && image.Spec != expectedSpec)
        {
            throw new BrainFileException(BrainFileProblem.TargetMismatch, $"the file holds a {image.Spec} brain; the cohort is {expectedSpec}.");
        }

        return image;
    }

    private static AgentHandle AddBrain(BrainCohort cohort, byte[] file)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var image = DecodeBrain(file, cohort.Spec);
        if (cohort.IsShared)
        {
            throw new BrainFileException(BrainFileProblem.TargetMismatch, "the cohort is shared (one parameter set); load a single brain into an agent with LoadBrainInto.");
        }

        var agent = cohort.Add(image.Parameters);
        var slot = cohort.RowOf(agent);
        CohortRestore.ParameterSet(cohort, slot, image, 0);
        CohortRestore.Row(cohort, slot, image, 0);
        return agent;
    }

    /// <summary>
    /// Reads the file at <paramref name="path"/>, refusing before it opens anything a directory,
    /// a file beyond <see cref="BrainFileLimits.MaxFileBytes"/>, and a path with no length (a pipe
    /// or device would block or never end).
    /// </summary>
    internal static byte[] ReadFile(string path)
    {
        var length = BoundedRead.LengthOf(path);
        if (length > BrainFileLimits.MaxFileBytes)
        {
            throw new BrainFileException(BrainFileProblem.SizeLimit, $"'{path}' has {length} bytes, beyond the limit of {BrainFileLimits.MaxFileBytes}; nothing was read.");
        }

        if (length == 0)
        {
            throw new BrainFileException(BrainFileProblem.NotABrainFile, BoundedRead.NoLength(path));
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return ReadStream(stream);
    }

    /// <summary>
    /// Reads one file's bytes from <paramref name="source"/>: the header first, then as many bytes
    /// as it declares plus one (which, if it comes, shows that bytes were appended). A source that
    /// is not a brain file stops after its header; one that declares more than
    /// <see cref="BrainFileLimits.MaxFileBytes"/> is refused before its payload is read; memory
    /// grows only with bytes that arrive.
    /// </summary>
    private static byte[] ReadStream(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var header = BoundedRead.UpTo(source, FileEnvelope.HeaderLength);
        var declared = FileEnvelope.DeclaredLength(header);
        if (declared > BrainFileLimits.MaxFileBytes)
        {
            throw new BrainFileException(BrainFileProblem.SizeLimit, $"the header declares a {declared}-byte file, beyond the limit of {BrainFileLimits.MaxFileBytes}.");
        }

        // The extra byte is not looked for in a file of the very largest size: no array holds it.
        return BoundedRead.UpTo(source, Math.Min(Math.Max(declared, header.Length) + 1, BrainFileLimits.MaxFileBytes), header);
    }
}
