using System.Globalization;

namespace Engine.Neural.Learning;

/// <summary>How a <see cref="PolicyGradientLearner"/> turns rewards into learning.</summary>
public sealed record class PolicyGradientOptions
{
    /// <summary>Discount gamma of future rewards, in [0, 1].</summary>
    public double Discount { get; init; } = 0.99;

    /// <summary>GAE's lambda, in [0, 1]: 1 gives Monte-Carlo returns minus the baseline, 0 one-step TD errors.</summary>
    public double GaeLambda { get; init; } = 1.0;

    /// <summary>What is subtracted from returns.</summary>
    public BaselineKind Baseline { get; init; } = BaselineKind.RunningMean;

    /// <summary>Rate of the running-mean baseline, in (0, 1].</summary>
    public double BaselineRate { get; init; } = 0.1;

    /// <summary>Whether each update's advantages are scaled to mean 0 and standard deviation 1.</summary>
    public bool NormalizeAdvantages { get; init; } = true;

    /// <summary>Weight beta of the entropy bonus (0 is off): it keeps a policy from turning deterministic too early.</summary>
    public double EntropyBonus { get; init; }

    /// <summary>Learn every this many steps of an agent (0: at the end of each episode only).</summary>
    public int UpdateEvery { get; init; }

    /// <summary>
    /// Longest trajectory kept: an agent that reaches it learns at once (bootstrapping as for a
    /// time limit). The cohort's sample rings and batch size must hold it, see <see cref="CohortOptionsFor"/>.
    /// </summary>
    public int MaxSteps { get; init; } = 500;

    /// <summary>Initial log standard deviation of a Gaussian policy's actions.</summary>
    public double InitialLogStd { get; init; }

    /// <summary>Seed of the agents' action generators (one stream per agent).</summary>
    public ulong Seed { get; init; }

    /// <summary>Hidden layers of the value brains (<see cref="BaselineKind.ValueCohort"/> only).</summary>
    public IReadOnlyList<LayerSpec> ValueHidden { get; init; } = [new LayerSpec(16, Activation.Tanh)];

    /// <summary>How the value brains learn (the batch size is set to <see cref="MaxSteps"/>).</summary>
    public TrainingSettings ValueTraining { get; init; } = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.01 };

    /// <summary>Steps a trajectory holds before the agent must learn.</summary>
    internal int TrajectoryLength => UpdateEvery > 0 ? Math.Min(UpdateEvery, MaxSteps) : MaxSteps;

    /// <summary>
    /// Cohort options a policy cohort needs: the newest samples in order
    /// (<see cref="BatchSampling.Latest"/>), rings and batches as long as a trajectory.
    /// </summary>
    public CohortOptions CohortOptionsFor(CohortOptions? options = null)
    {
        var o = options ?? new CohortOptions();
        return o with
        {
            Sampling = BatchSampling.Latest,
            SampleCapacity = TrajectoryLength,
            Training = o.Training with { BatchSize = TrajectoryLength },
        };
    }

    /// <summary>Throws on a setting out of range; returns this.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting out of range, named.</exception>
    public PolicyGradientOptions Validate()
    {
        Check(Discount >= 0 && Discount <= 1, nameof(Discount), Discount, "in [0, 1]");
        Check(GaeLambda >= 0 && GaeLambda <= 1, nameof(GaeLambda), GaeLambda, "in [0, 1]");
        Check(BaselineRate > 0 && BaselineRate <= 1, nameof(BaselineRate), BaselineRate, "in (0, 1]");
        Check(double.IsFinite(EntropyBonus) && EntropyBonus >= 0, nameof(EntropyBonus), EntropyBonus, "a finite number >= 0");
        Check(UpdateEvery >= 0, nameof(UpdateEvery), UpdateEvery, ">= 0");
        Check(MaxSteps >= 1, nameof(MaxSteps), MaxSteps, ">= 1");
        Check(double.IsFinite(InitialLogStd) && Math.Abs(InitialLogStd) <= 10, nameof(InitialLogStd), InitialLogStd, "in [-10, 10]");
        ArgumentNullException.ThrowIfNull(ValueHidden);
        ArgumentNullException.ThrowIfNull(ValueTraining);
        ValueTraining.Validate();
        return this;
    }

    private static void Check(bool ok, string name, double value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"PolicyGradientOptions: {name} must be {range}, got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
