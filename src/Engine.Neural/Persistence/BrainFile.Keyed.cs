namespace Engine.Neural.Persistence;

/// <content>Brains of several cohorts under the caller's keys: the body of an ECS world save.</content>
public static partial class BrainFile
{
    /// <summary>
    /// Saves the brains of <paramref name="cohorts"/> to <paramref name="path"/>, atomically:
    /// each with its cohort's state and the key it was added under. At most one selection per
    /// spec; a file holds no engine handle, only the keys.
    /// </summary>
    /// <exception cref="ArgumentException">Two brains have the same key, or two selections the same spec.</exception>
    public static void SaveKeyed(string path, IReadOnlyList<KeyedCohort> cohorts) => AtomicFile.Write(path, KeyedBytes(cohorts));

    /// <summary>Writes the brains of <paramref name="cohorts"/> to <paramref name="destination"/> (see <see cref="SaveKeyed"/>).</summary>
    /// <exception cref="ArgumentException">Two brains have the same key, or two selections the same spec.</exception>
    public static void WriteKeyed(Stream destination, IReadOnlyList<KeyedCohort> cohorts)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(KeyedBytes(cohorts));
    }

    /// <summary>Reads and fully checks a keyed file; nothing is restored until the caller asks (<see cref="SavedCohort"/>).</summary>
    /// <exception cref="BrainFileException">The file is damaged.</exception>
    public static IReadOnlyList<SavedCohort> LoadKeyed(string path) => DecodeKeyed(ReadFile(path));

    /// <summary>Reads and fully checks keyed brains from <paramref name="source"/> (see <see cref="LoadKeyed"/>).</summary>
    /// <exception cref="BrainFileException">The data is damaged.</exception>
    public static IReadOnlyList<SavedCohort> ReadKeyed(Stream source) => DecodeKeyed(ReadStream(source));

    /// <summary>
    /// Reads and fully checks a one-brain file (<see cref="SaveBrain"/>) without adding it
    /// anywhere: a layer above (an ECS registry) decides where it goes, then restores it.
    /// </summary>
    /// <exception cref="BrainFileException">The file is damaged.</exception>
    public static SavedCohort OpenBrain(string path) => new(DecodeBrain(ReadFile(path), expectedSpec: null), [0]);

    private static byte[] KeyedBytes(IReadOnlyList<KeyedCohort> cohorts)
    {
        ArgumentNullException.ThrowIfNull(cohorts);
        var keys = new HashSet<ulong>();
        var specs = new HashSet<BrainSpec>();
        var images = new List<(CohortImage Image, IReadOnlyList<ulong> Keys)>();
        foreach (var selection in cohorts)
        {
            ArgumentNullException.ThrowIfNull(selection);
            if (!specs.Add(selection.Cohort.Spec))
            {
                throw new ArgumentException($"BrainFile: two selections have the spec {selection.Cohort.Spec}; a keyed file holds one per spec.", nameof(cohorts));
            }

            foreach (var key in selection.Keys)
            {
                if (!keys.Add(key))
                {
                    throw new ArgumentException($"BrainFile: two brains have the key {key}; keys must name one brain each.", nameof(cohorts));
                }
            }

            var image = CohortCapture.Capture(selection.Cohort, [.. selection.Rows]);
            var learning = image.Rows.Get(CohortRows.Learning);
            var scales = image.Rows.Get(CohortRows.LearningRateScale);
            for (var i = 0; i < selection.Count; i++)
            {
                learning[i] = selection.LearningFlags[i];
                scales[i] = selection.LearningRateScales[i];
            }

            images.Add((image, selection.Keys));
        }

        return FileEnvelope.Wrap(BrainFileKind.World, w =>
        {
            w.Int32(images.Count);
            foreach (var (image, rowKeys) in images)
            {
                CohortCodec.Write(w, image);
                foreach (var key in rowKeys)
                {
                    w.UInt64(key);
                }
            }
        });
    }

    private static List<SavedCohort> DecodeKeyed(byte[] file)
    {
        var reader = FileEnvelope.Open(file, BrainFileKind.World);
        var count = reader.Size("cohort count", 0, BrainFileLimits.MaxCohorts);
        var cohorts = new List<SavedCohort>();
        var specs = new HashSet<BrainSpec>();
        var keys = new HashSet<ulong>();
        for (var c = 0; c < count; c++)
        {
            var image = CohortCodec.Read(reader);
            if (!specs.Add(image.Spec))
            {
                throw new BrainFileException(BrainFileProblem.Malformed, $"two cohorts have the spec {image.Spec}; a world has one cohort per spec.");
            }

            reader.EnsureRoomFor(image.Count, sizeof(ulong), "entity keys");
            var rowKeys = new ulong[image.Count];
            for (var i = 0; i < rowKeys.Length; i++)
            {
                rowKeys[i] = reader.UInt64("entity key");
                if (!keys.Add(rowKeys[i]))
                {
                    throw new BrainFileException(BrainFileProblem.Malformed, $"the entity key {rowKeys[i]} appears twice.");
                }
            }

            cohorts.Add(new SavedCohort(image, rowKeys));
        }

        reader.EnsureEnd();
        return cohorts;
    }
}
