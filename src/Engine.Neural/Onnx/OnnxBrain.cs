namespace Engine.Neural.Onnx;

/// <summary>A brain read from an ONNX model: its spec and its parameters, ready for a cohort of that spec.</summary>
/// <example>
/// <code>
/// var brain = OnnxImport.Load("policy.onnx");
/// using var cohort = new BrainCohort(brain.Spec);
/// var agent = cohort.Add(brain.Parameters.Span);
/// </code>
/// </example>
public sealed class OnnxBrain
{
    internal OnnxBrain(BrainSpec spec, float[] parameters)
    {
        Spec = spec;
        Parameters = parameters;
    }

    /// <summary>The brain's shape, activations and loss.</summary>
    public BrainSpec Spec { get; }

    /// <summary>The parameters in the flat layout (per layer <c>W[out][in]</c> row-major, then <c>b[out]</c>).</summary>
    public ReadOnlyMemory<float> Parameters { get; }

    /// <summary>Adds an agent holding this brain to <paramref name="cohort"/>, whose spec must be <see cref="Spec"/>.</summary>
    /// <returns>The new agent.</returns>
    /// <exception cref="ArgumentException">The cohort has another spec.</exception>
    /// <exception cref="InvalidOperationException">The cohort is shared (set its brain with <see cref="BrainCohort.SetParameters"/>).</exception>
    public AgentHandle AddTo(BrainCohort cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        if (cohort.Spec != Spec)
        {
            throw new ArgumentException($"ONNX import: the model is a {Spec} brain; the cohort is {cohort.Spec}.", nameof(cohort));
        }

        return cohort.Add(Parameters.Span);
    }
}
