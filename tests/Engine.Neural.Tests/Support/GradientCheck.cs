using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Support;

/// <summary>Central finite differences over a network's flat parameter vector.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// dF/dp_i ~ (F(p + h e_i) - F(p - h e_i)) / 2h for every parameter; the network's
    /// parameters are restored afterwards.
    /// </summary>
    public static double[] Numerical(ReferenceNetwork network, Func<double> function, double step)
    {
        var original = network.GetParameters();
        var result = new double[original.Length];
        var probe = (double[])original.Clone();
        for (var i = 0; i < original.Length; i++)
        {
            probe[i] = original[i] + step;
            network.SetParameters(probe);
            var plus = function();
            probe[i] = original[i] - step;
            network.SetParameters(probe);
            var minus = function();
            probe[i] = original[i];
            result[i] = (plus - minus) / (2 * step);
        }

        network.SetParameters(original);
        return result;
    }

    /// <summary>dF/dx_i ~ (F(x + h e_i) - F(x - h e_i)) / 2h at <paramref name="point"/>, for a function of a vector.</summary>
    public static double[] Numerical(double[] point, Func<double[], double> function, double step)
    {
        var result = new double[point.Length];
        var probe = (double[])point.Clone();
        for (var i = 0; i < point.Length; i++)
        {
            probe[i] = point[i] + step;
            var plus = function(probe);
            probe[i] = point[i] - step;
            var minus = function(probe);
            probe[i] = point[i];
            result[i] = (plus - minus) / (2 * step);
        }

        return result;
    }

    /// <summary>||a - b|| / max(||a||, ||b||): the usual relative error of a gradient check.</summary>
    public static double RelativeError(double[] analytic, double[] numerical)
    {
        double diff = 0, na = 0, nb = 0;
        for (var i = 0; i < analytic.Length; i++)
        {
            diff += (analytic[i] - numerical[i]) * (analytic[i] - numerical[i]);
            na += analytic[i] * analytic[i];
            nb += numerical[i] * numerical[i];
        }

        var scale = Math.Sqrt(Math.Max(na, nb));
        return scale == 0 ? 0 : Math.Sqrt(diff) / scale;
    }

    /// <summary>Smallest |z| over every kinked layer (ReLU, LeakyReLU, ELU) for every input.</summary>
    public static double SmallestKinkDistance(ReferenceNetwork network, IEnumerable<double[]> inputs)
    {
        var smallest = double.PositiveInfinity;
        foreach (var x in inputs)
        {
            var trace = network.Trace(x);
            for (var l = 0; l < network.Spec.LayerCount; l++)
            {
                if (network.Spec.Layers[l].Activation is Activation.ReLU or Activation.LeakyReLU or Activation.ELU)
                {
                    smallest = Math.Min(smallest, trace.WeightedInputs[l].Min(Math.Abs));
                }
            }
        }

        return smallest;
    }
}
