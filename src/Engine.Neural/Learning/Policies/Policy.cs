namespace Engine.Neural.Learning;

/// <summary>
/// A probability distribution over actions, parameterised by a brain's output row (and, for a
/// <see cref="GaussianPolicy"/>, a log standard deviation per output). It samples actions,
/// scores them (log-probability), measures its own entropy, and gives the gradients of both
/// with respect to what the cohort's backward pass starts from: the output layer's
/// pre-activation for the cross-entropy losses, the output itself for the quadratic loss.
/// </summary>
/// <remarks>
/// The math is in double so that it can be checked against finite differences; the learners
/// convert a float output row once per step. A learner calls a policy from several threads at
/// once, each call on one agent's spans, so a policy must keep no state between calls (the
/// built-in ones have none).
/// </remarks>
public abstract class Policy
{
    private protected Policy(Activation outputActivation, Loss loss)
    {
        OutputActivation = outputActivation;
        Loss = loss;
    }

    /// <summary>A short name for messages ("discrete softmax", ...).</summary>
    public abstract string Name { get; }

    /// <summary>The output activation a brain must have for this policy.</summary>
    public Activation OutputActivation { get; }

    /// <summary>The loss a brain must have for this policy (its backward pass starts from that loss's error).</summary>
    public Loss Loss { get; }

    /// <summary>True when the policy has a learned log standard deviation per output.</summary>
    public virtual bool HasLogStd => false;

    /// <summary>Floats one action of a brain with <paramref name="outputSize"/> outputs takes.</summary>
    public abstract int ActionSize(int outputSize);

    /// <summary>
    /// Throws unless <paramref name="spec"/>'s output layer can parameterise this policy.
    /// </summary>
    /// <exception cref="ArgumentException">The output activation or loss does not fit, naming both.</exception>
    public void Validate(BrainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Output.Activation != OutputActivation || spec.Loss != Loss)
        {
            throw new ArgumentException(
                $"Policy: a {Name} policy needs a {OutputActivation} output with {Loss} loss; {spec} has a {spec.Output.Activation} output with {spec.Loss} loss.",
                nameof(spec));
        }

        spec.EnsureTrainable();
    }

    /// <summary>
    /// Draws an action from the distribution an output row defines and returns its
    /// log-probability (for a Gaussian, its log-density).
    /// </summary>
    /// <param name="output">The brain's output row.</param>
    /// <param name="logStd">Log standard deviations (Gaussian only; empty otherwise).</param>
    /// <param name="action">Receives the action, <see cref="ActionSize"/> floats.</param>
    /// <param name="random">The agent's own generator.</param>
    public abstract double Sample(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, Span<float> action, ref DeterministicRandom random);

    /// <summary>The log-probability (log-density) of <paramref name="action"/>.</summary>
    public abstract double LogProbability(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, ReadOnlySpan<float> action);

    /// <summary>The distribution's entropy.</summary>
    public abstract double Entropy(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd);

    /// <summary>
    /// Gradient of <see cref="LogProbability"/> with respect to the output layer's
    /// pre-activation (cross-entropy policies) or output (quadratic), written to
    /// <paramref name="dOutput"/>, and with respect to the log standard deviations, written to
    /// <paramref name="dLogStd"/> (Gaussian only).
    /// </summary>
    public abstract void LogProbabilityGradient(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, ReadOnlySpan<float> action, Span<double> dOutput, Span<double> dLogStd);

    /// <summary>Gradient of <see cref="Entropy"/>, in the same terms as <see cref="LogProbabilityGradient"/>.</summary>
    public abstract void EntropyGradient(ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, Span<double> dOutput, Span<double> dLogStd);

    /// <summary>
    /// The synthetic training target that makes one ordinary training step a policy-gradient
    /// step on the surrogate loss <c>L = -(advantage x log pi(action) + entropyBonus x H)</c>.
    /// </summary>
    /// <remarks>
    /// The cohort's backward pass starts from the output error <c>delta = output - target</c>
    /// (cross-entropy losses: that is dC/dz; quadratic loss with an identity output: dC/da).
    /// Choosing <c>target = output - dL/d(that)</c> makes <c>delta = dL/d(that)</c>, so the
    /// unchanged kernels backpropagate the policy gradient. This is exact as long as the
    /// parameters did not change between acting and learning, because the training step
    /// recomputes the very outputs the action was drawn from. <paramref name="dLogStd"/>
    /// receives dL/d(log std) (Gaussian), which the learner applies on the host.
    /// </remarks>
    public void SurrogateTarget(
        ReadOnlySpan<double> output,
        ReadOnlySpan<double> logStd,
        ReadOnlySpan<float> action,
        double advantage,
        double entropyBonus,
        Span<double> scratch,
        Span<double> scratchLogStd,
        Span<float> target,
        Span<double> dLogStd)
    {
        var n = output.Length;
        var gradient = scratch[..n];
        var gradientLogStd = scratchLogStd[..dLogStd.Length];
        LogProbabilityGradient(output, logStd, action, gradient, gradientLogStd);
        for (var i = 0; i < n; i++)
        {
            target[i] = (float)(output[i] + (advantage * gradient[i]));
        }

        for (var i = 0; i < dLogStd.Length; i++)
        {
            dLogStd[i] = -advantage * gradientLogStd[i];
        }

        if (entropyBonus != 0)
        {
            EntropyGradient(output, logStd, gradient, gradientLogStd);
            for (var i = 0; i < n; i++)
            {
                target[i] += (float)(entropyBonus * gradient[i]);
            }

            for (var i = 0; i < dLogStd.Length; i++)
            {
                dLogStd[i] -= entropyBonus * gradientLogStd[i];
            }
        }
    }

    /// <summary>ln p with the convention 0 ln 0 = 0 the entropy needs (a float probability can underflow to 0).</summary>
    private protected static double SafeLog(double p) => Math.Log(Math.Max(p, 1e-300));
}
