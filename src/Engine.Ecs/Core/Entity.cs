namespace Engine.Ecs;

/// <summary>
/// A handle to an entity in a <see cref="World"/>: a slot id and the version the slot had
/// when the entity was created. Destroying an entity bumps its slot's version, so an old
/// handle never names the entity that later reuses the slot.
/// </summary>
public readonly struct Entity : IEquatable<Entity>
{
    internal Entity(int id, int version)
    {
        Id = id;
        Version = version;
    }

    /// <summary>A handle that is never alive (versions of live entities start at 1).</summary>
    public static Entity Null => default;

    /// <summary>The slot this entity occupies; reused after the entity is destroyed.</summary>
    public int Id { get; }

    /// <summary>The slot's version at creation; tells this entity apart from later users of the slot.</summary>
    public int Version { get; }

    /// <summary>Whether two handles name the same entity (same slot and version).</summary>
    public static bool operator ==(Entity left, Entity right) => left.Equals(right);

    /// <summary>Whether two handles name different entities.</summary>
    public static bool operator !=(Entity left, Entity right) => !left.Equals(right);

    /// <summary>Whether this handle names the same entity as <paramref name="other"/>.</summary>
    public bool Equals(Entity other) => Id == other.Id && Version == other.Version;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Entity other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Version);

    /// <inheritdoc />
    public override string ToString() => $"Entity({Id}v{Version})";
}
