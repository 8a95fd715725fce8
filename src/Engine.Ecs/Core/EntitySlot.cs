namespace Engine.Ecs;

/// <summary>Where a live entity's components are, and the version its handle must carry.</summary>
internal struct EntitySlot
{
    /// <summary>The entity's archetype; null while the slot is free.</summary>
    public Archetype? Archetype;

    /// <summary>Index of the chunk inside the archetype.</summary>
    public int Chunk;

    /// <summary>Row inside the chunk.</summary>
    public int Row;

    /// <summary>Current version of the slot; a handle is alive only if it carries this one.</summary>
    public int Version;
}
