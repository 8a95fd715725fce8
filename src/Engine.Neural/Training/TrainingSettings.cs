using System.Globalization;

namespace Engine.Neural;

/// <summary>
/// How a brain learns: optimiser, learning rate, regularisation and gradient clipping.
/// Every change here keeps the learned weights; only a change of <see cref="BrainSpec"/>
/// rebuilds a brain.
/// </summary>
/// <remarks>
/// One step, for each agent: the gradient of the batch's mean loss is computed by
/// backpropagation; the regularisation gradient is added to the weights' part; the whole
/// gradient is clipped (by value, then by global norm); the optimiser applies it.
/// </remarks>
public sealed record class TrainingSettings
{
    /// <summary>The optimiser. Default <see cref="OptimizerKind.Sgd"/>.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Learning rate eta; positive. Default 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Momentum coefficient mu in [0, 1) for <see cref="OptimizerKind.Momentum"/>. Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Adam's first-moment decay in [0, 1). Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's second-moment decay in [0, 1). Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's epsilon; positive. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>The weight penalty. Default none.</summary>
    public RegularizationKind Regularization { get; init; } = RegularizationKind.None;

    /// <summary>The penalty's rate lambda, at least 0. Default 0.</summary>
    public double RegularizationRate { get; init; }

    /// <summary>Clamp each gradient component to [-c, c]; 0 disables. Default 0.</summary>
    public double ClipValue { get; init; }

    /// <summary>Scale the whole gradient (all layers of one agent) down to this L2 norm when it is larger; 0 disables. Default 0.</summary>
    public double ClipNorm { get; init; }

    /// <summary>Samples per mini-batch; at least 1. Default 10.</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public TrainingSettings Validate()
    {
        if (!Enum.IsDefined(Optimizer))
        {
            throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, $"TrainingSettings: unknown optimiser {(int)Optimizer}.");
        }

        if (!Enum.IsDefined(Regularization))
        {
            throw new ArgumentOutOfRangeException(nameof(Regularization), Regularization, $"TrainingSettings: unknown regularisation {(int)Regularization}.");
        }

        Require(LearningRate, nameof(LearningRate), LearningRate > 0, "a finite number > 0");
        Require(Momentum, nameof(Momentum), Momentum is >= 0 and < 1, "in [0, 1)");
        Require(Beta1, nameof(Beta1), Beta1 is >= 0 and < 1, "in [0, 1)");
        Require(Beta2, nameof(Beta2), Beta2 is >= 0 and < 1, "in [0, 1)");
        Require(Epsilon, nameof(Epsilon), Epsilon > 0, "a finite number > 0");
        Require(RegularizationRate, nameof(RegularizationRate), RegularizationRate >= 0, "a finite number >= 0");
        Require(ClipValue, nameof(ClipValue), ClipValue >= 0, "a finite number >= 0 (0 disables)");
        Require(ClipNorm, nameof(ClipNorm), ClipNorm >= 0, "a finite number >= 0 (0 disables)");
        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"TrainingSettings: BatchSize must be at least 1, got {BatchSize}.");
        }

        return this;
    }

    private static void Require(double value, string name, bool ok, string expected)
    {
        if (!double.IsFinite(value) || !ok)
        {
            throw new ArgumentException($"TrainingSettings: {name} must be {expected}, got {value.ToString(CultureInfo.InvariantCulture)}.", name);
        }
    }
}
