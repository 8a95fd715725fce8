namespace Engine.Ecs;

/// <summary>
/// Type-erased storage operations for one component type, so that archetypes can move rows
/// between columns of any type without reflection.
/// </summary>
internal abstract class ComponentInfo
{
    protected ComponentInfo(int size) => Size = size;

    /// <summary>Bytes one value occupies in a column.</summary>
    public int Size { get; }

    /// <summary>Allocates a column of <paramref name="capacity"/> values.</summary>
    public abstract Array CreateColumn(int capacity);

    /// <summary>Copies one value between two columns of this type.</summary>
    public abstract void Copy(Array source, int sourceRow, Array destination, int destinationRow);

    /// <summary>Drops references a vacated row holds, so the GC can collect them; plain data is left as is.</summary>
    public abstract void Release(Array column, int row);

    /// <summary>Writes the default value into a row.</summary>
    public abstract void Reset(Array column, int row);
}
