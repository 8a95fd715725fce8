namespace DemoGame.Model.Agents;

/// <summary>What an agent's curves show: training loss, test loss and test accuracy over time, one reading per measurement.</summary>
internal sealed class AgentHistory
{
    /// <summary>Readings kept: at one every 10 frames, the last 40 seconds of play.</summary>
    public const int Capacity = 240;

    /// <summary>Mean loss of recent training batches (smoothed: one batch's loss is noisy).</summary>
    public MetricHistory TrainLoss { get; } = new(Capacity);

    /// <summary>Mean loss on the held-out test fruit.</summary>
    public MetricHistory TestLoss { get; } = new(Capacity);

    /// <summary>Fraction of the test fruit classified right.</summary>
    public MetricHistory Accuracy { get; } = new(Capacity);

    /// <summary>Forgets every reading (a new level, a new brain).</summary>
    public void Clear()
    {
        TrainLoss.Clear();
        TestLoss.Clear();
        Accuracy.Clear();
    }
}
