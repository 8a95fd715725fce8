namespace Engine.Ecs;

/// <summary>
/// Which entities a query visits: those with every component of <see cref="All"/>, at least one
/// of <see cref="Any"/> (when it is not empty) and none of <see cref="None"/>. A value type;
/// each <c>With...</c> call returns an extended copy.
/// </summary>
/// <example>
/// <code>
/// var movingVisible = new QueryDescription().WithAll&lt;Position, Velocity&gt;().WithNone&lt;Hidden&gt;();
/// </code>
/// </example>
public readonly partial struct QueryDescription : IEquatable<QueryDescription>
{
    private QueryDescription(Signature all, Signature any, Signature none)
    {
        All = all;
        Any = any;
        None = none;
    }

    /// <summary>Components a matching entity must all have.</summary>
    public Signature All { get; }

    /// <summary>Components of which a matching entity must have at least one; ignored when empty.</summary>
    public Signature Any { get; }

    /// <summary>Components a matching entity must not have.</summary>
    public Signature None { get; }

    /// <summary>Whether two descriptions ask for the same entities.</summary>
    public static bool operator ==(QueryDescription left, QueryDescription right) => left.Equals(right);

    /// <summary>Whether two descriptions differ.</summary>
    public static bool operator !=(QueryDescription left, QueryDescription right) => !left.Equals(right);

    /// <summary>Whether an archetype with components <paramref name="signature"/> matches.</summary>
    public bool Matches(Signature signature) =>
        signature.ContainsAll(All)
        && (Any.IsEmpty || signature.Intersects(Any))
        && !signature.Intersects(None);

    /// <summary>Whether both descriptions have the same three sets.</summary>
    public bool Equals(QueryDescription other) => All == other.All && Any == other.Any && None == other.None;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is QueryDescription other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(All, Any, None);

    private QueryDescription WithAll(Signature signature) => new(All.Union(signature), Any, None);

    private QueryDescription WithAny(Signature signature) => new(All, Any.Union(signature), None);

    private QueryDescription WithNone(Signature signature) => new(All, Any, None.Union(signature));
}
