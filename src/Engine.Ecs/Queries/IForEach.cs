namespace Engine.Ecs;

/// <summary>A struct query body over 1 component(s); run by <c>World.InlineQuery</c> with no delegate and no allocation.</summary>
public interface IForEach<T0>
{
    /// <summary>Called once per matching entity.</summary>
    void Update(ref T0 component0);
}

/// <summary>A struct query body over 2 component(s); run by <c>World.InlineQuery</c> with no delegate and no allocation.</summary>
public interface IForEach<T0, T1>
{
    /// <summary>Called once per matching entity.</summary>
    void Update(ref T0 component0, ref T1 component1);
}

/// <summary>A struct query body over 3 component(s); run by <c>World.InlineQuery</c> with no delegate and no allocation.</summary>
public interface IForEach<T0, T1, T2>
{
    /// <summary>Called once per matching entity.</summary>
    void Update(ref T0 component0, ref T1 component1, ref T2 component2);
}

/// <summary>A struct query body over 4 component(s); run by <c>World.InlineQuery</c> with no delegate and no allocation.</summary>
public interface IForEach<T0, T1, T2, T3>
{
    /// <summary>Called once per matching entity.</summary>
    void Update(ref T0 component0, ref T1 component1, ref T2 component2, ref T3 component3);
}
