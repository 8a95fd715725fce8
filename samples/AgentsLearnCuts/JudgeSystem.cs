using Engine.Ecs;
using Engine.Neural.Ecs;

namespace AgentsLearnCuts;

/// <summary>
/// The actuators and the teacher: reads each brain's answer for its probe, counts it right or
/// wrong against the entity's own cut, then gives the brain the right answer as feedback.
/// </summary>
public sealed class JudgeSystem : TimedSystem
{
    private static readonly QueryDescription Judged = new QueryDescription().WithAll<NeuralBrain, Probe, Cut>();
    private readonly BrainRegistry _brains;

    /// <summary>Creates the judge of <paramref name="brains"/>' world.</summary>
    public JudgeSystem(BrainRegistry brains)
        : base("Judge")
    {
        ArgumentNullException.ThrowIfNull(brains);
        _brains = brains;
    }

    /// <summary>Answers judged by the last update.</summary>
    public int LastJudged { get; private set; }

    /// <summary>Right answers in the last update.</summary>
    public int LastCorrect { get; private set; }

    /// <inheritdoc/>
    protected override void OnUpdate(float deltaTime)
    {
        var body = new Body(_brains);
        _brains.World.InlineQuery<Body, NeuralBrain, Probe, Cut>(in Judged, ref body);
        LastJudged = body.Judged;
        LastCorrect = body.Correct;
    }

    /// <summary>The struct query body: no delegate, no allocation.</summary>
    private struct Body(BrainRegistry brains) : IForEach<NeuralBrain, Probe, Cut>
    {
        public int Judged;
        public int Correct;

        public void Update(ref NeuralBrain brain, ref Probe probe, ref Cut cut)
        {
            var truth = cut.Side(probe.X, probe.Y);
            var answer = brains.Output(in brain)[0] > 0.5f ? 1f : 0f;
            Judged++;
            Correct += answer == truth ? 1 : 0;

            // The sample is what the brain saw and what it should have said.
            ReadOnlySpan<float> input = [SenseSystem.Centred(probe.X), SenseSystem.Centred(probe.Y)];
            ReadOnlySpan<float> target = [truth];
            brains.AddSample(in brain, input, target);
        }
    }
}
