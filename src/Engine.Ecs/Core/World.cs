using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Engine.Ecs;

/// <summary>
/// Holds entities and their components, grouped into archetypes by component set. Mirrors the
/// shape of Arch's <c>World</c> so that moving to Arch is a namespace change. Not thread-safe;
/// structural changes (create, destroy, add, remove) must not happen inside a query over the
/// same world; record them in a <see cref="CommandBuffer"/> and play it back afterwards.
/// </summary>
/// <example>
/// <code>
/// using var world = World.Create();
/// var entity = world.Create(new Position(0, 0), new Velocity(1, 2));
/// var moving = new QueryDescription().WithAll&lt;Position, Velocity&gt;();
/// world.Query(in moving, (ref Position p, ref Velocity v) =&gt; p.X += v.X);
/// </code>
/// </example>
public sealed partial class World : IDisposable
{
    private const int InitialSlots = 256;

    private readonly List<Archetype> _archetypes = [];
    private readonly Dictionary<Signature, Archetype> _archetypeBySignature = [];
    private readonly Dictionary<QueryDescription, Query> _queries = [];
    private EntitySlot[] _slots = new EntitySlot[InitialSlots];
    private int _slotCount;
    private int[] _free = new int[InitialSlots];
    private int _freeCount;
    private bool _disposed;

    private World()
    {
    }

    /// <summary>Number of live entities.</summary>
    public int Size { get; private set; }

    /// <summary>Every archetype created so far, in creation order; queries scan only the new ones.</summary>
    internal List<Archetype> Archetypes => _archetypes;

    /// <summary>Creates an empty world.</summary>
    public static World Create() => new();

    /// <summary>Destroys <paramref name="world"/>: every entity dies and its storage is released.</summary>
    public static void Destroy(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        world.Dispose();
    }

    /// <summary>
    /// Creates an entity with default values of the given component types (none: an empty
    /// entity). The generic <c>Create</c> overloads are faster and allocate nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A component type is listed twice.</exception>
    public Entity Create(params ReadOnlySpan<ComponentType> types)
    {
        var signature = Signature.Empty;
        foreach (var type in types)
        {
            signature = signature.With(type.Id);
        }

        var archetype = ArchetypeOf(signature, types.Length);
        ref var chunk = ref Spawn(archetype, out var entity, out var row);
        archetype.ResetRow(in chunk, row);
        return entity;
    }

    /// <summary>Whether <paramref name="entity"/> was created by this world and not destroyed since.</summary>
    public bool IsAlive(Entity entity) =>
        (uint)entity.Id < (uint)_slotCount
        && _slots[entity.Id].Archetype is not null
        && _slots[entity.Id].Version == entity.Version;

    /// <summary>Destroys <paramref name="entity"/>; its handle, and every copy of it, stops being alive.</summary>
    /// <exception cref="InvalidOperationException">The entity is not alive.</exception>
    public void Destroy(Entity entity)
    {
        ref var slot = ref SlotOf(entity);
        Vacate(ref slot);
        slot.Archetype = null;
        slot.Version++;

        // A slot whose version would wrap is retired, so no handle can ever alias another.
        if (slot.Version != int.MaxValue)
        {
            if (_freeCount == _free.Length)
            {
                Array.Resize(ref _free, _free.Length * 2);
            }

            _free[_freeCount++] = entity.Id;
        }

        Size--;
    }

    /// <summary>Destroys every entity and releases all storage; the world cannot be used afterwards.</summary>
    public void Dispose()
    {
        _disposed = true;
        _archetypes.Clear();
        _archetypeBySignature.Clear();
        _queries.Clear();
        _slots = [];
        _slotCount = 0;
        _free = [];
        _freeCount = 0;
        Size = 0;
    }

    /// <summary>The archetype of <paramref name="signature"/>, created on first use.</summary>
    /// <param name="signature">The component set.</param>
    /// <param name="componentCount">How many component types the caller listed; a mismatch means a type was listed twice.</param>
    private Archetype ArchetypeOf(Signature signature, int componentCount)
    {
        if (_archetypeBySignature.TryGetValue(signature, out var archetype))
        {
            return archetype;
        }

        if (signature.Count != componentCount)
        {
            throw new ArgumentException("The same component type is listed more than once.");
        }

        archetype = new Archetype(signature);
        _archetypeBySignature.Add(signature, archetype);
        _archetypes.Add(archetype);
        return archetype;
    }

    /// <summary>The archetype one component away from <paramref name="archetype"/>, cached on both as an edge.</summary>
    private Archetype NeighbourOf(Archetype archetype, int componentId)
    {
        if (!archetype.TryGetNeighbour(componentId, out var neighbour))
        {
            var signature = archetype.Signature.Has(componentId)
                ? archetype.Signature.Without(componentId)
                : archetype.Signature.With(componentId);
            neighbour = ArchetypeOf(signature, signature.Count);
            archetype.SetNeighbour(componentId, neighbour);
            neighbour.SetNeighbour(componentId, archetype);
        }

        return neighbour;
    }

    /// <summary>Takes a free slot and appends a new entity to <paramref name="archetype"/>; components are left for the caller to write.</summary>
    private ref Chunk Spawn(Archetype archetype, out Entity entity, out int row)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int id;
        if (_freeCount > 0)
        {
            id = _free[--_freeCount];
        }
        else
        {
            if (_slotCount == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
            }

            id = _slotCount++;
            _slots[id].Version = 1;
        }

        ref var slot = ref _slots[id];
        entity = new Entity(id, slot.Version);
        ref var chunk = ref archetype.Add(entity, out slot.Chunk, out row);
        slot.Archetype = archetype;
        slot.Row = row;
        Size++;
        return ref chunk;
    }

    /// <summary>Moves the entity of <paramref name="slot"/> to <paramref name="target"/>, keeping the components both share.</summary>
    private ref Chunk Move(Entity entity, ref EntitySlot slot, Archetype target)
    {
        var source = slot.Archetype!;
        ref var destination = ref target.Add(entity, out var chunkIndex, out var row);
        source.CopySharedComponents(in source.Chunks[slot.Chunk], slot.Row, target, in destination, row);
        Vacate(ref slot);
        slot.Archetype = target;
        slot.Chunk = chunkIndex;
        slot.Row = row;
        return ref destination;
    }

    /// <summary>Removes the slot's row from its archetype and repoints the entity that filled the hole.</summary>
    private void Vacate(ref EntitySlot slot)
    {
        var moved = slot.Archetype!.RemoveAt(slot.Chunk, slot.Row);
        if (moved != Entity.Null)
        {
            ref var movedSlot = ref _slots[moved.Id];
            movedSlot.Chunk = slot.Chunk;
            movedSlot.Row = slot.Row;
        }
    }

    /// <summary>The slot of a live entity.</summary>
    private ref EntitySlot SlotOf(Entity entity)
    {
        if (!IsAlive(entity))
        {
            ThrowNotAlive(entity);
        }

        return ref _slots[entity.Id];
    }

    [DoesNotReturn]
    private static void ThrowNotAlive(Entity entity) =>
        throw new InvalidOperationException($"{entity} is not alive in this world.");

    [DoesNotReturn]
    private static void ThrowMissing<T>(Entity entity) =>
        throw new InvalidOperationException($"{entity} has no {typeof(T).Name} component.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Cell<T>(in Chunk chunk, int column, int row) =>
        ref Unsafe.As<T[]>(chunk.Columns[column])[row];
}
