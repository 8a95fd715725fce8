namespace Engine.Neural.Learning;

/// <summary>
/// The optimisers of <see cref="TrainingSettings"/> for parameters a learner keeps on the host
/// (a Gaussian policy's log standard deviations, an evolution strategy's centre), so that they
/// learn with the same rule and rate as the brain's weights.
/// </summary>
internal static class HostOptimizer
{
    /// <summary>
    /// One descent step of <paramref name="parameters"/> along <paramref name="gradient"/>.
    /// <paramref name="first"/> is momentum's velocity or Adam's first moment,
    /// <paramref name="second"/> Adam's second moment; <paramref name="step"/> counts Adam's
    /// steps (the t of its bias correction) and is advanced here.
    /// </summary>
    public static void Step(
        TrainingSettings settings,
        Span<float> parameters,
        ReadOnlySpan<double> gradient,
        Span<float> first,
        Span<float> second,
        ref int step)
    {
        var eta = settings.LearningRate;
        switch (settings.Optimizer)
        {
            case OptimizerKind.Sgd:
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i] -= (float)(eta * gradient[i]);
                }

                break;
            case OptimizerKind.Momentum:
                for (var i = 0; i < parameters.Length; i++)
                {
                    first[i] = (float)((settings.Momentum * first[i]) + gradient[i]);
                    parameters[i] -= (float)(eta * first[i]);
                }

                break;
            default:
                step++;
                var correction1 = 1 - Math.Pow(settings.Beta1, step);
                var correction2 = 1 - Math.Pow(settings.Beta2, step);
                for (var i = 0; i < parameters.Length; i++)
                {
                    var g = gradient[i];
                    var m = (settings.Beta1 * first[i]) + ((1 - settings.Beta1) * g);
                    var v = (settings.Beta2 * second[i]) + ((1 - settings.Beta2) * g * g);
                    first[i] = (float)m;
                    second[i] = (float)v;
                    parameters[i] -= (float)(eta * (m / correction1) / (Math.Sqrt(v / correction2) + settings.Epsilon));
                }

                break;
        }
    }
}
