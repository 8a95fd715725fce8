namespace Engine.Neural.Tests.Cohorts;

/// <summary>
/// The parity cases every backend runs against the double reference (CPU kernels here, the
/// OpenCL kernels in Engine.Neural.OpenCL.Tests, which links this file).
/// </summary>
internal static class ParityCases
{
    /// <summary>
    /// Adam divides by sqrt(v): a gradient component at rounding-noise level (a sum over the
    /// batch that nearly cancels) becomes a full step of size eta whose sign float and double
    /// may disagree on. With the default epsilon 1e-8 that is measured at 3e-3 relative after
    /// 100 steps on the optimiser net; epsilon 1e-6 bounds the amplification (1e-5) without
    /// changing which code runs. Well-conditioned nets agree at 1e-8 too.
    /// </summary>
    public const double AdamEpsilon = 1e-6;

    /// <summary>Every hidden activation that can train.</summary>
    public static IEnumerable<TestCaseData> HiddenActivations() =>
        new[] { Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.ELU }
            .Select(a => new TestCaseData(a).SetArgDisplayNames(a.ToString()));

    /// <summary>Every output activation with every loss it pairs with, at the given batch sizes.</summary>
    public static IEnumerable<TestCaseData> OutputsAndLosses(params int[] batches)
    {
        var pairs = new (Activation, Loss, int)[]
        {
            (Activation.Identity, Loss.Quadratic, 2),
            (Activation.Sigmoid, Loss.Quadratic, 2),
            (Activation.Tanh, Loss.Quadratic, 3),
            (Activation.ReLU, Loss.Quadratic, 2),
            (Activation.LeakyReLU, Loss.Quadratic, 2),
            (Activation.ELU, Loss.Quadratic, 2),
            (Activation.Sigmoid, Loss.BinaryCrossEntropy, 3),
            (Activation.Softmax, Loss.SoftmaxCrossEntropy, 3),
        };
        foreach (var (activation, loss, outputs) in pairs)
        {
            foreach (var batch in batches)
            {
                yield return new TestCaseData(activation, loss, outputs, batch).SetArgDisplayNames($"{activation}+{loss}", $"batch {batch}");
            }
        }
    }

    /// <summary>Every optimiser, with regularisation and clipping mixed in, at one batch size.</summary>
    public static IEnumerable<TestCaseData> Optimizers(int batch)
    {
        var cases = new (string Name, TrainingSettings Settings)[]
        {
            ("SGD", new() { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1 }),
            ("Momentum", new() { Optimizer = OptimizerKind.Momentum, LearningRate = 0.05, Momentum = 0.9 }),
            ("Adam", new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Epsilon = AdamEpsilon }),
            ("SGD+L2", new() { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, Regularization = RegularizationKind.L2, RegularizationRate = 0.01 }),
            ("Momentum+L1", new() { Optimizer = OptimizerKind.Momentum, LearningRate = 0.05, Regularization = RegularizationKind.L1, RegularizationRate = 0.001 }),
            ("Adam+L2+clip value", new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Epsilon = AdamEpsilon, Regularization = RegularizationKind.L2, RegularizationRate = 0.001, ClipValue = 0.05 }),
            ("SGD+clip norm", new() { Optimizer = OptimizerKind.Sgd, LearningRate = 0.2, ClipNorm = 0.1 }),

            // Not Adam with L1: L1 drives weights to oscillate across 0, where sign(w) flips
            // on rounding and Adam turns each flip into a full step (measured 1e-2 apart).
            ("Adam+clip norm+L2", new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Epsilon = AdamEpsilon, ClipNorm = 0.5, Regularization = RegularizationKind.L2, RegularizationRate = 0.001 }),
            ("SGD+L1+clip value", new() { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, Regularization = RegularizationKind.L1, RegularizationRate = 0.001, ClipValue = 0.05 }),
        };
        return cases.Select(c => new TestCaseData(c.Settings with { BatchSize = batch }).SetArgDisplayNames(c.Name));
    }
}
