namespace Engine.Ecs;

/// <summary>Runs a <see cref="ForEach{T0}"/> delegate through the struct query path, so both share one loop.</summary>
internal readonly struct ForEachAdapter<T0>(ForEach<T0> forEach) : IForEach<T0>
{
    public void Update(ref T0 component0) => forEach(ref component0);
}

/// <summary>Runs a <see cref="ForEach{T0, T1}"/> delegate through the struct query path, so both share one loop.</summary>
internal readonly struct ForEachAdapter<T0, T1>(ForEach<T0, T1> forEach) : IForEach<T0, T1>
{
    public void Update(ref T0 component0, ref T1 component1) => forEach(ref component0, ref component1);
}

/// <summary>Runs a <see cref="ForEach{T0, T1, T2}"/> delegate through the struct query path, so both share one loop.</summary>
internal readonly struct ForEachAdapter<T0, T1, T2>(ForEach<T0, T1, T2> forEach) : IForEach<T0, T1, T2>
{
    public void Update(ref T0 component0, ref T1 component1, ref T2 component2) => forEach(ref component0, ref component1, ref component2);
}

/// <summary>Runs a <see cref="ForEach{T0, T1, T2, T3}"/> delegate through the struct query path, so both share one loop.</summary>
internal readonly struct ForEachAdapter<T0, T1, T2, T3>(ForEach<T0, T1, T2, T3> forEach) : IForEach<T0, T1, T2, T3>
{
    public void Update(ref T0 component0, ref T1 component1, ref T2 component2, ref T3 component3) => forEach(ref component0, ref component1, ref component2, ref component3);
}
