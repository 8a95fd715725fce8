namespace Engine.Ecs.Tests.Support;

/// <summary>One component type seen through an int, so the churn test drives every type with one piece of code.</summary>
public abstract class ComponentKind
{
    public abstract void Add(World world, Entity entity, int value);

    public abstract void Set(World world, Entity entity, int value);

    public abstract void Remove(World world, Entity entity);

    public abstract bool Has(World world, Entity entity);

    public abstract int Get(World world, Entity entity);

    public abstract void Add(CommandBuffer buffer, Entity entity, int value);

    public abstract void Remove(CommandBuffer buffer, Entity entity);

    public abstract int Count(World world);
}

public sealed class ComponentKind<T>(Func<int, T> make, Func<T, int> read) : ComponentKind
{
    private static readonly QueryDescription Having = new QueryDescription().WithAll<T>();

    public override void Add(World world, Entity entity, int value) => world.Add(entity, make(value));

    public override void Set(World world, Entity entity, int value) => world.Set(entity, make(value));

    public override void Remove(World world, Entity entity) => world.Remove<T>(entity);

    public override bool Has(World world, Entity entity) => world.Has<T>(entity);

    public override int Get(World world, Entity entity) => read(world.Get<T>(entity));

    public override void Add(CommandBuffer buffer, Entity entity, int value) => buffer.Add(entity, make(value));

    public override void Remove(CommandBuffer buffer, Entity entity) => buffer.Remove<T>(entity);

    public override int Count(World world) => world.CountEntities(in Having);
}
