namespace Engine.Ecs;

/// <summary>What a recorded command does.</summary>
internal enum CommandKind : byte
{
    /// <summary>Creates an empty entity.</summary>
    Create,

    /// <summary>Destroys an entity.</summary>
    Destroy,

    /// <summary>Adds a component.</summary>
    Add,

    /// <summary>Overwrites a component.</summary>
    Set,

    /// <summary>Removes a component.</summary>
    Remove,
}
