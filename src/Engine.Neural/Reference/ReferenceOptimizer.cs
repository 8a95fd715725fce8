namespace Engine.Neural.Reference;

/// <summary>
/// Applies one training step's gradient to a <see cref="ReferenceNetwork"/>, in the order
/// <see cref="TrainingSettings"/> documents: regularisation, clipping, then the optimiser.
/// Keeps the optimiser's state (velocity, Adam's moments and step count) between steps.
/// </summary>
public sealed class ReferenceOptimizer
{
    private readonly double[] _velocity;
    private readonly double[] _firstMoment;
    private readonly double[] _secondMoment;

    /// <summary>Creates an optimiser with zero state for networks of shape <paramref name="spec"/>.</summary>
    public ReferenceOptimizer(BrainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        _velocity = new double[spec.ParameterCount];
        _firstMoment = new double[spec.ParameterCount];
        _secondMoment = new double[spec.ParameterCount];
    }

    /// <summary>The shape of the networks this optimiser serves.</summary>
    public BrainSpec Spec { get; }

    /// <summary>Adam steps taken so far (the t of its bias correction).</summary>
    public int AdamSteps { get; private set; }

    /// <summary>Momentum's velocity, flat layout.</summary>
    public ReadOnlySpan<double> Velocity => _velocity;

    /// <summary>Adam's first moment, flat layout.</summary>
    public ReadOnlySpan<double> FirstMoment => _firstMoment;

    /// <summary>Adam's second moment, flat layout.</summary>
    public ReadOnlySpan<double> SecondMoment => _secondMoment;

    /// <summary>
    /// The gradient the optimiser actually applies: <paramref name="gradient"/> plus the
    /// regularisation term on the weights, clipped by value and then by global norm.
    /// </summary>
    public static double[] EffectiveGradient(ReferenceNetwork network, ReferenceGradient gradient, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(settings);
        var spec = network.Spec;
        var g = gradient.ToFlat();
        var p = network.GetParameters();
        var lambda = settings.RegularizationRate;
        for (var l = 0; l < spec.LayerCount; l++)
        {
            var start = spec.WeightOffset(l);
            for (var i = start; i < start + spec.Layers[l].WeightCount; i++)
            {
                g[i] += settings.Regularization switch
                {
                    RegularizationKind.L1 => lambda * Math.Sign(p[i]),
                    RegularizationKind.L2 => lambda * p[i],
                    _ => 0.0,
                };
            }
        }

        if (settings.ClipValue > 0)
        {
            for (var i = 0; i < g.Length; i++)
            {
                g[i] = Math.Clamp(g[i], -settings.ClipValue, settings.ClipValue);
            }
        }

        if (settings.ClipNorm > 0)
        {
            var norm = Math.Sqrt(g.Sum(x => x * x));
            if (norm > settings.ClipNorm)
            {
                var scale = settings.ClipNorm / norm;
                for (var i = 0; i < g.Length; i++)
                {
                    g[i] *= scale;
                }
            }
        }

        return g;
    }

    /// <summary>The regularisation penalty of the network's weights under <paramref name="settings"/>.</summary>
    public static double Penalty(ReferenceNetwork network, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(settings);
        var weights = network.Weights.SelectMany(w => w);
        return settings.Regularization switch
        {
            RegularizationKind.L1 => settings.RegularizationRate * weights.Sum(Math.Abs),
            RegularizationKind.L2 => 0.5 * settings.RegularizationRate * weights.Sum(w => w * w),
            _ => 0.0,
        };
    }

    /// <summary>Updates <paramref name="network"/>'s parameters with one step.</summary>
    public void Step(ReferenceNetwork network, ReferenceGradient gradient, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(settings);
        if (network.Spec != Spec)
        {
            throw new ArgumentException($"ReferenceOptimizer: built for {Spec}, given a network of {network.Spec}.", nameof(network));
        }

        settings.Validate();
        network.Spec.EnsureTrainable();
        var g = EffectiveGradient(network, gradient, settings);
        var p = network.GetParameters();
        var eta = settings.LearningRate;
        if (settings.Optimizer == OptimizerKind.Adam)
        {
            AdamSteps++;
        }

        for (var i = 0; i < p.Length; i++)
        {
            switch (settings.Optimizer)
            {
                case OptimizerKind.Sgd:
                    p[i] -= eta * g[i];
                    break;
                case OptimizerKind.Momentum:
                    _velocity[i] = (settings.Momentum * _velocity[i]) + g[i];
                    p[i] -= eta * _velocity[i];
                    break;
                case OptimizerKind.Adam:
                    _firstMoment[i] = (settings.Beta1 * _firstMoment[i]) + ((1 - settings.Beta1) * g[i]);
                    _secondMoment[i] = (settings.Beta2 * _secondMoment[i]) + ((1 - settings.Beta2) * g[i] * g[i]);
                    var mHat = _firstMoment[i] / (1 - Math.Pow(settings.Beta1, AdamSteps));
                    var vHat = _secondMoment[i] / (1 - Math.Pow(settings.Beta2, AdamSteps));
                    p[i] -= eta * mHat / (Math.Sqrt(vHat) + settings.Epsilon);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(settings), settings.Optimizer, "ReferenceOptimizer: unknown optimiser.");
            }
        }

        network.SetParameters(p);
    }
}
