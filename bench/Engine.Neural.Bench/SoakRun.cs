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
/// <remarks>
/// <para>
/// Every agent's learning rate is annealed with its age, Robbins-Monro style:
/// <c>scale = 1 / (1 + age / tau)</c>, set each frame through
/// <see cref="BrainCohort.SetLearningRateScale"/>. With a constant rate an agent's boundary
/// never settles: each new point nudges it by a step of the same size, so it jitters around
/// the true cut for ever and a single agent can end a long run worse than it was earlier. With
/// steps that shrink like 1/age the sum of the steps still diverges (the agent never stops
/// learning: it can still move its boundary any distance) while the sum of their squares
/// converges (the jitter dies out), so the boundary converges. A newcomer learns at the full
/// rate (its scale is above 0.9 for its first tau / 10 frames), which is what a game wants
/// from a fresh agent.
/// </para>
/// <para>
/// Every agent also keeps a Polyak-Ruppert average of its weights, host-side, in one
/// preallocated buffer per agent slot, updated after every training step with polynomial-decay
/// weights (Shamir and Zhang, 2013): after the agent's k-th step
/// <c>avg += (w - avg) * (1 + eta) / (k + eta)</c> with <c>eta = 1</c>, so the k-th iterate
/// weighs in proportion to k. That is the constant-memory stand-in for averaging over the
/// second half of the agent's life: the first half of its iterates carries a quarter of the
/// weight, so the poor early weights fade out without a burn-in age to choose, and the average
/// still spans the whole life (a plain uniform average from age 0 keeps the early weights for
/// ever; a fixed burn-in suits residents or newcomers but not both). The agent is measured on
/// (and a game would act with) the averaged weights; the raw weights are measured too.
/// </para>
/// <para>
/// With averaging the annealing can be slower (tau 1,000 frames, not 100): averaging removes
/// the jitter that fast annealing was there to kill, and fast annealing starves the averaged
/// weights of progress (a trial with seed 8, 500 residents, 100,000 frames: tau 100 ended at
/// 99.29% averaged, 99.41% raw; tau 1,000 at 99.97% averaged, 99.84% raw).
/// </para>
/// </remarks>
public sealed class SoakRun : IDisposable
{
    /// <summary>The default annealing time constant, in frames: the age at which the rate is halved.</summary>
    public const double DefaultAnnealingTau = 1_000;

    /// <summary>The power of the age each iterate is weighted by in the running average (eta).</summary>
    public const double AveragingWeightPower = 1;

    /// <summary>The default number of fixed test points accuracies are measured on.</summary>
    public const int DefaultTestPoints = 10_000;

    private static readonly BrainSpec Spec = new(2, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    private readonly BrainCohort _cohort;
    private readonly List<Learner> _residents = [];
    private readonly List<Learner> _visitors = [];
    private readonly float[] _testPoints;
    private readonly float[] _parameters;
    private readonly float[][] _residentAverages;
    private readonly float[][] _visitorAverages;
    private readonly BrainCohort _averaged;
    private readonly AgentHandle[] _averagedResidents;
    private readonly float[] _input = new float[2];
    private readonly float[] _target = new float[1];
    private readonly ulong _seed;
    private DeterministicRandom _random;

    /// <summary>Creates the population with the default annealing and test set.</summary>
    public SoakRun(int agents, ulong seed)
        : this(agents, seed, DefaultAnnealingTau, DefaultTestPoints)
    {
    }

    /// <summary>
    /// Creates the population: <paramref name="agents"/> agents, half of them residents, whose
    /// learning rates anneal as <c>1 / (1 + age / annealingTau)</c> (infinity: no annealing),
    /// measured on <paramref name="testPoints"/> fixed uniform points.
    /// </summary>
    public SoakRun(int agents, ulong seed, double annealingTau, int testPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(annealingTau);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(testPoints);
        AnnealingTau = annealingTau;
        TestPoints = testPoints;
        _seed = seed;
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

        // The test points come from their own stream, so the size of the test set does not
        // change the run it measures.
        var testRandom = DeterministicRandom.ForStream(seed, 1);
        _testPoints = new float[2 * testPoints];
        for (var i = 0; i < _testPoints.Length; i++)
        {
            _testPoints[i] = (float)testRandom.NextDouble();
        }

        _parameters = new float[Spec.ParameterCount];
        _residentAverages = NewAverages(_residents.Count);
        _visitorAverages = NewAverages(_visitors.Count);

        // The averaged weights are measured by the same forward as the raw ones: a second
        // cohort, one row a resident, that never trains.
        _averaged = new BrainCohort(Spec, new CohortOptions { Seed = seed, InitialCapacity = _residents.Count, SampleCapacity = 1 });
        _averagedResidents = new AgentHandle[_residents.Count];
        for (var i = 0; i < _averagedResidents.Length; i++)
        {
            _averagedResidents[i] = _averaged.Add();
        }
    }

    /// <summary>The annealing time constant in frames: an agent of this age learns at half rate.</summary>
    public double AnnealingTau { get; }

    /// <summary>The number of fixed test points accuracies are measured on.</summary>
    public int TestPoints { get; }

    /// <summary>Frames run so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Agents replaced so far.</summary>
    public long Churned { get; private set; }

    /// <summary>The learning-rate scale of an agent that has trained for <paramref name="age"/> frames.</summary>
    public float ScaleAtAge(long age) => (float)(1 / (1 + (age / AnnealingTau)));

    /// <summary>The residents' current learning-rate scale (they all share the first frame).</summary>
    public float ResidentScale => _cohort.LearningRateScale(_residents[0].Agent);

    /// <summary>
    /// One frame: every agent senses a fresh point, thinks (one batched forward), is told the
    /// truth (a sample), has its learning rate annealed for its age, and the cohort trains one
    /// step; then 1% of all agents, taken from the visitors, are replaced.
    /// </summary>
    public void Frame()
    {
        Feed(_residents);
        Feed(_visitors);
        _cohort.Forward();
        Teach(_residents);
        Teach(_visitors);
        Anneal(_residents);
        Anneal(_visitors);
        _cohort.TrainStep();
        Frames++;
        Average(_residents, _residentAverages);
        Average(_visitors, _visitorAverages);

        var churn = Math.Max(1, (_residents.Count + _visitors.Count) / 100);
        for (var i = 0; i < churn; i++)
        {
            var index = _random.NextInt(_visitors.Count);
            _cohort.Remove(_visitors[index].Agent);
            _visitors[index] = NewAgent();
            Churned++;
        }
    }

    /// <summary>Each resident's accuracy (raw weights) on the fixed test points, in resident order.</summary>
    public double[] ResidentAccuracies() => Accuracies(_cohort, i => _residents[i].Agent);

    /// <summary>Each resident's accuracy with its averaged weights on the fixed test points, in resident order.</summary>
    public double[] AveragedResidentAccuracies()
    {
        for (var i = 0; i < _residents.Count; i++)
        {
            _averaged.SetParameters(_averagedResidents[i], _residentAverages[i]);
        }

        return Accuracies(_averaged, i => _averagedResidents[i]);
    }

    /// <summary>
    /// Each resident's baseline on the same fixed test points: the accuracy of an ideal learner
    /// of the resident's cut (<see cref="IdealCutLearner"/>) after <paramref name="points"/>
    /// points, in resident order. An ideal learner's points come from its own stream, the same
    /// for every call, so a later call sees the earlier call's points and more.
    /// </summary>
    public double[] IdealResidentAccuracies(int points)
    {
        var accuracies = new double[_residents.Count];
        for (var r = 0; r < _residents.Count; r++)
        {
            var resident = _residents[r];
            var (a, b, c) = new IdealCutLearner(resident.A, resident.B, resident.C, (_seed << 20) + (ulong)r).After(points);
            var right = 0;
            for (var p = 0; p < TestPoints; p++)
            {
                var (x, y) = (_testPoints[2 * p], _testPoints[(2 * p) + 1]);
                right += ((a * x) + (b * y) > c) == resident.Side(x, y) ? 1 : 0;
            }

            accuracies[r] = (double)right / TestPoints;
        }

        return accuracies;
    }

    /// <summary>True when every agent's every parameter, raw and averaged, is finite.</summary>
    public bool AllFinite()
    {
        foreach (var average in _residentAverages.Concat(_visitorAverages))
        {
            if (!Array.TrueForAll(average, float.IsFinite))
            {
                return false;
            }
        }

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
    public void Dispose()
    {
        _cohort.Dispose();
        _averaged.Dispose();
    }

    private static float[][] NewAverages(int count)
    {
        var averages = new float[count][];
        for (var i = 0; i < count; i++)
        {
            averages[i] = new float[Spec.ParameterCount];
        }

        return averages;
    }

    private double[] Accuracies(BrainCohort cohort, Func<int, AgentHandle> handle)
    {
        var right = new int[_residents.Count];
        for (var p = 0; p < TestPoints; p++)
        {
            var x = _testPoints[2 * p];
            var y = _testPoints[(2 * p) + 1];
            for (var r = 0; r < _residents.Count; r++)
            {
                var input = cohort.Input(handle(r));
                input[0] = x;
                input[1] = y;
            }

            cohort.Forward();
            for (var r = 0; r < _residents.Count; r++)
            {
                right[r] += (cohort.Output(handle(r))[0] > 0.5f) == _residents[r].Side(x, y) ? 1 : 0;
            }
        }

        return right.Select(n => (double)n / TestPoints).ToArray();
    }

    // After an agent's k-th step: avg += (w - avg) (1 + eta) / (k + eta). The first step (k = 1)
    // copies the weights in, so a newcomer's slot needs no reset. A slot stays with its list
    // index: a replaced visitor's newcomer takes over its buffer.
    private void Average(List<Learner> agents, float[][] averages)
    {
        for (var i = 0; i < agents.Count; i++)
        {
            var learner = agents[i];
            _cohort.GetParameters(learner.Agent, _parameters);
            var k = Frames - learner.Born;
            var rate = (float)((1 + AveragingWeightPower) / (k + AveragingWeightPower));
            var average = averages[i];
            for (var j = 0; j < average.Length; j++)
            {
                average[j] += (_parameters[j] - average[j]) * rate;
            }
        }
    }

    private Learner NewAgent()
    {
        var angle = _random.NextDouble(0, 2 * Math.PI);
        var (px, py) = (_random.NextDouble(0.3, 0.7), _random.NextDouble(0.3, 0.7));
        var (a, b) = (Math.Cos(angle), Math.Sin(angle));
        return new Learner(_cohort.Add(), a, b, (a * px) + (b * py), Frames);
    }

    private void Feed(List<Learner> agents)
    {
        foreach (var learner in agents)
        {
            var input = _cohort.Input(learner.Agent);
            input[0] = (float)_random.NextDouble();
            input[1] = (float)_random.NextDouble();
        }
    }

    private void Teach(List<Learner> agents)
    {
        foreach (var learner in agents)
        {
            var input = _cohort.Input(learner.Agent);
            _input[0] = input[0];
            _input[1] = input[1];
            _target[0] = learner.Side(input[0], input[1]) ? 1f : 0f;
            _cohort.AddSample(learner.Agent, _input, _target);
        }
    }

    // The step about to be taken is the agent's (age + 1)th: a newcomer's first is at full rate.
    private void Anneal(List<Learner> agents)
    {
        foreach (var learner in agents)
        {
            _cohort.SetLearningRateScale(learner.Agent, ScaleAtAge(Frames - learner.Born));
        }
    }

    /// <summary>An agent, the cut it learns (a x + b y &gt; c) and the frame it was added on.</summary>
    private readonly record struct Learner(AgentHandle Agent, double A, double B, double C, long Born)
    {
        public bool Side(double x, double y) => (A * x) + (B * y) > C;
    }
}
