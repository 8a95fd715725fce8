namespace DemoGame.Model.Harvest;

/// <summary>Something a <see cref="RaySensor"/> can see: a circle on the plane, of a kind (0, 1, ...).</summary>
/// <param name="X">Centre, x.</param>
/// <param name="Y">Centre, y.</param>
/// <param name="Radius">Radius.</param>
/// <param name="Kind">What it is, from 0 to the sensor's kinds - 1.</param>
internal readonly record struct RayTarget(float X, float Y, float Radius, int Kind);

/// <summary>
/// Eyes for a moving agent: a fan of rays around its heading, each reporting the nearest
/// circle it sees, how near (1 at the agent, 0 at the end of the ray or when it sees nothing)
/// and of which kind. It writes straight into a brain's input row, one channel per kind and
/// ray, and knows nothing of drawing, brains or the game, so a game copies this one file.
/// </summary>
/// <remarks>
/// <para>
/// Each ray watches the slice of the fan around it (the fan's width over the number of rays),
/// not only its centre line: a thin line between rays would leave blind spots as wide as a
/// fruit straight ahead, where an agent most needs to see. A circle is seen by every ray whose
/// slice it overlaps, at the distance to its edge.
/// </para>
/// <para>
/// A ray's channels are one-hot by kind: channel k holds the nearness of what it sees when that
/// is of kind k, else 0. A small network tells "a grape ahead" from "a tomato ahead" far more
/// easily from separate channels than from one signed number. A target beyond reach costs one
/// distance test, one in reach and not behind a half-circle fan an arctangent.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var eyes = new RaySensor(rays: 8, fieldOfView: MathF.PI, range: 0.5f, kinds: 2);
/// eyes.Sense(body.X, body.Y, body.Heading, fruit, brains.Input(brain)[..eyes.Inputs]);
/// </code>
/// </example>
internal sealed class RaySensor
{
    /// <summary>Makes a fan of <paramref name="rays"/> rays spread evenly over <paramref name="fieldOfView"/> radians, centred on the heading, each <paramref name="range"/> long, seeing <paramref name="kinds"/> kinds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No rays, no kinds, a range or field of view that is not positive.</exception>
    public RaySensor(int rays, float fieldOfView, float range, int kinds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kinds, 1);
        if (!(range > 0) || !(fieldOfView > 0) || fieldOfView > 2 * MathF.PI)
        {
            throw new ArgumentOutOfRangeException(nameof(range), "RaySensor: the range must be > 0 and the field of view in (0, 2 pi].");
        }

        (Rays, Range, Kinds, FieldOfView) = (rays, range, kinds, fieldOfView);
    }

    /// <summary>Number of rays.</summary>
    public int Rays { get; }

    /// <summary>Length of each ray.</summary>
    public float Range { get; }

    /// <summary>Kinds of target told apart.</summary>
    public int Kinds { get; }

    /// <summary>The fan's width in radians.</summary>
    public float FieldOfView { get; }

    /// <summary>Floats <see cref="Sense"/> writes: rays x kinds.</summary>
    public int Inputs => Rays * Kinds;

    /// <summary>Angle of ray <paramref name="ray"/>'s centre line relative to the heading (radians, counter-clockwise).</summary>
    public float AngleOf(int ray) => (-FieldOfView / 2) + (FieldOfView * (ray + 0.5f) / Rays);

    /// <summary>
    /// Looks from (<paramref name="x"/>, <paramref name="y"/>) around <paramref name="heading"/>
    /// and writes, for ray r and kind k, the nearness of the nearest target ray r sees into
    /// <paramref name="destination"/>[r * Kinds + k]. <paramref name="hitDistances"/>, when
    /// given (one per ray), receives each ray's distance to what it sees, or <see cref="Range"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="Inputs"/>.</exception>
    public void Sense(float x, float y, float heading, ReadOnlySpan<RayTarget> targets, Span<float> destination, Span<float> hitDistances = default)
    {
        if (destination.Length < Inputs)
        {
            throw new ArgumentException($"RaySensor: the destination holds {destination.Length} floats, {Inputs} are needed.", nameof(destination));
        }

        Span<float> nearest = stackalloc float[Rays];
        Span<int> kind = stackalloc int[Rays];
        nearest.Fill(Range);
        kind.Fill(-1);
        var slice = FieldOfView / Rays;

        // A fan no wider than a half-circle sees nothing wholly behind the agent: those targets
        // are dropped before the arctangent, which is most of what a target in reach costs.
        var (ahead, forwardX, forwardY) = (FieldOfView <= MathF.PI, MathF.Cos(heading), MathF.Sin(heading));
        foreach (ref readonly var target in targets)
        {
            var (dx, dy) = (target.X - x, target.Y - y);
            var reach = Range + target.Radius;
            var squared = (dx * dx) + (dy * dy);
            if (squared > reach * reach || (ahead && (dx * forwardX) + (dy * forwardY) < -target.Radius))
            {
                continue;
            }

            var distance = MathF.Sqrt(squared);
            var edge = MathF.Max(0f, distance - target.Radius);
            if (edge >= Range)
            {
                continue;
            }

            // Its direction relative to the heading, in (-pi, pi], and how wide it looks.
            var angle = MathF.Atan2(dy, dx) - heading;
            angle -= MathF.Round(angle / (2 * MathF.PI)) * 2 * MathF.PI;
            var half = distance <= target.Radius ? MathF.PI : MathF.Asin(target.Radius / distance);
            var first = (int)MathF.Floor((angle - half + (FieldOfView / 2)) / slice);
            var last = (int)MathF.Floor((angle + half + (FieldOfView / 2)) / slice);
            for (var ray = Math.Max(0, first); ray <= Math.Min(Rays - 1, last); ray++)
            {
                if (edge < nearest[ray])
                {
                    nearest[ray] = edge;
                    kind[ray] = target.Kind;
                }
            }
        }

        destination[..Inputs].Clear();
        for (var ray = 0; ray < Rays; ray++)
        {
            if (kind[ray] >= 0 && kind[ray] < Kinds)
            {
                destination[(ray * Kinds) + kind[ray]] = 1f - (nearest[ray] / Range);
            }

            if (ray < hitDistances.Length)
            {
                hitDistances[ray] = nearest[ray];
            }
        }
    }
}
