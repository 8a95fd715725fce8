using System.Globalization;

namespace Engine.Neural.Learning;

/// <summary>How a <see cref="GeneticAlgorithm"/> breeds.</summary>
public sealed record class GeneticAlgorithmOptions
{
    /// <summary>The fittest agents copied unchanged into the next generation.</summary>
    public int Elites { get; init; } = 4;

    /// <summary>Agents drawn for each tournament; the fittest of them is a parent.</summary>
    public int TournamentSize { get; init; } = 3;

    /// <summary>Standard deviation of the Gaussian noise a mutation adds to a parameter.</summary>
    public double MutationSigma { get; init; } = 0.1;

    /// <summary>Probability that a child's parameter mutates, in (0, 1].</summary>
    public double MutationRate { get; init; } = 1.0;

    /// <summary>Seed of selection and mutation.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws on a setting out of range; returns this.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting out of range, named.</exception>
    public GeneticAlgorithmOptions Validate()
    {
        Check(Elites >= 0, nameof(Elites), Elites, ">= 0");
        Check(TournamentSize >= 1, nameof(TournamentSize), TournamentSize, ">= 1");
        Check(double.IsFinite(MutationSigma) && MutationSigma > 0, nameof(MutationSigma), MutationSigma, "a finite number > 0");
        Check(MutationRate > 0 && MutationRate <= 1, nameof(MutationRate), MutationRate, "in (0, 1]");
        return this;
    }

    private static void Check(bool ok, string name, double value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"GeneticAlgorithmOptions: {name} must be {range}, got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
