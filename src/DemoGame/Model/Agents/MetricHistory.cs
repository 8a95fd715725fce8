namespace DemoGame.Model.Agents;

/// <summary>
/// The last <see cref="Capacity"/> readings of one number (a loss, an accuracy), oldest
/// dropped first, kept in a ring that plots read in place: <see cref="Values"/> from
/// <see cref="Start"/>, <see cref="Count"/> long, wrapping. Recording allocates nothing.
/// </summary>
internal sealed class MetricHistory(int capacity)
{
    private readonly float[] _values = new float[capacity];

    /// <summary>Readings kept at most.</summary>
    public int Capacity => _values.Length;

    /// <summary>Readings kept now.</summary>
    public int Count { get; private set; }

    /// <summary>Index in <see cref="Values"/> of the oldest reading.</summary>
    public int Start { get; private set; }

    /// <summary>The ring itself.</summary>
    public float[] Values => _values;

    /// <summary>The newest reading, or NaN when there is none.</summary>
    public float Last => Count == 0 ? float.NaN : _values[(Start + Count - 1) % Capacity];

    /// <summary>Appends a reading, dropping the oldest when full.</summary>
    public void Add(float value)
    {
        if (Count < Capacity)
        {
            _values[(Start + Count) % Capacity] = value;
            Count++;
        }
        else
        {
            _values[Start] = value;
            Start = (Start + 1) % Capacity;
        }
    }

    /// <summary>Forgets every reading.</summary>
    public void Clear() => (Count, Start) = (0, 0);
}
