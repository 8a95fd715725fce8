using DemoGame.Model.Agents;

namespace DemoGame.Model;

/// <summary>The evolved population's best and mean fitness, one reading per generation.</summary>
internal sealed class FitnessHistory
{
    /// <summary>Generations kept: at one a frame, the last ten seconds.</summary>
    public const int Capacity = 600;

    /// <summary>The best member's fitness, per generation.</summary>
    public MetricHistory Best { get; } = new(Capacity);

    /// <summary>The population's mean fitness, per generation.</summary>
    public MetricHistory Mean { get; } = new(Capacity);

    /// <summary>Forgets every reading (a new population).</summary>
    public void Clear()
    {
        Best.Clear();
        Mean.Clear();
    }
}
