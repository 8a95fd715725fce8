namespace Engine.Ecs;

/// <summary>Walks the non-empty chunks of a <see cref="Query"/>'s archetypes; a struct, so <c>foreach</c> allocates nothing.</summary>
public struct ChunkEnumerator
{
    private readonly Archetype[] _archetypes;
    private readonly int _archetypeCount;
    private int _archetype;
    private int _chunk;

    internal ChunkEnumerator(Archetype[] archetypes, int archetypeCount)
    {
        _archetypes = archetypes;
        _archetypeCount = archetypeCount;
        _archetype = 0;
        _chunk = -1;
    }

    /// <summary>The current chunk, by reference.</summary>
    public readonly ref Chunk Current => ref _archetypes[_archetype].Chunks[_chunk];

    /// <summary>Advances to the next non-empty chunk; false when there is none.</summary>
    public bool MoveNext()
    {
        while (_archetype < _archetypeCount)
        {
            if (++_chunk < _archetypes[_archetype].ChunkCount)
            {
                return true;
            }

            _archetype++;
            _chunk = -1;
        }

        return false;
    }
}
