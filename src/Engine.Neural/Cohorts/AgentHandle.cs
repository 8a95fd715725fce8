namespace Engine.Neural;

/// <summary>
/// A stable reference to one agent of a <see cref="BrainCohort"/>. It survives other agents'
/// removal (which moves rows around); once its own agent is removed it never refers to
/// another agent, even one that reuses its id (the version differs).
/// </summary>
/// <param name="Id">Identifier within the cohort.</param>
/// <param name="Version">Incremented each time the id is freed.</param>
public readonly record struct AgentHandle(int Id, int Version);
