using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engine.Ecs;

/// <summary>
/// A block of up to <see cref="Capacity"/> entities of one archetype, stored as a struct of
/// arrays: one contiguous array per component, all indexed by the same row.
/// </summary>
/// <example>
/// <code>
/// foreach (ref var chunk in world.Query(in description))
/// {
///     var positions = chunk.GetSpan&lt;Position&gt;();
///     var velocities = chunk.GetSpan&lt;Velocity&gt;();
///     for (var i = 0; i &lt; chunk.Count; i++)
///     {
///         positions[i].X += velocities[i].X;
///     }
/// }
/// </code>
/// </example>
public struct Chunk
{
    private readonly Entity[] _entities;
    private readonly Array[] _columns;
    private readonly int[] _columnOf;

    internal Chunk(Entity[] entities, Array[] columns, int[] columnOf)
    {
        _entities = entities;
        _columns = columns;
        _columnOf = columnOf;
    }

    /// <summary>Number of entities in the chunk; rows <c>0..Count-1</c> are filled.</summary>
    public int Count { readonly get; internal set; }

    /// <summary>Number of entities the chunk can hold.</summary>
    public readonly int Capacity => _entities.Length;

    /// <summary>The entities of the chunk; row <c>i</c> of every component belongs to <c>Entities[i]</c>.</summary>
    public readonly ReadOnlySpan<Entity> Entities => new(_entities, 0, Count);

    internal readonly bool IsAllocated => _entities is not null;

    internal readonly Entity[] EntityArray => _entities;

    internal readonly Array[] Columns => _columns;

    /// <summary>Whether the chunk stores component <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The component type.</typeparam>
    public readonly bool Has<T>() => ColumnIndex(ComponentType<T>.Id) >= 0;

    /// <summary>The filled rows of component <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The component type; the chunk must store it.</typeparam>
    public readonly Span<T> GetSpan<T>() => new(GetArray<T>(), 0, Count);

    /// <summary>The whole column of component <typeparamref name="T"/>, <see cref="Capacity"/> long; only the first <see cref="Count"/> rows are filled.</summary>
    /// <typeparam name="T">The component type; the chunk must store it.</typeparam>
    public readonly T[] GetArray<T>()
    {
        var column = ColumnIndex(ComponentType<T>.Id);
        if (column < 0)
        {
            ThrowMissing(typeof(T));
        }

        return Unsafe.As<T[]>(_columns[column]);
    }

    /// <summary>A reference to row 0 of component <typeparamref name="T"/>, for loops that index with <see cref="Unsafe.Add{T}(ref T, int)"/>.</summary>
    /// <typeparam name="T">The component type; the chunk must store it.</typeparam>
    public readonly ref T GetFirst<T>() => ref MemoryMarshal.GetArrayDataReference(GetArray<T>());

    internal readonly int ColumnIndex(int componentId) =>
        (uint)componentId < (uint)_columnOf.Length ? _columnOf[componentId] : -1;

    private static void ThrowMissing(Type type) =>
        throw new InvalidOperationException($"The chunk does not store component {type.Name}; add it to the query's WithAll.");
}
