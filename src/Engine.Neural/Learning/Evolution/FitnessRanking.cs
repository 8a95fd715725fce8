using System.Globalization;

namespace Engine.Neural.Learning;

/// <summary>
/// Orders a generation by fitness: the rows best first, and each row's centred rank in
/// [-0.5, 0.5] (the best 0.5; tied rows share the mean of their ranks). A NaN or infinite
/// fitness is rejected, counted, and ranked last, so one broken score cannot steer evolution.
/// </summary>
internal sealed class FitnessRanking
{
    private float[] _keys;
    private int[] _order;
    private double[] _centred;

    /// <summary>Makes room for a generation of <paramref name="agents"/>, so that ranking the first allocates nothing either.</summary>
    public FitnessRanking(int agents)
    {
        _keys = new float[agents];
        _order = new int[agents];
        _centred = new double[agents];
    }

    /// <summary>Fitness values rejected so far for being NaN or infinite.</summary>
    public long Rejected { get; private set; }

    /// <summary>Rows of the last ranking, best first.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Centred rank of every row of the last ranking.</summary>
    public ReadOnlySpan<double> CentredRanks => _centred;

    /// <summary>Ranks <paramref name="fitness"/>, one value per cohort row.</summary>
    /// <exception cref="ArgumentException">Not one value per agent.</exception>
    public void Rank(ReadOnlySpan<float> fitness, int agents, string owner)
    {
        if (fitness.Length != agents)
        {
            throw new ArgumentException($"{owner}: one fitness per agent is needed ({agents}), got {fitness.Length}.", nameof(fitness));
        }

        if (_keys.Length != agents)
        {
            _keys = new float[agents];
            _order = new int[agents];
            _centred = new double[agents];
        }

        for (var row = 0; row < agents; row++)
        {
            var f = fitness[row];
            if (!float.IsFinite(f))
            {
                if (Rejected++ == 0)
                {
                    BrainCohort.Log($"Engine.Neural: {owner} rejected a fitness of {f.ToString(CultureInfo.InvariantCulture)} (ranked last); later ones are only counted.");
                }

                f = float.NegativeInfinity;
            }

            // Ascending keys put the fittest first.
            _keys[row] = -f;
            _order[row] = row;
        }

        Array.Sort(_keys, _order);
        var scale = agents > 1 ? 1.0 / (agents - 1) : 0.0;
        for (var start = 0; start < agents;)
        {
            var end = start + 1;
            while (end < agents && _keys[end] == _keys[start])
            {
                end++;
            }

            var meanPosition = 0.5 * (start + end - 1);
            var centred = agents > 1 ? ((agents - 1 - meanPosition) * scale) - 0.5 : 0.0;
            for (var i = start; i < end; i++)
            {
                _centred[_order[i]] = centred;
            }

            start = end;
        }
    }
}
