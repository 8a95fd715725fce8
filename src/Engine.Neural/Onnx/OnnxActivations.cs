using System.Globalization;

namespace Engine.Neural.Onnx;

/// <summary>
/// The one table of which ONNX operator computes which <see cref="Activation"/>, read by the
/// exporter and the importer alike, and how an activation's alpha travels as an ONNX float.
/// </summary>
internal static class OnnxActivations
{
    private static readonly (Activation Activation, string Op)[] Table =
    [
        (Activation.Sigmoid, "Sigmoid"),
        (Activation.Tanh, "Tanh"),
        (Activation.ReLU, "Relu"),
        (Activation.LeakyReLU, "LeakyRelu"),
        (Activation.ELU, "Elu"),
        (Activation.Softmax, "Softmax"),
    ];

    /// <summary>The operator of <paramref name="activation"/>; null for the identity, which needs no node.</summary>
    /// <exception cref="NotSupportedException">The perceptron step, which has no single ONNX operator.</exception>
    public static string? OpOf(Activation activation)
    {
        if (activation == Activation.Identity)
        {
            return null;
        }

        foreach (var (a, op) in Table)
        {
            if (a == activation)
            {
                return op;
            }
        }

        throw new NotSupportedException($"ONNX export: the {activation} activation has no ONNX operator this exporter writes (the perceptron step is forward-only); export a brain without it.");
    }

    /// <summary>The activation operator <paramref name="op"/> computes, if it is one.</summary>
    public static bool TryActivationOf(string op, out Activation activation)
    {
        foreach (var (a, name) in Table)
        {
            if (name == op)
            {
                activation = a;
                return true;
            }
        }

        activation = Activation.Identity;
        return false;
    }

    /// <summary>Whether the activation's operator carries an <c>alpha</c> attribute.</summary>
    public static bool HasAlpha(Activation activation) => activation is Activation.LeakyReLU or Activation.ELU;

    /// <summary>
    /// The <see cref="LayerSpec.Alpha"/> an ONNX float alpha stands for: the shortest decimal that
    /// rounds to it (0.05f is 0.05, not 0.0500000007), and null where that is the default, so an
    /// exported spec comes back equal. The kernels compute with the float either way.
    /// </summary>
    public static double? SpecAlpha(Activation activation, float alpha)
    {
        var value = double.Parse(alpha.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return value == new LayerSpec(1, activation).EffectiveAlpha ? null : value;
    }
}
