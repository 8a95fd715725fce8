using Engine.Ecs;
using Engine.Neural;
using Engine.Neural.Ecs;

namespace AgentsLearnCuts;

/// <summary>
/// The sensors: every entity looks at a fresh random point of the unit square and writes it,
/// centred on 0, straight into its brain's input row.
/// </summary>
public sealed class SenseSystem : TimedSystem
{
    private static readonly QueryDescription Sensing = new QueryDescription().WithAll<NeuralBrain, Probe>();
    private Body _body;

    /// <summary>Creates the sensors of <paramref name="brains"/>' world, drawing points from <paramref name="seed"/>.</summary>
    public SenseSystem(BrainRegistry brains, ulong seed)
        : base("Sense")
    {
        ArgumentNullException.ThrowIfNull(brains);
        _body = new Body(brains, new DeterministicRandom(seed));
    }

    /// <inheritdoc/>
    protected override void OnUpdate(float deltaTime) =>
        _body.Brains.World.InlineQuery<Body, NeuralBrain, Probe>(in Sensing, ref _body);

    /// <summary>The struct query body: no delegate, no allocation.</summary>
    private struct Body(BrainRegistry brains, DeterministicRandom random) : IForEach<NeuralBrain, Probe>
    {
        private DeterministicRandom _random = random;

        public readonly BrainRegistry Brains => brains;

        public void Update(ref NeuralBrain brain, ref Probe probe)
        {
            probe = new Probe((float)_random.NextDouble(), (float)_random.NextDouble());
            var input = brains.Input(in brain);
            input[0] = Centred(probe.X);
            input[1] = Centred(probe.Y);
        }
    }

    /// <summary>Maps [0, 1) to [-1, 1): inputs centred on zero train faster.</summary>
    internal static float Centred(float coordinate) => (2f * coordinate) - 1f;
}
