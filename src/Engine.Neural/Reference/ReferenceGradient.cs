namespace Engine.Neural.Reference;

/// <summary>Partial derivatives of the cost with respect to every weight and bias.</summary>
public sealed class ReferenceGradient
{
    /// <summary>A zero gradient shaped like <paramref name="spec"/>.</summary>
    public ReferenceGradient(BrainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Weights = spec.Layers.Select(l => new double[l.WeightCount]).ToArray();
        Biases = spec.Layers.Select(l => new double[l.Outputs]).ToArray();
    }

    /// <summary>The shape.</summary>
    public BrainSpec Spec { get; }

    /// <summary>Per layer, <c>dC/dw[j * inputs + k]</c>.</summary>
    public double[][] Weights { get; }

    /// <summary>Per layer, <c>dC/db[j]</c>.</summary>
    public double[][] Biases { get; }

    /// <summary>Flat copy in the parameter layout (per layer: W then b).</summary>
    public double[] ToFlat() => Weights.Zip(Biases, (w, b) => w.Concat(b)).SelectMany(x => x).ToArray();

    /// <summary>Adds <paramref name="other"/> element-wise.</summary>
    public void Add(ReferenceGradient other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var l = 0; l < Weights.Length; l++)
        {
            for (var i = 0; i < Weights[l].Length; i++)
            {
                Weights[l][i] += other.Weights[l][i];
            }

            for (var i = 0; i < Biases[l].Length; i++)
            {
                Biases[l][i] += other.Biases[l][i];
            }
        }
    }

    /// <summary>Multiplies every component by <paramref name="factor"/>.</summary>
    public void Scale(double factor)
    {
        foreach (var array in Weights.Concat(Biases))
        {
            for (var i = 0; i < array.Length; i++)
            {
                array[i] *= factor;
            }
        }
    }
}
