namespace Engine.Neural.Learning;

/// <summary>
/// n continuous actions, each drawn from a normal distribution whose mean is one identity
/// output (trained with <see cref="Loss.Quadratic"/>) and whose log standard deviation is a
/// learned number per agent and output, kept by the learner. An action is n floats.
/// </summary>
/// <remarks>
/// ln N(a; mu, sigma) = -(a - mu)^2 / (2 sigma^2) - s - ln(2 pi) / 2 with s = ln sigma, so
/// d/dmu = (a - mu) / sigma^2 and d/ds = (a - mu)^2 / sigma^2 - 1; the entropy
/// H = s + ln(2 pi e) / 2 per output has dH/ds = 1 and does not depend on mu.
/// </remarks>
public sealed class GaussianPolicy : Policy
{
    /// <summary>The one instance (the policy has no state; the log standard deviations live in the learner).</summary>
    public static readonly GaussianPolicy Instance = new();

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);
    private static readonly double HalfLogTwoPiE = 0.5 * Math.Log(2 * Math.PI * Math.E);

    private GaussianPolicy()
        : base(Activation.Identity, Loss.Quadratic)
    {
    }

    /// <inheritdoc/>
    public override string Name => "Gaussian";

    /// <inheritdoc/>
    public override bool HasLogStd => true;

    /// <inheritdoc/>
    public override int ActionSize(int outputSize) => outputSize;

    /// <inheritdoc/>
    public override double Sample(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, Span<float> action, ref DeterministicRandom random)
    {
        for (var j = 0; j < output.Length; j++)
        {
            action[j] = (float)(output[j] + (Math.Exp(logStd[j]) * random.NextGaussian()));
        }

        return LogProbability(output, logStd, action);
    }

    /// <inheritdoc/>
    public override double LogProbability(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, ReadOnlySpan<float> action)
    {
        var log = 0.0;
        for (var j = 0; j < output.Length; j++)
        {
            var z = (action[j] - output[j]) * Math.Exp(-logStd[j]);
            log += (-0.5 * z * z) - logStd[j] - HalfLogTwoPi;
        }

        return log;
    }

    /// <inheritdoc/>
    public override double Entropy(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd)
    {
        var h = 0.0;
        for (var j = 0; j < output.Length; j++)
        {
            h += logStd[j] + HalfLogTwoPiE;
        }

        return h;
    }

    /// <inheritdoc/>
    public override void LogProbabilityGradient(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, ReadOnlySpan<float> action, Span<double> dOutput, Span<double> dLogStd)
    {
        for (var j = 0; j < output.Length; j++)
        {
            var inverseVariance = Math.Exp(-2 * logStd[j]);
            var difference = action[j] - output[j];
            dOutput[j] = difference * inverseVariance;
            dLogStd[j] = (difference * difference * inverseVariance) - 1;
        }
    }

    /// <inheritdoc/>
    public override void EntropyGradient(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, Span<double> dOutput, Span<double> dLogStd)
    {
        dOutput[..output.Length].Clear();
        dLogStd[..output.Length].Fill(1.0);
    }
}
