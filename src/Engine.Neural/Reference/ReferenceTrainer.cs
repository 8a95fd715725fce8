namespace Engine.Neural.Reference;

/// <summary>
/// Mini-batch gradient descent on a <see cref="ReferenceNetwork"/>: each step averages the
/// gradient over the batch and applies it through a <see cref="ReferenceOptimizer"/>.
/// </summary>
public sealed class ReferenceTrainer
{
    /// <summary>Creates a trainer for <paramref name="network"/>.</summary>
    /// <exception cref="InvalidOperationException">The spec uses a step activation.</exception>
    public ReferenceTrainer(ReferenceNetwork network, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(settings);
        network.Spec.EnsureTrainable();
        Network = network;
        Settings = settings.Validate();
        Optimizer = new ReferenceOptimizer(network.Spec);
    }

    /// <summary>The network being trained.</summary>
    public ReferenceNetwork Network { get; }

    /// <summary>The optimiser and its state.</summary>
    public ReferenceOptimizer Optimizer { get; }

    /// <summary>The settings; may be changed between steps.</summary>
    public TrainingSettings Settings { get; set; }

    /// <summary>One step on one batch; returns the batch's mean loss before the step.</summary>
    public double Step(IReadOnlyList<double[]> inputs, IReadOnlyList<double[]> targets)
    {
        var loss = Network.BatchLoss(inputs, targets);
        Optimizer.Step(Network, Network.BatchGradient(inputs, targets), Settings);
        return loss;
    }

    /// <summary>
    /// Runs <paramref name="epochs"/> passes over a data set, shuffled from
    /// <paramref name="seed"/> each epoch and cut into batches of <see cref="TrainingSettings.BatchSize"/>.
    /// Returns the mean loss of the last epoch's batches (NaN when <paramref name="epochs"/> is 0).
    /// </summary>
    /// <exception cref="ArgumentException">Inputs and targets differ in count, or are empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is negative.</exception>
    public double TrainEpochs(IReadOnlyList<double[]> inputs, IReadOnlyList<double[]> targets, int epochs, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Count != targets.Count || inputs.Count == 0)
        {
            throw new ArgumentException($"ReferenceTrainer: a data set needs as many targets as inputs, and at least one; got {inputs.Count} inputs and {targets.Count} targets.", nameof(targets));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        var random = new DeterministicRandom(seed);
        var order = Enumerable.Range(0, inputs.Count).ToArray();
        var lastLoss = double.NaN;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            // Fisher-Yates shuffle.
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            double sum = 0;
            var batches = 0;
            for (var start = 0; start < order.Length; start += Settings.BatchSize)
            {
                var batch = order.Skip(start).Take(Settings.BatchSize).ToArray();
                sum += Step(batch.Select(i => inputs[i]).ToArray(), batch.Select(i => targets[i]).ToArray());
                batches++;
            }

            lastLoss = sum / batches;
        }

        return lastLoss;
    }
}
