namespace Engine.Neural.Persistence;

/// <summary>
/// Some brains of one cohort, each under a key of the caller's (a game's stable id of the
/// entity that owns it), to be saved together with other cohorts' brains in one keyed file
/// (<see cref="BrainFile.SaveKeyed"/>). An ECS layer builds these from its components; the
/// file then holds no engine handle, only the keys.
/// </summary>
/// <example>
/// <code>
/// var pickers = new KeyedCohort(cohort);
/// pickers.Add(agent, key: 1001);
/// BrainFile.SaveKeyed("save1.brains", [pickers]);
/// </code>
/// </example>
public sealed class KeyedCohort
{
    private readonly List<int> _rows = [];
    private readonly List<ulong> _keys = [];
    private readonly List<bool> _learning = [];
    private readonly List<float> _scales = [];

    /// <summary>Starts an empty selection of <paramref name="cohort"/>'s brains.</summary>
    public KeyedCohort(BrainCohort cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        Cohort = cohort;
    }

    /// <summary>The cohort the brains belong to.</summary>
    public BrainCohort Cohort { get; }

    /// <summary>Brains added so far.</summary>
    public int Count => _rows.Count;

    internal IReadOnlyList<int> Rows => _rows;

    internal IReadOnlyList<ulong> Keys => _keys;

    internal IReadOnlyList<bool> LearningFlags => _learning;

    internal IReadOnlyList<float> LearningRateScales => _scales;

    /// <summary>Adds <paramref name="agent"/>'s brain under <paramref name="key"/>, with its learning settings as the cohort has them.</summary>
    /// <exception cref="ArgumentException">The agent is not in the cohort.</exception>
    public void Add(AgentHandle agent, ulong key) => Add(agent, key, Cohort.IsLearning(agent), Cohort.LearningRateScale(agent));

    /// <summary>
    /// Adds <paramref name="agent"/>'s brain under <paramref name="key"/>, saving the given
    /// learning settings instead of the cohort's (for a layer, such as an ECS component, that
    /// holds the current ones and hands them to the cohort later).
    /// </summary>
    /// <exception cref="ArgumentException">The agent is not in the cohort.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not a finite number &gt;= 0.</exception>
    public void Add(AgentHandle agent, ulong key, bool learning, float learningRateScale)
    {
        var row = Cohort.RowOf(agent);
        if (!float.IsFinite(learningRateScale) || learningRateScale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(learningRateScale), learningRateScale, "KeyedCohort: a learning-rate scale must be a finite number >= 0.");
        }

        _rows.Add(row);
        _keys.Add(key);
        _learning.Add(learning);
        _scales.Add(learningRateScale);
    }
}
