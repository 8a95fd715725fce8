namespace Engine.Neural.Reference;

/// <summary>
/// Activations, their derivatives and the losses, in double precision, written as the seeds
/// write them. Clarity over speed: this is the oracle the fast paths are checked against.
/// </summary>
public static class ReferenceMath
{
    /// <summary><c>sigma(z) = 1 / (1 + e^-z)</c>.</summary>
    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>Applies the layer's activation to the weighted inputs <paramref name="z"/>.</summary>
    public static double[] Activate(Activation activation, double alpha, double[] z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (activation == Activation.Softmax)
        {
            // Subtracting the largest z changes nothing mathematically and keeps e^z finite.
            var max = z.Max();
            var exps = z.Select(v => Math.Exp(v - max)).ToArray();
            var sum = exps.Sum();
            return exps.Select(e => e / sum).ToArray();
        }

        return z.Select(v => Activate(activation, alpha, v)).ToArray();
    }

    /// <summary>An element-wise activation of one weighted input.</summary>
    public static double Activate(Activation activation, double alpha, double z) => activation switch
    {
        Activation.Identity => z,
        Activation.Sigmoid => Sigmoid(z),
        Activation.Tanh => Math.Tanh(z),
        Activation.ReLU => z > 0 ? z : 0.0,
        Activation.LeakyReLU => z > 0 ? z : alpha * z,
        Activation.ELU => z > 0 ? z : alpha * (Math.Exp(z) - 1.0),
        Activation.Step => z > 0 ? 1.0 : 0.0,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "ReferenceMath: not an element-wise activation."),
    };

    /// <summary>
    /// <c>sigma'(z)</c> of an element-wise activation. (Softmax's derivative is a full Jacobian:
    /// see <see cref="SoftmaxBackward"/>.)
    /// </summary>
    public static double Derivative(Activation activation, double alpha, double z) => activation switch
    {
        Activation.Identity => 1.0,
        Activation.Sigmoid => Sigmoid(z) * (1.0 - Sigmoid(z)),
        Activation.Tanh => 1.0 - (Math.Tanh(z) * Math.Tanh(z)),
        Activation.ReLU => z > 0 ? 1.0 : 0.0,
        Activation.LeakyReLU => z > 0 ? 1.0 : alpha,
        Activation.ELU => z > 0 ? 1.0 : alpha * Math.Exp(z),
        Activation.Step => throw new InvalidOperationException("ReferenceMath: the Step activation has no derivative; it cannot be trained."),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "ReferenceMath: not an element-wise activation."),
    };

    /// <summary>
    /// Pulls a gradient with respect to softmax outputs back to its inputs:
    /// <c>dC/dz_i = a_i (g_i - sum_j g_j a_j)</c>, the Jacobian-vector product of softmax.
    /// </summary>
    public static double[] SoftmaxBackward(double[] a, double[] gradA)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(gradA);
        var dot = a.Zip(gradA, (ai, gi) => ai * gi).Sum();
        return a.Select((ai, i) => ai * (gradA[i] - dot)).ToArray();
    }

    /// <summary>The loss of one sample: output <paramref name="a"/> against target <paramref name="y"/>.</summary>
    public static double SampleLoss(Loss loss, double[] a, double[] y)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(y);
        double sum = 0;
        for (var j = 0; j < a.Length; j++)
        {
            sum += loss switch
            {
                Loss.Quadratic => 0.5 * (y[j] - a[j]) * (y[j] - a[j]),
                // A term whose coefficient is 0 contributes 0 even where its log is -infinity
                // (a saturated sigmoid gives a = 1 exactly, and 0 * -infinity would be NaN).
                Loss.BinaryCrossEntropy => (y[j] == 0 ? 0.0 : -y[j] * Math.Log(a[j])) + (y[j] == 1 ? 0.0 : -(1.0 - y[j]) * Math.Log(1.0 - a[j])),
                Loss.SoftmaxCrossEntropy => y[j] == 0 ? 0.0 : -y[j] * Math.Log(a[j]),
                _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "ReferenceMath: unknown loss."),
            };
        }

        return sum;
    }

    /// <summary>
    /// The loss of one sample computed from the output layer's weighted inputs <paramref name="z"/>
    /// as well as its activations <paramref name="a"/>: the same value as <see cref="SampleLoss"/>,
    /// but the cross-entropies are taken from the logits, so they stay exact where the output
    /// saturates. (<c>ln(1 - sigma(z))</c> loses every digit once <c>sigma(z)</c> rounds to 1,
    /// near z = 37, and is off by about 1e-7 already at z = 20.)
    /// Binary: <c>y softplus(-z) + (1 - y) softplus(z)</c>, since <c>ln sigma(z) = -softplus(-z)</c>
    /// and <c>ln(1 - sigma(z)) = -softplus(z)</c>. Softmax: <c>sum_j y_j (logsumexp(z) - z_j)</c>.
    /// </summary>
    public static double SampleLossFromLogits(Loss loss, double[] z, double[] a, double[] y)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(y);
        switch (loss)
        {
            case Loss.BinaryCrossEntropy:
                double sum = 0;
                for (var j = 0; j < z.Length; j++)
                {
                    sum += (y[j] * Softplus(-z[j])) + ((1.0 - y[j]) * Softplus(z[j]));
                }

                return sum;
            case Loss.SoftmaxCrossEntropy:
                var max = z.Max();
                var logSumExp = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
                double total = 0;
                for (var j = 0; j < z.Length; j++)
                {
                    total += y[j] == 0 ? 0.0 : y[j] * (logSumExp - z[j]);
                }

                return total;
            default:
                return SampleLoss(loss, a, y);
        }
    }

    /// <summary><c>softplus(t) = ln(1 + e^t) = max(t, 0) + ln(1 + e^-|t|)</c>, without overflow and
    /// accurate for very negative t (where it is about e^t).</summary>
    public static double Softplus(double t) => Math.Max(t, 0.0) + LogOnePlus(Math.Exp(-Math.Abs(t)));

    /// <summary><c>ln(1 + x)</c> accurate for tiny x (Goldberg's trick: the rounding of 1 + x cancels).</summary>
    private static double LogOnePlus(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>
    /// BP1, the error of the output layer, <c>delta^L = dC/dz^L</c>.
    /// Quadratic: <c>(a - y) (.) sigma'(z)</c> (softmax: through its Jacobian).
    /// Cross-entropy with its matching output (sigmoid or softmax): <c>a - y</c>, because
    /// the activation's derivative cancels the loss's denominator. (For softmax that holds when
    /// the target sums to 1, as a one-hot or smoothed label does; in general it is
    /// <c>a sum(y) - y</c>, which is what is computed.)
    /// </summary>
    public static double[] OutputError(Loss loss, DenseLayerShape layer, double[] z, double[] a, double[] y)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(y);
        if (loss == Loss.SoftmaxCrossEntropy)
        {
            var mass = y.Sum();
            return a.Select((aj, j) => (aj * mass) - y[j]).ToArray();
        }

        var gradA = a.Select((aj, j) => aj - y[j]).ToArray();
        if (loss == Loss.BinaryCrossEntropy)
        {
            return gradA;
        }

        return layer.Activation == Activation.Softmax
            ? SoftmaxBackward(a, gradA)
            : gradA.Select((g, j) => g * Derivative(layer.Activation, layer.Alpha, z[j])).ToArray();
    }
}
