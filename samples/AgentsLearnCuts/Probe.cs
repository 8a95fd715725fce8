namespace AgentsLearnCuts;

/// <summary>The point an entity looks at this frame, in the unit square; kept so that it can be judged after the brain answers.</summary>
/// <param name="X">Horizontal position in [0, 1).</param>
/// <param name="Y">Vertical position in [0, 1).</param>
public record struct Probe(float X, float Y);
