namespace Engine.Ecs;

/// <summary>
/// The archetypes one <see cref="QueryDescription"/> matches in one world. The world caches one
/// per description; it picks up archetypes created since it last looked before every use, so
/// matching costs nothing in a steady state. Enumerate it for the matching chunks.
/// </summary>
public sealed class Query
{
    private readonly World _world;
    private Archetype[] _matches = [];
    private int _matchCount;
    private int _archetypesSeen;

    internal Query(World world, QueryDescription description)
    {
        _world = world;
        Description = description;
    }

    /// <summary>What this query matches.</summary>
    public QueryDescription Description { get; }

    /// <summary>The matching archetypes, up to date with the world.</summary>
    internal ReadOnlySpan<Archetype> Archetypes
    {
        get
        {
            Refresh();
            return new(_matches, 0, _matchCount);
        }
    }

    /// <summary>An enumerator over the non-empty chunks of matching archetypes.</summary>
    public ChunkEnumerator GetEnumerator()
    {
        Refresh();
        return new ChunkEnumerator(_matches, _matchCount);
    }

    private void Refresh()
    {
        var archetypes = _world.Archetypes;
        for (; _archetypesSeen < archetypes.Count; _archetypesSeen++)
        {
            var archetype = archetypes[_archetypesSeen];
            if (!Description.Matches(archetype.Signature))
            {
                continue;
            }

            if (_matchCount == _matches.Length)
            {
                Array.Resize(ref _matches, Math.Max(4, _matches.Length * 2));
            }

            _matches[_matchCount++] = archetype;
        }
    }
}
