namespace Engine.Ecs;

/// <summary>
/// The process-wide id of component type <typeparamref name="T"/>. Ids are small and dense,
/// so signatures are bitsets and archetypes find a column with one array lookup.
/// </summary>
/// <typeparam name="T">The component type.</typeparam>
public static class ComponentType<T>
{
    /// <summary>The id of <typeparamref name="T"/>, assigned on first use.</summary>
    public static readonly int Id = ComponentRegistry.Register<T>();

    /// <summary><typeparamref name="T"/> as a value, for APIs that take a list of component types.</summary>
    public static readonly ComponentType Value = new(Id, typeof(T));
}
