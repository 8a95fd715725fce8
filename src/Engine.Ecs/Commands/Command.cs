namespace Engine.Ecs;

/// <summary>One recorded structural change; component values live in the buffer's typed stores.</summary>
/// <param name="Kind">What the command does.</param>
/// <param name="Entity">The target: a live entity, or a placeholder from <see cref="CommandBuffer.Create"/>.</param>
/// <param name="ComponentId">The component's id, or -1.</param>
/// <param name="Payload">Index of the value in the component's store, or of the placeholder for a create.</param>
internal readonly record struct Command(CommandKind Kind, Entity Entity, int ComponentId, int Payload);
