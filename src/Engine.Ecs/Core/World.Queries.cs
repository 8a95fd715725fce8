namespace Engine.Ecs;

/// <content>Finding the chunks a query matches.</content>
public sealed partial class World
{
    /// <summary>
    /// The query for <paramref name="description"/>, cached per description: enumerate it for the
    /// matching chunks (<c>foreach (ref var chunk in world.Query(in description))</c>).
    /// </summary>
    public Query Query(in QueryDescription description)
    {
        if (!_queries.TryGetValue(description, out var query))
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            query = new Query(this, description);
            _queries.Add(description, query);
        }

        return query;
    }

    /// <summary>Number of live entities that <paramref name="description"/> matches.</summary>
    public int CountEntities(in QueryDescription description)
    {
        var count = 0;
        foreach (var archetype in Query(in description).Archetypes)
        {
            count += archetype.EntityCount;
        }

        return count;
    }
}
