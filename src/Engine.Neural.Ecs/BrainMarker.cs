using Engine.Ecs;

namespace Engine.Neural.Ecs;

/// <summary>
/// The struct query body of <see cref="BrainRegistry.Synchronize"/>: visits every entity that
/// holds a <see cref="NeuralBrain"/> without a delegate, so the pass allocates nothing.
/// </summary>
internal struct BrainMarker(BrainRegistry registry, long stamp) : IForEachWithEntity<NeuralBrain>
{
    public readonly void Update(Entity entity, ref NeuralBrain brain) => registry.Mark(entity, in brain, stamp);
}
