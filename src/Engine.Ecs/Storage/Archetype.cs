using System.Runtime.CompilerServices;

namespace Engine.Ecs;

/// <summary>
/// All entities that have exactly one set of components, packed densely into chunks:
/// every chunk but the last is full, so iteration touches no holes.
/// </summary>
internal sealed class Archetype
{
    /// <summary>
    /// Bytes of component data (entity column included) a full-size chunk aims for. Long
    /// chunks iterate at the speed of one array: every chunk boundary starts new memory streams
    /// (1,000,000 entities of two 12-byte components, 2 cores: 16 KB chunks ran at 0.3 of a
    /// plain array's speed, 64 KB at 0.64, 256 KB at 0.97).
    /// </summary>
    public const int ChunkBytes = 256 * 1024;

    /// <summary>Bytes of an archetype's first chunk: each next one doubles, up to <see cref="ChunkBytes"/>, so that an archetype of a few entities stays small.</summary>
    public const int FirstChunkBytes = 16 * 1024;

    // Very wide rows would leave a chunk nearly empty; a floor keeps chunks worth visiting.
    private const int MinChunkCapacity = 16;

    private readonly ComponentInfo[] _infos;
    private readonly int[] _columnOf;
    private readonly Dictionary<int, Archetype> _neighbours = [];
    private readonly int _firstChunkCapacity;

    public Archetype(Signature signature)
    {
        Signature = signature;
        ComponentIds = signature.ToIds();
        _infos = Array.ConvertAll(ComponentIds, ComponentRegistry.Get);
        _columnOf = new int[ComponentIds.Length == 0 ? 0 : ComponentIds[^1] + 1];
        Array.Fill(_columnOf, -1);
        var rowBytes = Unsafe.SizeOf<Entity>();
        for (var column = 0; column < ComponentIds.Length; column++)
        {
            _columnOf[ComponentIds[column]] = column;
            rowBytes += _infos[column].Size;
        }

        ChunkCapacity = Math.Max(MinChunkCapacity, ChunkBytes / rowBytes);
        _firstChunkCapacity = Math.Min(ChunkCapacity, Math.Max(MinChunkCapacity, FirstChunkBytes / rowBytes));
    }

    /// <summary>The components every entity here has.</summary>
    public Signature Signature { get; }

    /// <summary>Component ids in column order (ascending).</summary>
    public int[] ComponentIds { get; }

    /// <summary>Entities a full-size chunk holds (the first chunks hold fewer, see <see cref="CapacityOf"/>).</summary>
    public int ChunkCapacity { get; }

    /// <summary>Chunks; the first <see cref="ChunkCount"/> hold entities, later ones are kept for reuse.</summary>
    public Chunk[] Chunks { get; private set; } = [];

    /// <summary>Number of chunks holding entities.</summary>
    public int ChunkCount { get; private set; }

    /// <summary>Number of entities in the archetype.</summary>
    public int EntityCount { get; private set; }

    /// <summary>Column of component <paramref name="componentId"/>, or -1.</summary>
    public int ColumnIndex(int componentId) =>
        (uint)componentId < (uint)_columnOf.Length ? _columnOf[componentId] : -1;

    /// <summary>The archetype reached by adding or removing component <paramref name="componentId"/>, if already known.</summary>
    public bool TryGetNeighbour(int componentId, out Archetype neighbour) =>
        _neighbours.TryGetValue(componentId, out neighbour!);

    /// <summary>Remembers the archetype reached by toggling <paramref name="componentId"/>, so moves skip the signature lookup.</summary>
    public void SetNeighbour(int componentId, Archetype neighbour) => _neighbours[componentId] = neighbour;

    /// <summary>Appends <paramref name="entity"/> with uninitialised components and says where it went.</summary>
    public ref Chunk Add(Entity entity, out int chunkIndex, out int row)
    {
        if (ChunkCount == 0 || Chunks[ChunkCount - 1].Count == Chunks[ChunkCount - 1].Capacity)
        {
            OpenChunk();
        }

        chunkIndex = ChunkCount - 1;
        ref var chunk = ref Chunks[chunkIndex];
        row = chunk.Count;
        chunk.Count = row + 1;
        chunk.EntityArray[row] = entity;
        EntityCount++;
        return ref chunk;
    }

    /// <summary>
    /// Removes the entity at (<paramref name="chunkIndex"/>, <paramref name="row"/>) by moving the
    /// archetype's last entity into its place; returns the moved entity, or <see cref="Entity.Null"/>.
    /// </summary>
    public Entity RemoveAt(int chunkIndex, int row)
    {
        var lastIndex = ChunkCount - 1;
        ref var last = ref Chunks[lastIndex];
        var lastRow = last.Count - 1;
        var moved = Entity.Null;
        if (chunkIndex != lastIndex || row != lastRow)
        {
            ref var hole = ref Chunks[chunkIndex];
            for (var column = 0; column < _infos.Length; column++)
            {
                _infos[column].Copy(last.Columns[column], lastRow, hole.Columns[column], row);
            }

            moved = last.EntityArray[lastRow];
            hole.EntityArray[row] = moved;
        }

        for (var column = 0; column < _infos.Length; column++)
        {
            _infos[column].Release(last.Columns[column], lastRow);
        }

        last.Count = lastRow;
        if (lastRow == 0)
        {
            ChunkCount--;
        }

        EntityCount--;
        return moved;
    }

    /// <summary>Copies every component both archetypes have from a row here to a row of <paramref name="target"/>.</summary>
    public void CopySharedComponents(in Chunk source, int sourceRow, Archetype target, in Chunk destination, int destinationRow)
    {
        for (var column = 0; column < _infos.Length; column++)
        {
            var targetColumn = target.ColumnIndex(ComponentIds[column]);
            if (targetColumn >= 0)
            {
                _infos[column].Copy(source.Columns[column], sourceRow, destination.Columns[targetColumn], destinationRow);
            }
        }
    }

    /// <summary>Writes default values into every component of a row, which may hold a destroyed entity's data.</summary>
    public void ResetRow(in Chunk chunk, int row)
    {
        for (var column = 0; column < _infos.Length; column++)
        {
            _infos[column].Reset(chunk.Columns[column], row);
        }
    }

    /// <summary>Entities chunk <paramref name="index"/> holds: the first chunk's capacity doubled per chunk, up to <see cref="ChunkCapacity"/>.</summary>
    public int CapacityOf(int index)
    {
        var capacity = (long)_firstChunkCapacity << Math.Min(index, 30);
        return (int)Math.Min(capacity, ChunkCapacity);
    }

    private void OpenChunk()
    {
        if (ChunkCount == Chunks.Length)
        {
            var grown = Chunks;
            Array.Resize(ref grown, Math.Max(4, Chunks.Length * 2));
            Chunks = grown;
        }

        if (!Chunks[ChunkCount].IsAllocated)
        {
            var capacity = CapacityOf(ChunkCount);
            var columns = new Array[_infos.Length];
            for (var column = 0; column < columns.Length; column++)
            {
                columns[column] = _infos[column].CreateColumn(capacity);
            }

            Chunks[ChunkCount] = new Chunk(new Entity[capacity], columns, _columnOf);
        }

        ChunkCount++;
    }
}
