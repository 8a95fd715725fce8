namespace Engine.Neural.Learning;

/// <summary>
/// A search that treats a cohort's agents as its population: the game scores every agent, and
/// one call writes the next generation into the cohort in place.
/// </summary>
public interface IEvolution
{
    /// <summary>Agents of the population (the cohort's rows).</summary>
    int PopulationSize { get; }

    /// <summary>Generations written so far.</summary>
    int Generation { get; }

    /// <summary>Writes the next generation from <paramref name="fitness"/>, one score per row of the cohort (higher is better).</summary>
    void NextGeneration(ReadOnlySpan<float> fitness);
}
