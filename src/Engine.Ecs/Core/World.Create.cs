namespace Engine.Ecs;

/// <content>Creating an entity with its components, one overload per number of components.</content>
public sealed partial class World
{
    /// <summary>Creates an entity with the given components.</summary>
    /// <exception cref="ArgumentException">A component type is listed twice.</exception>
    public Entity Create<T0>(in T0 component0 = default!)
    {
        ref var chunk = ref Spawn(ArchetypeOf(SignatureOf<T0>.Value, 1), out var entity, out var row);
        chunk.GetArray<T0>()[row] = component0;
        return entity;
    }

    /// <summary>Creates an entity with the given components.</summary>
    /// <exception cref="ArgumentException">A component type is listed twice.</exception>
    public Entity Create<T0, T1>(in T0 component0 = default!, in T1 component1 = default!)
    {
        ref var chunk = ref Spawn(ArchetypeOf(SignatureOf<T0, T1>.Value, 2), out var entity, out var row);
        chunk.GetArray<T0>()[row] = component0;
        chunk.GetArray<T1>()[row] = component1;
        return entity;
    }

    /// <summary>Creates an entity with the given components.</summary>
    /// <exception cref="ArgumentException">A component type is listed twice.</exception>
    public Entity Create<T0, T1, T2>(in T0 component0 = default!, in T1 component1 = default!, in T2 component2 = default!)
    {
        ref var chunk = ref Spawn(ArchetypeOf(SignatureOf<T0, T1, T2>.Value, 3), out var entity, out var row);
        chunk.GetArray<T0>()[row] = component0;
        chunk.GetArray<T1>()[row] = component1;
        chunk.GetArray<T2>()[row] = component2;
        return entity;
    }

    /// <summary>Creates an entity with the given components.</summary>
    /// <exception cref="ArgumentException">A component type is listed twice.</exception>
    public Entity Create<T0, T1, T2, T3>(in T0 component0 = default!, in T1 component1 = default!, in T2 component2 = default!, in T3 component3 = default!)
    {
        ref var chunk = ref Spawn(ArchetypeOf(SignatureOf<T0, T1, T2, T3>.Value, 4), out var entity, out var row);
        chunk.GetArray<T0>()[row] = component0;
        chunk.GetArray<T1>()[row] = component1;
        chunk.GetArray<T2>()[row] = component2;
        chunk.GetArray<T3>()[row] = component3;
        return entity;
    }
}
