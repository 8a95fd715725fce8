namespace DemoGame.Ui;

/// <summary>
/// What <see cref="UiContext.LayeredGraph"/> shows: columns of nodes, and a value on every
/// edge between a node and each node of the next column (a layered network's weights, say).
/// The owner makes it once with the column sizes and fills <see cref="Edges"/> (and, if it
/// likes, <see cref="Textures"/>) whenever the values change; nothing is copied per frame.
/// </summary>
internal sealed class LayeredGraphData
{
    private readonly int[] _sizes;
    private readonly float[][] _edges;
    private readonly uint[][] _textures;
    private readonly float[][] _values;
    private readonly UiColor[][] _colors;

    /// <summary>Makes a graph whose column c has <c>columnSizes[c]</c> nodes, all edge values 0 and no textures.</summary>
    public LayeredGraphData(params ReadOnlySpan<int> columnSizes)
    {
        if (columnSizes.Length < 1)
        {
            throw new ArgumentException("A graph needs at least one column.", nameof(columnSizes));
        }

        _sizes = columnSizes.ToArray();
        foreach (var size in _sizes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(columnSizes));
        }

        _edges = new float[_sizes.Length - 1][];
        for (var c = 0; c < _edges.Length; c++)
        {
            _edges[c] = new float[_sizes[c] * _sizes[c + 1]];
        }

        _textures = new uint[_sizes.Length][];
        _values = new float[_sizes.Length][];
        _colors = new UiColor[_sizes.Length][];
        for (var c = 0; c < _sizes.Length; c++)
        {
            _textures[c] = new uint[_sizes[c]];
            _colors[c] = new UiColor[_sizes[c]];
            _values[c] = new float[_sizes[c]];
            Array.Fill(_values[c], float.NaN);
        }

        ColumnNames = new string[_sizes.Length];
        for (var c = 0; c < _sizes.Length; c++)
        {
            ColumnNames[c] = $"column {c + 1}";
        }
    }

    /// <summary>
    /// What the tooltips call each column's nodes ("input", "layer 1"...); a node is shown as
    /// its column's name and its one-based number. Defaults to "column 1", "column 2"...
    /// </summary>
    public string[] ColumnNames { get; }

    /// <summary>What a node's value is called in its tooltip ("bias", say).</summary>
    public string NodeValueName { get; set; } = "value";

    /// <summary>What an edge's value is called in its tooltip ("weight", say).</summary>
    public string EdgeValueName { get; set; } = "value";

    /// <summary>A value per node of <paramref name="column"/>, shown in its tooltip; NaN (the default) shows none.</summary>
    public Span<float> NodeValues(int column) => _values[column];

    /// <summary>
    /// A colour per node of <paramref name="column"/> (what a neuron's activation looks like, say),
    /// filling the node where it has no texture; <see cref="UiColor.Transparent"/> (the default)
    /// leaves the style's plain node colour. Write into the span to set them.
    /// </summary>
    public Span<UiColor> NodeColors(int column) => _colors[column];

    /// <summary>How many columns.</summary>
    public int ColumnCount => _sizes.Length;

    /// <summary>
    /// Whether node textures are stored bottom row first (as GL renders into them), so they
    /// are drawn flipped. False: the first uploaded row is the top.
    /// </summary>
    public bool FlipTextures { get; set; }

    /// <summary>How many nodes column <paramref name="column"/> has.</summary>
    public int NodeCount(int column) => _sizes[column];

    /// <summary>
    /// The values of the edges from column <paramref name="column"/> to column + 1, laid out
    /// as a weight matrix that maps the left column to the right one: the edge from node
    /// <c>from</c> to node <c>to</c> is at <c>to * NodeCount(column) + from</c> (row-major,
    /// one row per right-hand node). Write into the span to set them.
    /// </summary>
    public Span<float> Edges(int column) => _edges[column];

    /// <summary>The value on the edge from node <paramref name="from"/> of <paramref name="column"/> to node <paramref name="to"/> of the next column.</summary>
    public ref float Edge(int column, int from, int to) => ref _edges[column][(to * _sizes[column]) + from];

    /// <summary>GL texture names shown inside column <paramref name="column"/>'s nodes (0: a plain square). Write into the span to set them.</summary>
    public Span<uint> Textures(int column) => _textures[column];

    /// <summary>The largest |value| over all edges (0 when all are 0).</summary>
    public float MaxMagnitude()
    {
        var max = 0f;
        foreach (var column in _edges)
        {
            foreach (var v in column)
            {
                if (float.IsFinite(v))
                {
                    max = Math.Max(max, Math.Abs(v));
                }
            }
        }

        return max;
    }
}
