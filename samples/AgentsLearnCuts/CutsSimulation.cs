using System.Globalization;
using Engine.Ecs;
using Engine.Neural;
using Engine.Neural.Ecs;

namespace AgentsLearnCuts;

/// <summary>
/// A world of entities, each learning its own random straight cut of the unit square: every
/// frame each entity sees a fresh point, its brain says which side it is on, the judge scores
/// the answer and teaches the right one, and the brains train, all of them batched together.
/// </summary>
public sealed class CutsSimulation : IDisposable
{
    /// <summary>
    /// Two inputs (the point), one sigmoid output (the side): a single neuron is exactly one
    /// straight cut, so every entity's task is learnable by its brain.
    /// </summary>
    public static readonly BrainSpec Spec = new(2, [], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    private readonly ISystem[] _systems;
    private readonly JudgeSystem _judge;

    /// <summary>Creates <paramref name="agents"/> entities with their cuts and brains.</summary>
    public CutsSimulation(int agents, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        World = World.Create();
        Brains = new BrainRegistry(World, new CohortOptions
        {
            Seed = seed,
            InitialCapacity = agents,
            SampleCapacity = 64,
            Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.05, BatchSize = 16 },
        });

        var random = DeterministicRandom.ForStream(seed, 1);
        for (var i = 0; i < agents; i++)
        {
            var entity = World.Create(Cut.Random(ref random), default(Probe));
            Brains.AddBrain(entity, Spec);
        }

        _judge = new JudgeSystem(Brains);
        _systems =
        [
            new SenseSystem(Brains, seed ^ 0x5E45E),
            new NeuralSystem(Brains),
            _judge,
            new LearningSystem(Brains, TrainingBudget.StepsPerFrame(1)),
        ];
    }

    /// <summary>The entities.</summary>
    public World World { get; }

    /// <summary>Their brains.</summary>
    public BrainRegistry Brains { get; }

    /// <summary>The systems in the order a frame runs them: sense, think, judge, learn.</summary>
    public IReadOnlyList<ISystem> Systems => _systems;

    /// <summary>
    /// Runs <paramref name="frames"/> frames of <paramref name="agents"/> entities, writing the
    /// mean accuracy of every <paramref name="reportEvery"/> frames to <paramref name="log"/>.
    /// </summary>
    /// <returns>The mean accuracy of the last <paramref name="reportEvery"/> frames, in [0, 1].</returns>
    public static double Run(int agents, int frames, int reportEvery, ulong seed, TextWriter? log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(reportEvery, 1);
        using var simulation = new CutsSimulation(agents, seed);
        log?.WriteLine($"{agents} entities, each learning its own random cut of the unit square with a {Spec} brain");
        var window = 0.0;
        var windowFrames = 0;
        var last = 0.0;
        for (var frame = 1; frame <= frames; frame++)
        {
            window += simulation.Step();
            windowFrames++;
            if (frame % reportEvery == 0 || frame == frames)
            {
                last = window / windowFrames;
                log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frame {frame,4}: mean accuracy {last * 100,5:F1} %  ({simulation.Timings()})"));
                window = 0;
                windowFrames = 0;
            }
        }

        return last;
    }

    /// <summary>Runs one frame.</summary>
    /// <returns>The fraction of entities whose brain put this frame's point on the right side (judged before learning from it).</returns>
    public double Step()
    {
        foreach (var system in _systems)
        {
            system.Update(1f / 60f);
        }

        return _judge.LastJudged == 0 ? 0 : (double)_judge.LastCorrect / _judge.LastJudged;
    }

    /// <summary>Each system's time in the last frame, e.g. <c>Sense 0.05 ms, Neural 0.10 ms, ...</c>.</summary>
    public string Timings() =>
        string.Join(", ", _systems.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.LastFrameMilliseconds:F2} ms")));

    /// <inheritdoc/>
    public void Dispose()
    {
        Brains.Dispose();
        World.Dispose();
    }
}
