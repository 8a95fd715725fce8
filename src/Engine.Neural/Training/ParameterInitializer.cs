using System.Numerics;

namespace Engine.Neural;

/// <summary>
/// Draws a brain's initial parameters from a seed, in the flat layout of
/// <see cref="BrainSpec.WeightOffset"/>: per layer <c>W[out][in]</c> row-major, then <c>b[out]</c>.
/// The reference and every backend use this one routine, so the same seed gives the same brain.
/// </summary>
public static class ParameterInitializer
{
    /// <summary>Fills <paramref name="parameters"/> (length <see cref="BrainSpec.ParameterCount"/>).</summary>
    /// <exception cref="ArgumentException">The span has the wrong length.</exception>
    public static void Fill<T>(BrainSpec spec, WeightInit init, ref DeterministicRandom random, Span<T> parameters)
        where T : IFloatingPoint<T>
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (parameters.Length != spec.ParameterCount)
        {
            throw new ArgumentException($"ParameterInitializer: expected {spec.ParameterCount} parameters for {spec}, got a span of {parameters.Length}.", nameof(parameters));
        }

        var offset = 0;
        foreach (var layer in spec.LayerArray)
        {
            var weights = parameters.Slice(offset, layer.WeightCount);
            var biases = parameters.Slice(offset + layer.WeightCount, layer.Outputs);
            offset += layer.ParameterCount;
            switch (init)
            {
                case WeightInit.Gaussian:
                    FillGaussian(weights, 1.0, ref random);
                    FillGaussian(biases, 1.0, ref random);
                    break;
                case WeightInit.Xavier:
                    var r = Math.Sqrt(6.0 / (layer.Inputs + layer.Outputs));
                    for (var i = 0; i < weights.Length; i++)
                    {
                        weights[i] = T.CreateChecked(random.NextDouble(-r, r));
                    }

                    biases.Clear();
                    break;
                case WeightInit.He:
                    FillGaussian(weights, Math.Sqrt(2.0 / layer.Inputs), ref random);
                    biases.Clear();
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(init), init, $"ParameterInitializer: unknown initialisation {(int)init}.");
            }
        }
    }

    private static void FillGaussian<T>(Span<T> values, double sigma, ref DeterministicRandom random)
        where T : IFloatingPoint<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(sigma * random.NextGaussian());
        }
    }
}
