namespace Engine.Neural.Cpu;

/// <summary>A training step's settings, converted once per step to what the kernels read.</summary>
internal readonly struct StepConstants
{
    public StepConstants(TrainingSettings settings)
    {
        Optimizer = settings.Optimizer;
        LearningRate = (float)settings.LearningRate;
        Momentum = (float)settings.Momentum;
        Beta1 = settings.Beta1;
        Beta2 = settings.Beta2;
        Epsilon = (float)settings.Epsilon;
        Regularization = settings.Regularization;
        Lambda = (float)settings.RegularizationRate;
        ClipValue = (float)settings.ClipValue;
        ClipNorm = (float)settings.ClipNorm;
        BatchSize = settings.BatchSize;
    }

    public OptimizerKind Optimizer { get; }

    public float LearningRate { get; }

    public float Momentum { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public float Epsilon { get; }

    public RegularizationKind Regularization { get; }

    public float Lambda { get; }

    public float ClipValue { get; }

    public float ClipNorm { get; }

    public int BatchSize { get; }
}
