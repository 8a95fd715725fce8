namespace Engine.Ecs;

/// <summary>
/// Values of one component type recorded by a <see cref="CommandBuffer"/>, with the generic
/// world calls that apply them, so playback needs neither boxing nor reflection.
/// </summary>
internal abstract class ComponentStore
{
    /// <summary>Adds the recorded value <paramref name="index"/> to <paramref name="entity"/>.</summary>
    public abstract void Add(World world, Entity entity, int index);

    /// <summary>Overwrites <paramref name="entity"/>'s component with recorded value <paramref name="index"/>.</summary>
    public abstract void Set(World world, Entity entity, int index);

    /// <summary>Removes the component from <paramref name="entity"/>.</summary>
    public abstract void Remove(World world, Entity entity);

    /// <summary>Forgets the recorded values, keeping the capacity.</summary>
    public abstract void Clear();
}
