namespace DemoGame.Model.Harvest;

/// <summary>How the Harvest foragers get better (the untrained beside them never do).</summary>
internal enum HarvestLearning
{
    /// <summary>Each learns live from its own rewards, by an actor-critic policy gradient.</summary>
    PolicyGradient,

    /// <summary>The foragers are one population: each generation's fittest breed the next, fitness being the reward over the generation.</summary>
    Evolution,
}
