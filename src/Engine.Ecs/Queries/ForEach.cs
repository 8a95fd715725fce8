namespace Engine.Ecs;

/// <summary>A query body over 1 component(s) of one entity, each by reference.</summary>
public delegate void ForEach<T0>(ref T0 component0);

/// <summary>A query body over 2 component(s) of one entity, each by reference.</summary>
public delegate void ForEach<T0, T1>(ref T0 component0, ref T1 component1);

/// <summary>A query body over 3 component(s) of one entity, each by reference.</summary>
public delegate void ForEach<T0, T1, T2>(ref T0 component0, ref T1 component1, ref T2 component2);

/// <summary>A query body over 4 component(s) of one entity, each by reference.</summary>
public delegate void ForEach<T0, T1, T2, T3>(ref T0 component0, ref T1 component1, ref T2 component2, ref T3 component3);
