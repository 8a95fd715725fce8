namespace Engine.Ecs;

/// <summary>A component type as a value (id and CLR type), for APIs that take a list of types; get one from <see cref="ComponentType{T}.Value"/>.</summary>
public readonly struct ComponentType : IEquatable<ComponentType>
{
    internal ComponentType(int id, Type type)
    {
        Id = id;
        Type = type;
    }

    /// <summary>The component's id (see <see cref="ComponentType{T}.Id"/>).</summary>
    public int Id { get; }

    /// <summary>The component's CLR type.</summary>
    public Type Type { get; }

    /// <summary>Whether both name the same component type.</summary>
    public static bool operator ==(ComponentType left, ComponentType right) => left.Equals(right);

    /// <summary>Whether the two name different component types.</summary>
    public static bool operator !=(ComponentType left, ComponentType right) => !left.Equals(right);

    /// <summary>Whether both name the same component type.</summary>
    public bool Equals(ComponentType other) => Id == other.Id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ComponentType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Id;

    /// <inheritdoc />
    public override string ToString() => Type.Name;
}
