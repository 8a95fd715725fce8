using Engine.Neural.Persistence;

namespace Engine.Neural.Learning;

/// <summary>
/// The file a learner's own state is saved in (the brains themselves are saved with
/// <see cref="BrainFile"/>): the brain files' own frame (magic, version, kind, length, CRC-32;
/// docs/save-format.md) around the learner's payload, written atomically and read with the
/// same bounds. Each learner validates the whole payload before it changes anything.
/// </summary>
internal static class LearnerStateFile
{
    public static void Save(string path, BrainFileKind kind, Action<PayloadWriter> writePayload) =>
        AtomicFile.Write(path, FileEnvelope.Wrap(kind, writePayload));

    /// <exception cref="BrainFileException">The file is not a learner-state file of that kind, or is damaged.</exception>
    public static PayloadReader Open(string path, BrainFileKind expected) => FileEnvelope.Open(BrainFile.ReadFile(path), expected);

    /// <summary>Writes a generator's state (as cohort files do).</summary>
    public static void Generator(PayloadWriter writer, DeterministicRandom random) => CohortRows.WriteRandom(writer, random);

    /// <summary>Reads a generator's state; all zeros is no xoshiro state (it would only ever draw 0).</summary>
    public static DeterministicRandom Generator(PayloadReader reader, string field) => CohortRows.ReadRandom(reader, field).ToRandom();

    /// <summary>Reads <paramref name="count"/> floats that must all be finite.</summary>
    public static float[] FiniteSingles(PayloadReader reader, long count, string field)
    {
        var values = reader.Singles(count, field);
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                throw PayloadReader.Malformed($"{field} holds {v}, not a finite number.");
            }
        }

        return values;
    }

    /// <summary>Throws a target mismatch unless the saved and the live value agree.</summary>
    public static void Expect(long saved, long live, string what)
    {
        if (saved != live)
        {
            throw new BrainFileException(BrainFileProblem.TargetMismatch, $"the state was saved for {saved} {what}, this learner has {live}; nothing changed.");
        }
    }
}
