namespace DemoGame.Model.Agents;

/// <summary>
/// The ECS component naming an agent entity's place in the line-up (its thumbnail, its key).
/// The entity's other component is its <see cref="Engine.Neural.Ecs.NeuralBrain"/>.
/// </summary>
/// <param name="Index">Position in the line-up, from 0.</param>
internal readonly record struct AgentCard(int Index);
