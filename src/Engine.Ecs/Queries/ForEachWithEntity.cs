namespace Engine.Ecs;

/// <summary>A query body over an entity and 1 of its component(s), each by reference.</summary>
public delegate void ForEachWithEntity<T0>(Entity entity, ref T0 component0);

/// <summary>A query body over an entity and 2 of its component(s), each by reference.</summary>
public delegate void ForEachWithEntity<T0, T1>(Entity entity, ref T0 component0, ref T1 component1);

/// <summary>A query body over an entity and 3 of its component(s), each by reference.</summary>
public delegate void ForEachWithEntity<T0, T1, T2>(Entity entity, ref T0 component0, ref T1 component1, ref T2 component2);

/// <summary>A query body over an entity and 4 of its component(s), each by reference.</summary>
public delegate void ForEachWithEntity<T0, T1, T2, T3>(Entity entity, ref T0 component0, ref T1 component1, ref T2 component2, ref T3 component3);
