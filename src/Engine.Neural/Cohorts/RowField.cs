using Engine.Neural.Persistence;

namespace Engine.Neural;

/// <summary>
/// One per-agent field of a cohort (a flag, a scale, a counter, a generator): its name, the
/// value a new agent starts with, and how a save file writes and checks it. The fields are
/// declared once, in <see cref="CohortRows"/>; every table of rows, live or saved, holds one
/// column per field, grown, moved, captured, saved and restored by the same code.
/// </summary>
internal abstract class RowField
{
    protected RowField(int index, string name)
    {
        Index = index;
        Name = name;
    }

    /// <summary>Position in <see cref="CohortRows.Fields"/>, which is also the order save files hold.</summary>
    public int Index { get; }

    /// <summary>What error messages call it.</summary>
    public string Name { get; }

    public abstract Array NewColumn(int capacity);

    public abstract void Reset(Array column, int row);

    public abstract void Write(PayloadWriter writer, Array column, int row);

    /// <summary>Reads one row's value, throwing a <see cref="BrainFileException"/> (Malformed) when it is not a valid value.</summary>
    public abstract void Read(PayloadReader reader, Array column, int row);
}

/// <summary>A per-agent field holding a <typeparamref name="T"/>.</summary>
internal sealed class RowField<T> : RowField
{
    private readonly T _default;
    private readonly Action<PayloadWriter, T> _write;
    private readonly Func<PayloadReader, string, int, T> _read;

    public RowField(int index, string name, T defaultValue, Action<PayloadWriter, T> write, Func<PayloadReader, string, int, T> read)
        : base(index, name)
    {
        _default = defaultValue;
        _write = write;
        _read = read;
    }

    public override Array NewColumn(int capacity)
    {
        var column = new T[capacity];
        Array.Fill(column, _default);
        return column;
    }

    public override void Reset(Array column, int row) => ((T[])column)[row] = _default;

    public override void Write(PayloadWriter writer, Array column, int row) => _write(writer, ((T[])column)[row]);

    public override void Read(PayloadReader reader, Array column, int row) => ((T[])column)[row] = _read(reader, Name, row);
}
