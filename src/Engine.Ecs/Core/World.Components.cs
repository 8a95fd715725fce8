using System.Diagnostics.CodeAnalysis;

namespace Engine.Ecs;

/// <content>Reading, writing, adding and removing one component of one entity.</content>
public sealed partial class World
{
    /// <summary>A reference to <paramref name="entity"/>'s <typeparamref name="T"/>, valid until the next structural change.</summary>
    /// <typeparam name="T">The component type.</typeparam>
    /// <exception cref="InvalidOperationException">The entity is not alive or has no <typeparamref name="T"/>.</exception>
    public ref T Get<T>(Entity entity)
    {
        ref var slot = ref SlotOf(entity);
        var column = slot.Archetype!.ColumnIndex(ComponentType<T>.Id);
        if (column < 0)
        {
            ThrowMissing<T>(entity);
        }

        return ref Cell<T>(in slot.Archetype.Chunks[slot.Chunk], column, slot.Row);
    }

    /// <summary>Overwrites <paramref name="entity"/>'s existing <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The component type.</typeparam>
    /// <exception cref="InvalidOperationException">The entity is not alive or has no <typeparamref name="T"/>.</exception>
    public void Set<T>(Entity entity, in T component) => Get<T>(entity) = component;

    /// <summary>Whether <paramref name="entity"/> has a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The component type.</typeparam>
    /// <exception cref="InvalidOperationException">The entity is not alive.</exception>
    public bool Has<T>(Entity entity) => SlotOf(entity).Archetype!.ColumnIndex(ComponentType<T>.Id) >= 0;

    /// <summary>Gets <paramref name="entity"/>'s <typeparamref name="T"/> if it has one.</summary>
    /// <typeparam name="T">The component type.</typeparam>
    /// <exception cref="InvalidOperationException">The entity is not alive.</exception>
    public bool TryGet<T>(Entity entity, [MaybeNullWhen(false)] out T component)
    {
        ref var slot = ref SlotOf(entity);
        var column = slot.Archetype!.ColumnIndex(ComponentType<T>.Id);
        component = column < 0 ? default : Cell<T>(in slot.Archetype.Chunks[slot.Chunk], column, slot.Row);
        return column >= 0;
    }

    /// <summary>Gives <paramref name="entity"/> a <typeparamref name="T"/>, moving it to the archetype with that component.</summary>
    /// <typeparam name="T">The component type.</typeparam>
    /// <exception cref="InvalidOperationException">The entity is not alive or already has a <typeparamref name="T"/>.</exception>
    public void Add<T>(Entity entity, in T component = default!)
    {
        ref var slot = ref SlotOf(entity);
        var id = ComponentType<T>.Id;
        if (slot.Archetype!.ColumnIndex(id) >= 0)
        {
            throw new InvalidOperationException($"{entity} already has a {typeof(T).Name} component; use Set to change it.");
        }

        var target = NeighbourOf(slot.Archetype, id);
        ref var chunk = ref Move(entity, ref slot, target);
        Cell<T>(in chunk, target.ColumnIndex(id), slot.Row) = component;
    }

    /// <summary>Takes <paramref name="entity"/>'s <typeparamref name="T"/> away, moving it to the archetype without that component.</summary>
    /// <typeparam name="T">The component type.</typeparam>
    /// <exception cref="InvalidOperationException">The entity is not alive or has no <typeparamref name="T"/>.</exception>
    public void Remove<T>(Entity entity)
    {
        ref var slot = ref SlotOf(entity);
        var id = ComponentType<T>.Id;
        if (slot.Archetype!.ColumnIndex(id) < 0)
        {
            ThrowMissing<T>(entity);
        }

        Move(entity, ref slot, NeighbourOf(slot.Archetype, id));
    }
}
