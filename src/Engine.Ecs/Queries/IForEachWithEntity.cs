namespace Engine.Ecs;

/// <summary>A struct query body over an entity and 1 of its component(s); run by <c>World.InlineEntityQuery</c>.</summary>
public interface IForEachWithEntity<T0>
{
    /// <summary>Called once per matching entity.</summary>
    void Update(Entity entity, ref T0 component0);
}

/// <summary>A struct query body over an entity and 2 of its component(s); run by <c>World.InlineEntityQuery</c>.</summary>
public interface IForEachWithEntity<T0, T1>
{
    /// <summary>Called once per matching entity.</summary>
    void Update(Entity entity, ref T0 component0, ref T1 component1);
}

/// <summary>A struct query body over an entity and 3 of its component(s); run by <c>World.InlineEntityQuery</c>.</summary>
public interface IForEachWithEntity<T0, T1, T2>
{
    /// <summary>Called once per matching entity.</summary>
    void Update(Entity entity, ref T0 component0, ref T1 component1, ref T2 component2);
}

/// <summary>A struct query body over an entity and 4 of its component(s); run by <c>World.InlineEntityQuery</c>.</summary>
public interface IForEachWithEntity<T0, T1, T2, T3>
{
    /// <summary>Called once per matching entity.</summary>
    void Update(Entity entity, ref T0 component0, ref T1 component1, ref T2 component2, ref T3 component3);
}
