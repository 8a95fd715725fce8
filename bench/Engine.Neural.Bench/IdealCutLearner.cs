namespace Engine.Neural.Bench;

/// <summary>
/// The soak's baseline: the best any learner can do at one resident's task (a straight cut
/// <c>cos t x + sin t y &gt; c</c> of the unit square, learned from uniform points with
/// noiseless labels). It answers with the centre of the version space, the set of cuts that
/// classify every point seen so far correctly: the mean of <see cref="Draws"/> cuts drawn
/// uniformly from it (in angle and offset), a stand-in for the Bayes-optimal answer whose error
/// falls like 1 / n, where SGD's falls no faster than 1 / sqrt(n) in general.
/// </summary>
/// <remarks>
/// The version space is sampled by rejection inside a box around the true cut. The truth is
/// only where the search looks: which cuts are accepted depends on the data alone, and the box
/// is widened until no accepted cut comes near its edge, so it holds the whole version space.
/// Only points near the true cut can reject a cut inside the box, so only those are checked.
/// The learner sees its own stream of uniform points (not the soak agent's, which the soak does
/// not keep): the same distribution, and the first <c>n</c> points are always the same, so the
/// version space after 100,000 points lies inside the one after 10,000, as a learner's would.
/// </remarks>
public sealed class IdealCutLearner
{
    /// <summary>Version-space cuts averaged into one answer.</summary>
    public const int Draws = 64;

    private readonly double _angle;
    private readonly double _offset;
    private readonly ulong _seed;

    /// <summary>A learner of the cut <c>a x + b y &gt; c</c> (<c>a² + b² = 1</c>), whose points come from <paramref name="seed"/>.</summary>
    public IdealCutLearner(double a, double b, double c, ulong seed)
    {
        _angle = Math.Atan2(b, a);
        _offset = c;
        _seed = seed;
    }

    /// <summary>The learner's cut, as (a, b, c), after its first <paramref name="points"/> points.</summary>
    public (double A, double B, double C) After(int points)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        for (var box = 40.0 / points; ; box *= 2)
        {
            if (TryCentre(points, box, out var angle, out var offset))
            {
                return (Math.Cos(angle), Math.Sin(angle), offset);
            }
        }
    }

    private bool TryCentre(int points, double box, out double angle, out double offset)
    {
        var near = NearPoints(points, 3 * box);
        var draws = DeterministicRandom.ForStream(_seed, (ulong)points);
        (angle, offset) = (0, 0);
        for (var accepted = 0; accepted < Draws;)
        {
            var t = _angle + (box * ((2 * draws.NextDouble()) - 1));
            var c = _offset + (box * ((2 * draws.NextDouble()) - 1));
            if (!Consistent(near, Math.Cos(t), Math.Sin(t), c))
            {
                continue;
            }

            if (Math.Abs(t - _angle) > 0.9 * box || Math.Abs(c - _offset) > 0.9 * box)
            {
                return false;
            }

            angle += t / Draws;
            offset += c / Draws;
            accepted++;
        }

        return true;
    }

    // The learner's points within `band` of the true cut, with their true sides: a cut whose
    // angle and offset are both within a third of `band` of the truth agrees with it on every
    // point farther away (|d(t) - d(t0)| <= |t - t0| * sqrt(2) + |c - c0| inside the unit square).
    private List<(double X, double Y, bool Side)> NearPoints(int points, double band)
    {
        var (a, b) = (Math.Cos(_angle), Math.Sin(_angle));
        var stream = DeterministicRandom.ForStream(_seed, 0);
        var near = new List<(double, double, bool)>();
        for (var i = 0; i < points; i++)
        {
            var (x, y) = (stream.NextDouble(), stream.NextDouble());
            var distance = (a * x) + (b * y) - _offset;
            if (Math.Abs(distance) < band)
            {
                near.Add((x, y, distance > 0));
            }
        }

        return near;
    }

    private static bool Consistent(List<(double X, double Y, bool Side)> near, double a, double b, double c)
    {
        foreach (var (x, y, side) in near)
        {
            if (((a * x) + (b * y) > c) != side)
            {
                return false;
            }
        }

        return true;
    }
}
