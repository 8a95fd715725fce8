using System.Runtime.CompilerServices;

namespace Engine.Neural;

/// <summary>
/// A column per <see cref="CohortRows"/> field, for some number of rows: the live rows of a
/// cohort, or the rows a save file holds. Copying between tables copies every field, so no
/// list of fields is written anywhere else.
/// </summary>
internal sealed class RowTable
{
    private readonly Array[] _columns;

    public RowTable(int capacity)
    {
        Capacity = capacity;
        _columns = new Array[CohortRows.Fields.Count];
        for (var f = 0; f < _columns.Length; f++)
        {
            _columns[f] = CohortRows.Fields[f].NewColumn(capacity);
        }
    }

    /// <summary>Rows the columns can hold.</summary>
    public int Capacity { get; private set; }

    /// <summary>The column of <paramref name="field"/>, indexed by row.</summary>
    public T[] Get<T>(RowField<T> field) => Unsafe.As<T[]>(_columns[field.Index]);

    /// <summary>Grows every column to <paramref name="capacity"/> rows, keeping their values.</summary>
    public void Grow(int capacity)
    {
        if (capacity <= Capacity)
        {
            return;
        }

        for (var f = 0; f < _columns.Length; f++)
        {
            var grown = CohortRows.Fields[f].NewColumn(capacity);
            Array.Copy(_columns[f], grown, Capacity);
            _columns[f] = grown;
        }

        Capacity = capacity;
    }

    /// <summary>Every field of row <paramref name="row"/> back to a new agent's value.</summary>
    public void Reset(int row)
    {
        for (var f = 0; f < _columns.Length; f++)
        {
            CohortRows.Fields[f].Reset(_columns[f], row);
        }
    }

    /// <summary>Copies every field of <paramref name="from"/>'s row <paramref name="fromRow"/> into this table's <paramref name="toRow"/>.</summary>
    public void CopyRow(RowTable from, int fromRow, int toRow)
    {
        for (var f = 0; f < _columns.Length; f++)
        {
            Array.Copy(from._columns[f], fromRow, _columns[f], toRow, 1);
        }
    }

    /// <summary>Writes row <paramref name="row"/>'s fields in field order.</summary>
    public void Write(Persistence.PayloadWriter writer, int row)
    {
        for (var f = 0; f < _columns.Length; f++)
        {
            CohortRows.Fields[f].Write(writer, _columns[f], row);
        }
    }

    /// <summary>Reads row <paramref name="row"/>'s fields in field order, checking each.</summary>
    public void Read(Persistence.PayloadReader reader, int row)
    {
        for (var f = 0; f < _columns.Length; f++)
        {
            CohortRows.Fields[f].Read(reader, _columns[f], row);
        }
    }
}
