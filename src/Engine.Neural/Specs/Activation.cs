namespace Engine.Neural;

/// <summary>The non-linearity a layer applies to its weighted input <c>z = W a + b</c>.</summary>
public enum Activation
{
    /// <summary><c>a = z</c>. The usual output for regression with the quadratic loss.</summary>
    Identity,

    /// <summary><c>a = 1 / (1 + e^-z)</c>, values in (0, 1); <c>a' = a (1 - a)</c>.</summary>
    Sigmoid,

    /// <summary><c>a = tanh z</c>, values in (-1, 1); <c>a' = 1 - a^2</c>.</summary>
    Tanh,

    /// <summary><c>a = max(0, z)</c>; derivative 1 for z &gt; 0, else 0.</summary>
    ReLU,

    /// <summary><c>a = z</c> for z &gt; 0, else <c>alpha z</c> (alpha defaults to 0.01).</summary>
    LeakyReLU,

    /// <summary><c>a = z</c> for z &gt; 0, else <c>alpha (e^z - 1)</c> (alpha defaults to 1).</summary>
    ELU,

    /// <summary>
    /// <c>a_j = e^{z_j} / sum_k e^{z_k}</c>: a probability distribution over the outputs.
    /// Output layer only, and only with <see cref="Loss.SoftmaxCrossEntropy"/>.
    /// </summary>
    Softmax,

    /// <summary>
    /// The perceptron's step: 1 for z &gt; 0, else 0. Forward only: it has no useful
    /// derivative, so a spec that uses it cannot be trained.
    /// </summary>
    Step,
}
