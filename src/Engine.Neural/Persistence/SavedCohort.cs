namespace Engine.Neural.Persistence;

/// <summary>
/// One cohort's brains as a keyed file holds them, decoded and fully checked
/// (<see cref="BrainFile.LoadKeyed"/>). Nothing here can fail on account of the file: a layer
/// that gives these brains to its entities checks its own side first, then restores.
/// </summary>
public sealed class SavedCohort
{
    private readonly CohortImage _image;
    private readonly ulong[] _keys;

    internal SavedCohort(CohortImage image, ulong[] keys)
    {
        _image = image;
        _keys = keys;
    }

    /// <summary>The brains' spec.</summary>
    public BrainSpec Spec => _image.Spec;

    /// <summary>The options of the cohort they were saved from.</summary>
    public CohortOptions Options => _image.Options;

    /// <summary>Brains saved.</summary>
    public int Count => _image.Count;

    /// <summary>The key brain <paramref name="index"/> was saved under.</summary>
    public ulong KeyAt(int index) => _keys[index];

    /// <summary>Whether brain <paramref name="index"/> was learning.</summary>
    public bool LearningAt(int index) => _image.Rows.Get(CohortRows.Learning)[index];

    /// <summary>Brain <paramref name="index"/>'s learning-rate scale.</summary>
    public float LearningRateScaleAt(int index) => _image.Rows.Get(CohortRows.LearningRateScale)[index];

    /// <summary>Brain <paramref name="index"/>'s parameters (a shared cohort's: the shared set), in the flat layout.</summary>
    public ReadOnlySpan<float> ParametersAt(int index)
    {
        var p = Spec.ParameterCount;
        var set = Options.SharedParameters ? 0 : index;
        return _image.Parameters.AsSpan(set * p, p);
    }

    /// <summary>
    /// Makes <paramref name="agent"/> of <paramref name="cohort"/> the saved brain
    /// <paramref name="index"/>: parameters and optimiser state (unless the cohort is shared,
    /// whose one set <see cref="RestoreCohortState"/> restores), samples, generator and flags.
    /// </summary>
    /// <exception cref="BrainFileException">The cohort has another spec.</exception>
    public void RestoreBrain(int index, BrainCohort cohort, AgentHandle agent)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        CheckSpec(cohort);
        var slot = cohort.RowOf(agent);
        if (!cohort.IsShared)
        {
            CohortRestore.ParameterSet(cohort, slot, _image, index);
        }

        CohortRestore.Row(cohort, slot, _image, index);
    }

    /// <summary>
    /// Restores what belongs to the saved cohort as a whole: settings, counters, the shared
    /// generator and, in a shared cohort, the one parameter set.
    /// </summary>
    /// <exception cref="BrainFileException">The cohort has another spec or sharing mode.</exception>
    public void RestoreCohortState(BrainCohort cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        CheckSpec(cohort);
        if (cohort.IsShared != Options.SharedParameters)
        {
            throw new BrainFileException(BrainFileProblem.TargetMismatch, $"the saved cohort of {Spec} is {(Options.SharedParameters ? "shared" : "not shared")}, the target {(cohort.IsShared ? "is" : "is not")}.");
        }

        if (cohort.IsShared)
        {
            CohortRestore.ParameterSet(cohort, 0, _image, 0);
        }

        CohortRestore.CohortState(cohort, _image);
    }

    /// <summary>True when <paramref name="target"/>'s options can take these brains exactly (initial capacity and training may differ).</summary>
    public bool FitsOptionsOf(BrainCohort target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return BrainFile.OptionsFit(Options, target.Options);
    }

    private void CheckSpec(BrainCohort cohort)
    {
        if (cohort.Spec != Spec)
        {
            throw new BrainFileException(BrainFileProblem.TargetMismatch, $"the saved brains are {Spec}; the cohort is {cohort.Spec}.");
        }
    }
}
