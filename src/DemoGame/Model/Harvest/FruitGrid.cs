namespace DemoGame.Model.Harvest;

/// <summary>
/// The board's fruit sorted into square cells, so that an agent's eyes test only the fruit
/// near it: with 2,400 agents and 400 fruit, testing every agent against every fruit took
/// most of a frame. Rebuilt once a frame (a counting sort); nothing is allocated after it is made.
/// </summary>
internal sealed class FruitGrid
{
    private const float Low = -1f;
    private const float Side = 2f;

    private readonly int _cellsAcross;
    private readonly float _cellSize;
    private readonly int[] _cellStart;
    private readonly int[] _next;
    private readonly int[] _cellOf;
    private readonly RayTarget[] _sorted;

    /// <summary>Makes a grid over the board [-1, 1]² of cells at least <paramref name="cellSize"/> wide, for up to <paramref name="capacity"/> fruit.</summary>
    public FruitGrid(float cellSize, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cellSize, 0f);
        _cellsAcross = Math.Clamp((int)(Side / cellSize), 1, 64);
        _cellSize = Side / _cellsAcross;
        _cellStart = new int[(_cellsAcross * _cellsAcross) + 1];
        _next = new int[_cellsAcross * _cellsAcross];
        _cellOf = new int[capacity];
        _sorted = new RayTarget[capacity];
    }

    /// <summary>Sorts <paramref name="fruit"/> into the cells (each fruit by its centre).</summary>
    /// <exception cref="ArgumentException">More fruit than the grid was made for.</exception>
    public void Build(ReadOnlySpan<RayTarget> fruit)
    {
        if (fruit.Length > _sorted.Length)
        {
            throw new ArgumentException($"FruitGrid: made for {_sorted.Length} fruit, given {fruit.Length}.", nameof(fruit));
        }

        // Counts per cell, their running sum (each cell's first slot), then every fruit into
        // the next free slot of its cell.
        Array.Clear(_cellStart);
        for (var i = 0; i < fruit.Length; i++)
        {
            _cellOf[i] = Cell(Column(fruit[i].X), Column(fruit[i].Y));
            _cellStart[_cellOf[i] + 1]++;
        }

        for (var c = 1; c < _cellStart.Length; c++)
        {
            _cellStart[c] += _cellStart[c - 1];
        }

        _cellStart.AsSpan(0, _next.Length).CopyTo(_next);
        for (var i = 0; i < fruit.Length; i++)
        {
            _sorted[_next[_cellOf[i]]++] = fruit[i];
        }
    }

    /// <summary>
    /// Copies into <paramref name="destination"/> every fruit whose centre lies in a cell that
    /// the square of half-side <paramref name="reach"/> around (x, y) touches: every fruit within
    /// <paramref name="reach"/> of the point, and some farther. Returns how many.
    /// </summary>
    public int Near(float x, float y, float reach, Span<RayTarget> destination)
    {
        var (left, right) = (Column(x - reach), Column(x + reach));
        var (bottom, top) = (Column(y - reach), Column(y + reach));
        var count = 0;
        for (var row = bottom; row <= top; row++)
        {
            // A row of touching cells is one run of the sorted fruit.
            var (from, to) = (_cellStart[Cell(left, row)], _cellStart[Cell(right, row) + 1]);
            _sorted.AsSpan(from, to - from).CopyTo(destination[count..]);
            count += to - from;
        }

        return count;
    }

    private int Column(float v) => Math.Clamp((int)((v - Low) / _cellSize), 0, _cellsAcross - 1);

    private int Cell(int column, int row) => (row * _cellsAcross) + column;
}
