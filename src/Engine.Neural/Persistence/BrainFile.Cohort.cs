namespace Engine.Neural.Persistence;

/// <content>Whole cohorts.</content>
public static partial class BrainFile
{
    /// <summary>
    /// Saves the whole cohort to <paramref name="path"/>, atomically: spec, options, settings,
    /// every agent (handle table included, so handles stay valid after a load), parameters,
    /// optimiser state, sample rings and generators. Input and output rows are not saved (a
    /// frame rewrites them).
    /// </summary>
    public static void SaveCohort(string path, BrainCohort cohort) => AtomicFile.Write(path, CohortBytes(cohort));

    /// <summary>Writes the whole cohort to <paramref name="destination"/> (see <see cref="SaveCohort"/>).</summary>
    public static void WriteCohort(Stream destination, BrainCohort cohort)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(CohortBytes(cohort));
    }

    /// <summary>A new cohort, exactly as saved in <paramref name="path"/>: training goes on as if it had never stopped.</summary>
    /// <exception cref="BrainFileException">The file is damaged.</exception>
    public static BrainCohort LoadCohort(string path) => NewCohort(ReadFile(path));

    /// <summary>A new cohort read from <paramref name="source"/> (see <see cref="LoadCohort"/>).</summary>
    /// <exception cref="BrainFileException">The data is damaged.</exception>
    public static BrainCohort ReadCohort(Stream source) => NewCohort(ReadStream(source));

    /// <summary>
    /// Replaces everything <paramref name="target"/> holds with the cohort saved in
    /// <paramref name="path"/>: agents, handles, parameters, optimiser state, samples, settings.
    /// The target must have the file's spec and the same options apart from
    /// <see cref="CohortOptions.InitialCapacity"/> and <see cref="CohortOptions.Training"/>.
    /// Handles the target gave out before are valid afterwards only where the file has the same.
    /// </summary>
    /// <exception cref="BrainFileException">The file is damaged or does not fit the target (which is then unchanged).</exception>
    public static void LoadCohortInto(string path, BrainCohort target) => IntoCohort(ReadFile(path), target);

    /// <summary>Replaces <paramref name="target"/>'s content with the cohort read from <paramref name="source"/> (see <see cref="LoadCohortInto"/>).</summary>
    /// <exception cref="BrainFileException">The data is damaged or does not fit the target (which is then unchanged).</exception>
    public static void ReadCohortInto(Stream source, BrainCohort target) => IntoCohort(ReadStream(source), target);

    /// <summary>True when a cohort with <paramref name="target"/> options can take a file saved with <paramref name="saved"/>.</summary>
    internal static bool OptionsFit(CohortOptions saved, CohortOptions target) =>
        saved with { InitialCapacity = target.InitialCapacity, Training = target.Training } == target;

    private static byte[] CohortBytes(BrainCohort cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var image = CohortCapture.Capture(cohort, CohortCapture.AllRows(cohort));
        var table = CohortCapture.Table(cohort);
        return FileEnvelope.Wrap(BrainFileKind.Cohort, w =>
        {
            CohortCodec.Write(w, image);
            CohortCodec.WriteTable(w, table);
        });
    }

    private static (CohortImage Image, AgentTable Table) DecodeCohort(byte[] file)
    {
        var reader = FileEnvelope.Open(file, BrainFileKind.Cohort);
        var image = CohortCodec.Read(reader);
        var table = CohortCodec.ReadTable(reader, image.Count);
        reader.EnsureEnd();
        return (image, table);
    }

    private static BrainCohort NewCohort(byte[] file)
    {
        var (image, table) = DecodeCohort(file);
        var cohort = new BrainCohort(image.Spec, image.Options);
        CohortRestore.Whole(cohort, image, table);
        return cohort;
    }

    private static void IntoCohort(byte[] file, BrainCohort target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (image, table) = DecodeCohort(file);
        if (image.Spec != target.Spec)
        {
            throw new BrainFileException(BrainFileProblem.TargetMismatch, $"the file holds a {image.Spec} cohort; the target is {target.Spec}.");
        }

        if (!OptionsFit(image.Options, target.Options))
        {
            throw new BrainFileException(BrainFileProblem.TargetMismatch, $"the file's cohort options ({image.Options}) differ from the target's ({target.Options}) beyond initial capacity and training settings.");
        }

        CohortRestore.Whole(target, image, table);
    }
}
