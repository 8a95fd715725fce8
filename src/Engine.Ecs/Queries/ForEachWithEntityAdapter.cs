namespace Engine.Ecs;

/// <summary>Runs a <see cref="ForEachWithEntity{T0}"/> delegate through the struct query path.</summary>
internal readonly struct ForEachWithEntityAdapter<T0>(ForEachWithEntity<T0> forEach) : IForEachWithEntity<T0>
{
    public void Update(Entity entity, ref T0 component0) => forEach(entity, ref component0);
}

/// <summary>Runs a <see cref="ForEachWithEntity{T0, T1}"/> delegate through the struct query path.</summary>
internal readonly struct ForEachWithEntityAdapter<T0, T1>(ForEachWithEntity<T0, T1> forEach) : IForEachWithEntity<T0, T1>
{
    public void Update(Entity entity, ref T0 component0, ref T1 component1) => forEach(entity, ref component0, ref component1);
}

/// <summary>Runs a <see cref="ForEachWithEntity{T0, T1, T2}"/> delegate through the struct query path.</summary>
internal readonly struct ForEachWithEntityAdapter<T0, T1, T2>(ForEachWithEntity<T0, T1, T2> forEach) : IForEachWithEntity<T0, T1, T2>
{
    public void Update(Entity entity, ref T0 component0, ref T1 component1, ref T2 component2) => forEach(entity, ref component0, ref component1, ref component2);
}

/// <summary>Runs a <see cref="ForEachWithEntity{T0, T1, T2, T3}"/> delegate through the struct query path.</summary>
internal readonly struct ForEachWithEntityAdapter<T0, T1, T2, T3>(ForEachWithEntity<T0, T1, T2, T3> forEach) : IForEachWithEntity<T0, T1, T2, T3>
{
    public void Update(Entity entity, ref T0 component0, ref T1 component1, ref T2 component2, ref T3 component3) => forEach(entity, ref component0, ref component1, ref component2, ref component3);
}
