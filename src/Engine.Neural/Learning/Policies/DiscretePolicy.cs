namespace Engine.Neural.Learning;

/// <summary>
/// One of n actions, chosen with the probabilities of a softmax output layer (trained with
/// <see cref="Loss.SoftmaxCrossEntropy"/>). An action is one float: the chosen index.
/// </summary>
/// <remarks>
/// With p = softmax(z): d ln p_a / dz_i = [i = a] - p_i, and the entropy H = -sum p ln p has
/// dH/dz_i = -p_i (ln p_i + H). Both need only p, which is what the brain outputs.
/// </remarks>
public sealed class DiscretePolicy : Policy
{
    /// <summary>The one instance (the policy has no state).</summary>
    public static readonly DiscretePolicy Instance = new();

    private DiscretePolicy()
        : base(Activation.Softmax, Loss.SoftmaxCrossEntropy)
    {
    }

    /// <inheritdoc/>
    public override string Name => "discrete softmax";

    /// <inheritdoc/>
    public override int ActionSize(int outputSize) => 1;

    /// <inheritdoc/>
    public override double Sample(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, Span<float> action, ref DeterministicRandom random)
    {
        var u = random.NextDouble();
        var chosen = output.Length - 1;
        var cumulative = 0.0;
        for (var i = 0; i < output.Length - 1; i++)
        {
            cumulative += output[i];
            if (u < cumulative)
            {
                chosen = i;
                break;
            }
        }

        action[0] = chosen;
        return SafeLog(output[chosen]);
    }

    /// <inheritdoc/>
    public override double LogProbability(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, ReadOnlySpan<float> action) =>
        SafeLog(output[Index(action, output.Length)]);

    /// <inheritdoc/>
    public override double Entropy(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd)
    {
        var h = 0.0;
        foreach (var p in output)
        {
            h -= p * SafeLog(p);
        }

        return h;
    }

    /// <inheritdoc/>
    public override void LogProbabilityGradient(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, ReadOnlySpan<float> action, Span<double> dOutput, Span<double> dLogStd)
    {
        var a = Index(action, output.Length);
        for (var i = 0; i < output.Length; i++)
        {
            dOutput[i] = (i == a ? 1.0 : 0.0) - output[i];
        }
    }

    /// <inheritdoc/>
    public override void EntropyGradient(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, Span<double> dOutput, Span<double> dLogStd)
    {
        var h = Entropy(output, logStd);
        for (var i = 0; i < output.Length; i++)
        {
            dOutput[i] = -output[i] * (SafeLog(output[i]) + h);
        }
    }

    private static int Index(ReadOnlySpan<float> action, int actions)
    {
        var a = (int)action[0];
        if (a < 0 || a >= actions || a != action[0])
        {
            throw new ArgumentOutOfRangeException(nameof(action), action[0], $"DiscretePolicy: an action is an index in [0, {actions}).");
        }

        return a;
    }
}
