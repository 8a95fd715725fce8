using System.Diagnostics;

namespace Engine.Neural.Bench;

/// <summary>
/// Issue 8's soak: 1,000 learning agents, each with its own random straight cut of the unit
/// square to learn, with 1% of them replaced by newcomers every frame. Half the agents are
/// residents that are never churned, so that "accuracy at the end is at least where it was
/// at the checkpoint" can be measured on agents that live through the whole run (an agent
/// churned at 1% per frame lives about 100 frames). Measures managed heap, process memory and
/// allocations at the checkpoint and at the end, and checks every parameter stays finite.
/// </summary>
public sealed class SoakRun : IDisposable
{
    private const int TestPoints = 200;
    private static readonly BrainSpec Spec = new(2, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    private readonly BrainCohort _cohort;
    private readonly List<(AgentHandle Agent, double A, double B, double C)> _residents = [];
    private readonly List<(AgentHandle Agent, double A, double B, double C)> _visitors = [];
    private readonly float[] _testPoints;
    private readonly float[] _parameters;
    private readonly float[] _input = new float[2];
    private readonly float[] _target = new float[1];
    private DeterministicRandom _random;

    /// <summary>Creates the population: <paramref name="agents"/> agents, half of them residents.</summary>
    public SoakRun(int agents, ulong seed)
    {
        _random = new DeterministicRandom(seed);
        _cohort = new BrainCohort(Spec, new CohortOptions
        {
            Seed = seed,
            InitialCapacity = agents,
            // A long memory and a modest rate: each agent's boundary settles instead of chasing
            // the newest points, which is what lets it keep what it learned.
            SampleCapacity = 512,
            Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.005, BatchSize = 32 },
        });
        for (var i = 0; i < agents; i++)
        {
            (i % 2 == 0 ? _residents : _visitors).Add(NewAgent());
        }

        _testPoints = new float[2 * TestPoints];
        for (var i = 0; i < _testPoints.Length; i++)
        {
            _testPoints[i] = (float)_random.NextDouble();
        }

        _parameters = new float[Spec.ParameterCount];
    }

    /// <summary>Agents replaced so far.</summary>
    public long Churned { get; private set; }

    /// <summary>
    /// One frame: every agent senses a fresh point, thinks (one batched forward), is told the
    /// truth (a sample), and the cohort trains one step; then 1% of all agents, taken from the
    /// visitors, are replaced.
    /// </summary>
    public void Frame()
    {
        Feed(_residents);
        Feed(_visitors);
        _cohort.Forward();
        Teach(_residents);
        Teach(_visitors);
        _cohort.TrainStep();

        var churn = Math.Max(1, (_residents.Count + _visitors.Count) / 100);
        for (var i = 0; i < churn; i++)
        {
            var index = _random.NextInt(_visitors.Count);
            _cohort.Remove(_visitors[index].Agent);
            _visitors[index] = NewAgent();
            Churned++;
        }
    }

    /// <summary>Each resident's accuracy on the fixed test points, in resident order.</summary>
    public double[] ResidentAccuracies()
    {
        var right = new int[_residents.Count];
        for (var p = 0; p < TestPoints; p++)
        {
            var x = _testPoints[2 * p];
            var y = _testPoints[(2 * p) + 1];
            foreach (var (agent, _, _, _) in _residents)
            {
                _cohort.Input(agent)[0] = x;
                _cohort.Input(agent)[1] = y;
            }

            _cohort.Forward();
            for (var r = 0; r < _residents.Count; r++)
            {
                var (agent, a, b, c) = _residents[r];
                right[r] += (_cohort.Output(agent)[0] > 0.5f) == Side(a, b, c, x, y) ? 1 : 0;
            }
        }

        return right.Select(n => (double)n / TestPoints).ToArray();
    }

    /// <summary>True when every agent's every parameter is finite.</summary>
    public bool AllFinite()
    {
        for (var row = 0; row < _cohort.Count; row++)
        {
            _cohort.GetParameters(_cohort.HandleAt(row), _parameters);
            if (!Array.TrueForAll(_parameters, float.IsFinite))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Managed heap (after a full collection) and process working set, in bytes.</summary>
    public static (long Heap, long WorkingSet) Memory()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }

    /// <inheritdoc/>
    public void Dispose() => _cohort.Dispose();

    private static bool Side(double a, double b, double c, double x, double y) => (a * x) + (b * y) > c;

    private (AgentHandle, double, double, double) NewAgent()
    {
        var angle = _random.NextDouble(0, 2 * Math.PI);
        var (px, py) = (_random.NextDouble(0.3, 0.7), _random.NextDouble(0.3, 0.7));
        var (a, b) = (Math.Cos(angle), Math.Sin(angle));
        return (_cohort.Add(), a, b, (a * px) + (b * py));
    }

    private void Feed(List<(AgentHandle Agent, double A, double B, double C)> agents)
    {
        foreach (var (agent, _, _, _) in agents)
        {
            var input = _cohort.Input(agent);
            input[0] = (float)_random.NextDouble();
            input[1] = (float)_random.NextDouble();
        }
    }

    private void Teach(List<(AgentHandle Agent, double A, double B, double C)> agents)
    {
        foreach (var (agent, a, b, c) in agents)
        {
            var input = _cohort.Input(agent);
            _input[0] = input[0];
            _input[1] = input[1];
            _target[0] = Side(a, b, c, input[0], input[1]) ? 1f : 0f;
            _cohort.AddSample(agent, _input, _target);
        }
    }
}
