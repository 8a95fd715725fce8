using Engine.Ecs;

namespace Engine.Neural.Bench;

/// <summary>
/// Iterates 1,000,000 entities with two 3-float components, adding velocity to position, through
/// the ECS (struct query and chunk spans) and, as the same-run baseline, through a plain array
/// of structs. Arch publishes roughly 370-675 thousand entities/ms for this loop.
/// </summary>
internal sealed class EcsBenchmark : IBenchmark
{
    private const int Entities = 1_000_000;
    private const int Repetitions = 21;

    public string Name => "ECS";

    public void Run(BenchOutput output)
    {
        using var world = World.Create();
        var bodies = new Body[Entities];
        var velocity = new Velocity(1, 0.5f, 0.25f);
        var first = world.Create(default(Position), velocity);
        for (var i = 1; i < Entities; i++)
        {
            world.Create(default(Position), velocity);
        }

        Array.Fill(bodies, new Body { Velocity = velocity });

        var moving = new QueryDescription().WithAll<Position, Velocity>();
        // Timed in turn, round after round, so the ratio compares the same seconds.
        var measured = Timing.MeasureAlternating(
            [
                () => IntegrateArray(bodies),
                () =>
                {
                    var integrate = default(Integrate);
                    world.InlineQuery<Integrate, Position, Velocity>(in moving, ref integrate);
                },
                () => IntegrateChunks(world, moving),
            ],
            warmUpSeconds: 1.0,
            repetitions: Repetitions);
        var (naive, query, chunks) = (PerMillisecond(measured[0]), PerMillisecond(measured[1]), PerMillisecond(measured[2]));

        // Every pass adds velocity once; a wrong count means a path skipped work and its figure is void.
        if (bodies[^1].Position.X != naive.Passes || world.Get<Position>(first).X != query.Passes + chunks.Passes)
        {
            throw new InvalidOperationException("ECS benchmark: a pass did not update every entity.");
        }

        output.Line("ECS", Entities, "naive", ("entities_per_ms", naive.Best), ("median_entities_per_ms", naive.Median));
        output.Line(
            "ECS",
            Entities,
            "cpu",
            ("entities_per_ms", query.Best),
            ("median_entities_per_ms", query.Median),
            ("chunk_entities_per_ms", chunks.Best),
            ("chunk_median_entities_per_ms", chunks.Median),
            ("ratio_vs_naive", query.Best / naive.Best));
    }

    /// <summary>Entities per millisecond, best and median, and the passes run (to check the work was done).</summary>
    private static (double Best, double Median, int Passes) PerMillisecond((double Best, double Median, int Passes) seconds) =>
        (Entities / (seconds.Best * 1e3), Entities / (seconds.Median * 1e3), seconds.Passes);

    private static void IntegrateArray(Body[] bodies)
    {
        for (var i = 0; i < bodies.Length; i++)
        {
            ref var body = ref bodies[i];
            body.Position.X += body.Velocity.X;
            body.Position.Y += body.Velocity.Y;
            body.Position.Z += body.Velocity.Z;
        }
    }

    private static void IntegrateChunks(World world, QueryDescription moving)
    {
        foreach (ref var chunk in world.Query(in moving))
        {
            var positions = chunk.GetSpan<Position>();
            var velocities = chunk.GetSpan<Velocity>().Slice(0, positions.Length);
            for (var i = 0; i < positions.Length; i++)
            {
                ref var position = ref positions[i];
                ref readonly var velocity = ref velocities[i];
                position.X += velocity.X;
                position.Y += velocity.Y;
                position.Z += velocity.Z;
            }
        }
    }

    private record struct Position(float X, float Y, float Z);

    private record struct Velocity(float X, float Y, float Z);

    private struct Body
    {
        public Position Position;
        public Velocity Velocity;
    }

    private readonly struct Integrate : IForEach<Position, Velocity>
    {
        public void Update(ref Position position, ref Velocity velocity)
        {
            position.X += velocity.X;
            position.Y += velocity.Y;
            position.Z += velocity.Z;
        }
    }
}
