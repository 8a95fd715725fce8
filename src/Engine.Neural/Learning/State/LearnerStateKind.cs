namespace Engine.Neural.Learning;

/// <summary>Which learner a learner-state file belongs to (its header's kind field).</summary>
internal enum LearnerStateKind : ushort
{
    PolicyGradient = 1,
    EvolutionStrategy = 2,
    GeneticAlgorithm = 3,
}
