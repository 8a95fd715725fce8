namespace Engine.Neural.Learning;

/// <summary>
/// A learner's per-agent field: <see cref="Stride"/> values per cohort row, grown with the
/// cohort and moved the way the cohort moves rows (the last row into a removed one), so that
/// a learner's state stays aligned with <see cref="BrainCohort.RowOf"/>.
/// </summary>
internal sealed class RowBuffer<T> : IRowBuffer
{
    private T[] _values;

    public RowBuffer(int stride, int capacity)
    {
        Stride = stride;
        _values = new T[stride * capacity];
    }

    /// <summary>Values per row.</summary>
    public int Stride { get; }

    /// <summary>Every row, <c>[capacity x Stride]</c>.</summary>
    public T[] Values => _values;

    /// <summary>The values of one row.</summary>
    public Span<T> Row(int row) => _values.AsSpan(row * Stride, Stride);

    /// <summary>One value of one row.</summary>
    public ref T At(int row, int index = 0) => ref _values[(row * Stride) + index];

    /// <inheritdoc/>
    public void EnsureCapacity(int rows)
    {
        if (rows * Stride > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(rows, 2 * (_values.Length / Math.Max(1, Stride))) * Stride);
        }
    }

    /// <inheritdoc/>
    public void Move(int from, int to) => Row(from).CopyTo(Row(to));
}
