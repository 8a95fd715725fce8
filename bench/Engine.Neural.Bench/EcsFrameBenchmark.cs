using Engine.Ecs;
using Engine.Neural.Ecs;

namespace Engine.Neural.Bench;

/// <summary>
/// ECSFRAME: a whole game frame for 10,000 entities with brains (gather senses into the input
/// rows, batched forward, scatter decisions back to components and give feedback, one
/// training step) through the ECS systems, against the same work as bare cohort calls over
/// plain arrays. The difference is what the ECS costs.
/// </summary>
internal sealed class EcsFrameBenchmark : IBenchmark
{
    private const int Agents = 10_000;
    private static readonly QueryDescription Thinking = new QueryDescription().WithAll<NeuralBrain, Senses, Decision>();

    public string Name => "ECSFRAME";

    public void Run(BenchOutput output)
    {
        var spec = Workloads.AgentNet;
        var options = new CohortOptions
        {
            Seed = 5,
            InitialCapacity = Agents,
            SampleCapacity = 32,
            Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 8 },
        };
        output.Note($"ECSFRAME: {Agents} entities with {spec} brains; frame = senses -> forward -> decisions + feedback -> 1 training step (Adam, batch 8)");

        // Both set-ups live side by side and their frames alternate, so machine noise (this is
        // a shared 2-core machine) hits both alike; the medians are compared.
        using var bareSetup = new BareFrame(spec, options);
        using var ecsSetup = new EcsFrame(spec, options);
        var bareTimes = new List<double>();
        var ecsTimes = new List<double>();
        var warmUp = System.Diagnostics.Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 3)
        {
            bareSetup.Frame();
            ecsSetup.Frame();
        }

        for (var round = 0; round < 40; round++)
        {
            bareTimes.Add(Time(bareSetup.Frame));
            ecsTimes.Add(Time(ecsSetup.Frame));
        }

        var bare = Median(bareTimes);
        var ecs = Median(ecsTimes);
        output.Line("ECSFRAME", Agents, "bare", ("ms_per_frame", bare * 1e3));
        output.Line("ECSFRAME", Agents, "cpu", ("ms_per_frame", ecs * 1e3), ("overhead_pct", (ecs - bare) / bare * 100));
    }

    private static double Time(Action frame)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        frame();
        return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>The same frame as bare cohort calls over plain arrays.</summary>
    private sealed class BareFrame : IDisposable
    {
        private readonly BrainSpec _spec;
        private readonly BrainCohort _cohort;
        private readonly float[] _senses;
        private readonly float[] _decisions = new float[Agents];
        private readonly float[] _target;
        private int _frame;

        public BareFrame(BrainSpec spec, CohortOptions options)
        {
            _spec = spec;
            _cohort = new BrainCohort(spec, options);
            for (var i = 0; i < Agents; i++)
            {
                _cohort.Add();
            }

            _senses = Workloads.RandomValues(Agents * spec.InputSize, 6);
            _target = new float[spec.OutputSize];
        }

        public void Frame()
        {
            _frame++;
            _senses.AsSpan().CopyTo(_cohort.Inputs);
            _cohort.Forward();
            var outputs = _cohort.Outputs;
            for (var row = 0; row < Agents; row++)
            {
                _decisions[row] = outputs[row * _spec.OutputSize];
                Array.Fill(_target, Teacher(_senses[row * _spec.InputSize], _frame));
                _cohort.AddSample(_cohort.HandleAt(row), _senses.AsSpan(row * _spec.InputSize, _spec.InputSize), _target);
            }

            _cohort.TrainStep();
        }

        public void Dispose() => _cohort.Dispose();
    }

    /// <summary>The frame through the ECS: struct queries and the neural systems.</summary>
    private sealed class EcsFrame : IDisposable
    {
        private readonly World _world;
        private readonly BrainRegistry _brains;
        private readonly NeuralSystem _neural;
        private readonly LearningSystem _learning;
        private int _frame;

        public EcsFrame(BrainSpec spec, CohortOptions options)
        {
            _world = World.Create();
            _brains = new BrainRegistry(_world, options);
            var senses = Workloads.RandomValues(Agents * spec.InputSize, 6);
            for (var i = 0; i < Agents; i++)
            {
                var s = new Senses();
                senses.AsSpan(i * spec.InputSize, spec.InputSize).CopyTo(s);
                _brains.AddBrain(_world.Create(s, default(Decision)), spec);
            }

            _neural = new NeuralSystem(_brains);
            _learning = new LearningSystem(_brains, TrainingBudget.StepsPerFrame(1));
        }

        public void Frame()
        {
            _frame++;
            var gather = new Gather(_brains);
            _world.InlineQuery<Gather, NeuralBrain, Senses, Decision>(in Thinking, ref gather);
            _neural.Update(1f / 60f);
            var scatter = new Scatter(_brains, _frame);
            _world.InlineQuery<Scatter, NeuralBrain, Senses, Decision>(in Thinking, ref scatter);
            _learning.Update(1f / 60f);
        }

        public void Dispose()
        {
            _brains.Dispose();
            _world.Dispose();
        }
    }

    /// <summary>The feedback both sides give: a target that depends on the first sense and the frame.</summary>
    private static float Teacher(float firstSense, int frame) => firstSense > 0 == (frame % 2 == 0) ? 1f : -1f;

    /// <summary>Eight senses, stored in the component like a game would.</summary>
    [System.Runtime.CompilerServices.InlineArray(8)]
    private struct Senses
    {
        private float _element;
    }

    private struct Decision
    {
        public float Value;
    }

    private readonly struct Gather(BrainRegistry brains) : IForEach<NeuralBrain, Senses, Decision>
    {
        public void Update(ref NeuralBrain brain, ref Senses senses, ref Decision decision) =>
            ((ReadOnlySpan<float>)senses).CopyTo(brains.Input(in brain));
    }

    private readonly struct Scatter(BrainRegistry brains, int frame) : IForEach<NeuralBrain, Senses, Decision>
    {
        public void Update(ref NeuralBrain brain, ref Senses senses, ref Decision decision)
        {
            decision.Value = brains.Output(in brain)[0];
            Span<float> target = stackalloc float[4];
            target.Fill(Teacher(senses[0], frame));
            brains.AddSample(in brain, senses, target);
        }
    }
}
