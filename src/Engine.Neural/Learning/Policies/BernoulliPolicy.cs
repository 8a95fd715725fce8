namespace Engine.Neural.Learning;

/// <summary>
/// n independent yes/no decisions, each taken with the probability of one sigmoid output
/// (trained with <see cref="Loss.BinaryCrossEntropy"/>). An action is n floats, each 0 or 1.
/// </summary>
/// <remarks>
/// With p = sigmoid(z): d ln P(a) / dz = a - p, and the entropy
/// H = -(p ln p + (1 - p) ln(1 - p)) has dH/dz = -p (1 - p) z, where z = ln(p / (1 - p)).
/// </remarks>
public sealed class BernoulliPolicy : Policy
{
    /// <summary>The one instance (the policy has no state).</summary>
    public static readonly BernoulliPolicy Instance = new();

    private BernoulliPolicy()
        : base(Activation.Sigmoid, Loss.BinaryCrossEntropy)
    {
    }

    /// <inheritdoc/>
    public override string Name => "Bernoulli";

    /// <inheritdoc/>
    public override int ActionSize(int outputSize) => outputSize;

    /// <inheritdoc/>
    public override double Sample(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, Span<float> action, ref DeterministicRandom random)
    {
        for (var j = 0; j < output.Length; j++)
        {
            action[j] = random.NextDouble() < output[j] ? 1f : 0f;
        }

        return LogProbability(output, logStd, action);
    }

    /// <inheritdoc/>
    public override double LogProbability(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, ReadOnlySpan<float> action)
    {
        var log = 0.0;
        for (var j = 0; j < output.Length; j++)
        {
            log += action[j] != 0 ? SafeLog(output[j]) : SafeLog(1 - output[j]);
        }

        return log;
    }

    /// <inheritdoc/>
    public override double Entropy(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd)
    {
        var h = 0.0;
        foreach (var p in output)
        {
            h -= (p * SafeLog(p)) + ((1 - p) * SafeLog(1 - p));
        }

        return h;
    }

    /// <inheritdoc/>
    public override void LogProbabilityGradient(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, ReadOnlySpan<float> action, Span<double> dOutput, Span<double> dLogStd)
    {
        for (var j = 0; j < output.Length; j++)
        {
            dOutput[j] = (action[j] != 0 ? 1.0 : 0.0) - output[j];
        }
    }

    /// <inheritdoc/>
    public override void EntropyGradient(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, Span<double> dOutput, Span<double> dLogStd)
    {
        for (var j = 0; j < output.Length; j++)
        {
            var p = output[j];
            var logit = SafeLog(p) - SafeLog(1 - p);
            dOutput[j] = -p * (1 - p) * logit;
        }
    }
}
