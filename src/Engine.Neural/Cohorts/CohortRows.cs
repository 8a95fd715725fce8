using Engine.Neural.Cpu;
using Engine.Neural.Persistence;

namespace Engine.Neural;

/// <summary>
/// The one home of every per-agent field of a cohort: the handle table (stable ids, versions,
/// free ids), the scalar fields declared below, and the row-shaped stores (input and output
/// rows, sample rings, parameter sets). Adding, swap-removing and growing a row are written
/// here once; capture, save and restore go through <see cref="RowTable"/>.
/// </summary>
/// <remarks>
/// To add a per-agent field, declare it below with its default and its file codec: it is then
/// grown, moved on removal, reset for new agents, saved, checked on load and restored. Fields
/// are saved in declaration order.
/// </remarks>
internal sealed class CohortRows
{
    private static readonly List<RowField> Declared = [];

    /// <summary>Whether the agent learns from its samples.</summary>
    public static readonly RowField<bool> Learning = Field("learning flag", true, (w, v) => w.Bool(v), (r, name, _) => r.Bool(name));

    /// <summary>The agent's learning-rate multiplier.</summary>
    public static readonly RowField<float> LearningRateScale = Field("learning-rate scale", 1f, (w, v) => w.Single(v), ReadScale);

    /// <summary>The mean loss of the agent's last training batch (NaN before the first).</summary>
    public static readonly RowField<float> LastLoss = Field("last loss", float.NaN, (w, v) => w.Single(v), (r, name, _) => r.Single(name));

    /// <summary>The learning-rate damping divergences left: 1, halved by each.</summary>
    public static readonly RowField<float> Damping = Field("damping", 1f, (w, v) => w.Single(v), (r, name, row) => ReadDamping(r.Single(name), $"row {row}'s damping"));

    /// <summary>How often the agent's step diverged and was undone.</summary>
    public static readonly RowField<int> Divergences = Field("divergences", 0, (w, v) => w.Int32(v), (r, name, _) => ReadCount(r.Int32(name), name));

    /// <summary>The agent's own generator (its batch draws); a new agent's is seeded by <see cref="BrainCohort"/>.</summary>
    public static readonly RowField<DeterministicRandom> Random = Field("agent generator", default(DeterministicRandom), WriteRandom, (r, name, _) => ReadRandom(r, name).ToRandom());

    private readonly BrainSpec _spec;
    private readonly bool _shared;
    private int[] _slotOfId;
    private int[] _idOfSlot;
    private int[] _versionOfId;
    private int[] _freeIds;
    private int _freeCount;
    private int _nextId;

    public CohortRows(BrainSpec spec, CohortOptions options)
    {
        _spec = spec;
        _shared = options.SharedParameters;
        var capacity = options.InitialCapacity;
        Table = new RowTable(capacity);
        Parameters = new ParameterStore(spec, _shared ? 1 : capacity);
        Samples = new SampleStore(spec.InputSize, spec.OutputSize, options.SampleCapacity, capacity);
        Inputs = new PinnedBuffer((long)capacity * spec.InputSize);
        Outputs = new PinnedBuffer((long)capacity * spec.OutputSize);
        _slotOfId = new int[capacity];
        _idOfSlot = new int[capacity];
        _versionOfId = new int[capacity];
        _freeIds = new int[capacity];
    }

    /// <summary>Every declared field, in declaration (and file) order.</summary>
    public static IReadOnlyList<RowField> Fields => Declared;

    /// <summary>Live rows.</summary>
    public int Count { get; private set; }

    /// <summary>The scalar fields of the live rows.</summary>
    public RowTable Table { get; }

    /// <summary>Parameter sets and optimiser state: one per row, or one in all when shared.</summary>
    public ParameterStore Parameters { get; }

    /// <summary>Each row's ring of samples.</summary>
    public SampleStore Samples { get; }

    /// <summary><c>[row][input]</c>.</summary>
    public PinnedBuffer Inputs { get; }

    /// <summary><c>[row][output]</c>.</summary>
    public PinnedBuffer Outputs { get; }

    /// <summary>Agent ids handed out so far (free ones included).</summary>
    public int NextId => _nextId;

    /// <summary>Version per agent id, ids 0 to <see cref="NextId"/> - 1.</summary>
    public ReadOnlySpan<int> Versions => _versionOfId.AsSpan(0, _nextId);

    /// <summary>Ids waiting for reuse, in the order they will be reused (last first).</summary>
    public ReadOnlySpan<int> FreeIds => _freeIds.AsSpan(0, _freeCount);

    /// <summary>Agent id per row.</summary>
    public ReadOnlySpan<int> IdsByRow => _idOfSlot.AsSpan(0, Count);

    /// <summary>True while <paramref name="agent"/> names a live row.</summary>
    public bool Contains(AgentHandle agent) =>
        agent.Id >= 0 && agent.Id < _nextId && _versionOfId[agent.Id] == agent.Version && _slotOfId[agent.Id] >= 0;

    /// <summary>The row of a live agent (the caller checked <see cref="Contains"/>).</summary>
    public int RowOfLive(AgentHandle agent) => _slotOfId[agent.Id];

    /// <summary>The handle of the agent in <paramref name="row"/>.</summary>
    public AgentHandle HandleAt(int row)
    {
        var id = _idOfSlot[row];
        return new AgentHandle(id, _versionOfId[id]);
    }

    /// <summary>Appends a row with every field at its default, an empty ring and cleared input and output rows.</summary>
    public AgentHandle Add()
    {
        EnsureCapacity(Count + 1);
        var id = _freeCount > 0 ? _freeIds[--_freeCount] : _nextId++;
        var row = Count++;
        _slotOfId[id] = row;
        _idOfSlot[row] = id;
        Table.Reset(row);
        Samples.Clear(row);
        Inputs.Slice((long)row * _spec.InputSize, _spec.InputSize).Clear();
        Outputs.Slice((long)row * _spec.OutputSize, _spec.OutputSize).Clear();
        return new AgentHandle(id, _versionOfId[id]);
    }

    /// <summary>Removes the agent in <paramref name="row"/>: the last row moves into its place, every other handle stays valid.</summary>
    public void RemoveAt(int row, AgentHandle agent)
    {
        var last = Count - 1;
        if (row != last)
        {
            if (!_shared)
            {
                Parameters.CopySlot(last, row);
            }

            Samples.CopySlot(last, row);
            CopyRow(Inputs, _spec.InputSize, last, row);
            CopyRow(Outputs, _spec.OutputSize, last, row);
            Table.CopyRow(Table, last, row);
            var movedId = _idOfSlot[last];
            _idOfSlot[row] = movedId;
            _slotOfId[movedId] = row;
        }

        _slotOfId[agent.Id] = -1;
        _versionOfId[agent.Id]++;
        _freeIds[_freeCount++] = agent.Id;
        Count--;
    }

    /// <summary>
    /// Replaces the handle table with a saved one: <paramref name="count"/> rows, ids in
    /// <paramref name="idOfSlot"/>, so that handles taken before the save work after the load.
    /// Input and output rows are cleared; fields, parameters and rings are the caller's to fill.
    /// The caller has validated the table.
    /// </summary>
    public void RestoreHandles(int count, ReadOnlySpan<int> versions, ReadOnlySpan<int> freeIds, ReadOnlySpan<int> idOfSlot)
    {
        EnsureCapacity(Math.Max(count, versions.Length));
        Array.Fill(_slotOfId, -1);
        Array.Clear(_versionOfId);
        versions.CopyTo(_versionOfId);
        freeIds.CopyTo(_freeIds);
        _freeCount = freeIds.Length;
        _nextId = versions.Length;
        for (var row = 0; row < count; row++)
        {
            _idOfSlot[row] = idOfSlot[row];
            _slotOfId[idOfSlot[row]] = row;
            Table.Reset(row);
        }

        Count = count;
        Inputs.Slice(0, count * _spec.InputSize).Clear();
        Outputs.Slice(0, count * _spec.OutputSize).Clear();
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _idOfSlot.Length)
        {
            return;
        }

        var grown = Math.Max(needed, _idOfSlot.Length * 2);
        if (!_shared)
        {
            Parameters.EnsureCapacity(grown);
        }

        Samples.EnsureCapacity(grown);
        Inputs.Resize((long)grown * _spec.InputSize);
        Outputs.Resize((long)grown * _spec.OutputSize);
        Table.Grow(grown);
        Array.Resize(ref _slotOfId, grown);
        Array.Resize(ref _idOfSlot, grown);
        Array.Resize(ref _versionOfId, grown);
        Array.Resize(ref _freeIds, grown);
    }

    private static void CopyRow(PinnedBuffer buffer, int rowLength, int from, int to) =>
        buffer.Slice((long)from * rowLength, rowLength).CopyTo(buffer.Slice((long)to * rowLength, rowLength));

    private static RowField<T> Field<T>(string name, T defaultValue, Action<PayloadWriter, T> write, Func<PayloadReader, string, int, T> read)
    {
        var field = new RowField<T>(Declared.Count, name, defaultValue, write, read);
        Declared.Add(field);
        return field;
    }

    private static float ReadScale(PayloadReader reader, string name, int row)
    {
        var scale = reader.Single(name);
        return float.IsFinite(scale) && scale >= 0
            ? scale
            : throw PayloadReader.Malformed($"row {row}'s learning-rate scale {scale} is not a finite number >= 0.");
    }

    /// <summary>A damping is 1 halved per divergence: in [0, 1].</summary>
    internal static float ReadDamping(float value, string what) =>
        value is >= 0f and <= 1f ? value : throw PayloadReader.Malformed($"{what} {value} is not in [0, 1].");

    internal static int ReadCount(int value, string field) =>
        value >= 0 ? value : throw PayloadReader.Malformed($"{field} must be >= 0, got {value}.");

    internal static void WriteRandom(PayloadWriter writer, DeterministicRandom random)
    {
        var (s0, s1, s2, s3) = random.State;
        writer.UInt64(s0);
        writer.UInt64(s1);
        writer.UInt64(s2);
        writer.UInt64(s3);
    }

    internal static RandomState ReadRandom(PayloadReader reader, string field)
    {
        var state = new RandomState(reader.UInt64(field), reader.UInt64(field), reader.UInt64(field), reader.UInt64(field));
        if (state == default)
        {
            // xoshiro's one forbidden state: it would return zeros for ever.
            throw PayloadReader.Malformed($"the {field} state is all zeros.");
        }

        return state;
    }
}
