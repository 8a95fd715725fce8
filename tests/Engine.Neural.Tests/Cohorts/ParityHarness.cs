using Engine.Neural.Cpu;
using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Cohorts;

/// <summary>
/// Trains a <see cref="BrainCohort"/> and, beside it, one double-precision
/// <see cref="ReferenceNetwork"/> per checked agent on exactly the same batches, then reports
/// the worst relative disagreement. Batches are made predictable with
/// <see cref="BatchSampling.Latest"/>: every step each agent receives one fresh sample and
/// trains on its newest <c>batch</c> samples.
/// </summary>
internal sealed class ParityHarness : IDisposable
{
    private readonly BrainSpec _spec;
    private readonly int _batch;
    private readonly List<(double[] X, double[] Y)>[] _history;
    private readonly int[] _checked;
    private readonly ReferenceNetwork[] _references;
    private readonly ReferenceOptimizer[] _optimizers;
    private readonly AgentHandle[] _agents;
    private readonly string _backend;
    private DeterministicRandom _random;

    /// <param name="spec">The brains' shape.</param>
    /// <param name="settings">How both sides train.</param>
    /// <param name="agents">Agents in the cohort.</param>
    /// <param name="width">The CPU kernels' vector width.</param>
    /// <param name="seed">Seed of brains and data.</param>
    /// <param name="checkedAgents">How many agents get a reference beside them.</param>
    /// <param name="attach">
    /// Moves the cohort to another backend once its agents exist (null: the CPU kernels);
    /// <see cref="Train"/> then checks the cohort stayed on it.
    /// </param>
    public ParityHarness(BrainSpec spec, TrainingSettings settings, int agents, SimdWidth width, ulong seed, int checkedAgents = 12, Action<BrainCohort>? attach = null)
    {
        _spec = spec;
        _batch = settings.BatchSize;
        _random = new DeterministicRandom(seed);
        Cohort = new BrainCohort(spec, new CohortOptions
        {
            Seed = seed,
            Sampling = BatchSampling.Latest,
            SampleCapacity = settings.BatchSize,
            Training = settings,
            Init = WeightInit.Xavier,
        })
        {
            Width = width,
        };
        _agents = Enumerable.Range(0, agents).Select(_ => Cohort.Add()).ToArray();
        attach?.Invoke(Cohort);
        _backend = Cohort.BackendName;

        // Check every agent of a small cohort, a spread of agents (first and last included) of a big one.
        _checked = agents <= checkedAgents
            ? Enumerable.Range(0, agents).ToArray()
            : Enumerable.Range(0, checkedAgents).Select(i => i * (agents - 1) / (checkedAgents - 1)).ToArray();
        _history = _checked.Select(_ => new List<(double[], double[])>()).ToArray();
        _references = _checked.Select(i => ToReference(_agents[i])).ToArray();
        _optimizers = _checked.Select(_ => new ReferenceOptimizer(spec)).ToArray();

        // Fill every ring so the first step already sees a full batch.
        for (var s = 0; s < _batch - 1; s++)
        {
            PushSamples();
        }
    }

    public BrainCohort Cohort { get; }

    /// <summary>Runs <paramref name="steps"/> steps on both sides.</summary>
    public void Train(int steps, TrainingSettings settings)
    {
        for (var step = 0; step < steps; step++)
        {
            PushSamples();
            Assert.That(Cohort.TrainStep(), Is.EqualTo(_agents.Length), "every agent trains every step");
            for (var c = 0; c < _checked.Length; c++)
            {
                var batch = _history[c].TakeLast(_batch).ToArray();
                var gradient = _references[c].BatchGradient(batch.Select(b => b.X).ToArray(), batch.Select(b => b.Y).ToArray());
                _optimizers[c].Step(_references[c], gradient, settings);
            }
        }

        Assert.That(Cohort.BackendName, Is.EqualTo(_backend), "the cohort left its backend during training");
    }

    /// <summary>
    /// Worst relative parameter error over the checked agents, each measured against the
    /// agent's largest reference parameter: <c>max_i |f_i - r_i| / max_i |r_i|</c>.
    /// </summary>
    public double MaxParameterError()
    {
        var worst = 0.0;
        var fast = new float[_spec.ParameterCount];
        for (var c = 0; c < _checked.Length; c++)
        {
            Cohort.GetParameters(_agents[_checked[c]], fast);
            worst = Math.Max(worst, RelativeError(fast.Select(f => (double)f).ToArray(), _references[c].GetParameters()));
        }

        return worst;
    }

    /// <summary>Worst relative output error of <see cref="BrainCohort.Forward"/> on fresh inputs.</summary>
    public double MaxOutputError()
    {
        var inputs = _agents.Select(_ => RandomInput()).ToArray();
        for (var i = 0; i < _agents.Length; i++)
        {
            inputs[i].Select(v => (float)v).ToArray().CopyTo(Cohort.Input(_agents[i]));
        }

        Cohort.Forward();
        var worst = 0.0;
        for (var c = 0; c < _checked.Length; c++)
        {
            var agent = _agents[_checked[c]];
            var expected = _references[c].Forward(inputs[_checked[c]]);
            var actual = Cohort.Output(agent).ToArray().Select(v => (double)v).ToArray();
            worst = Math.Max(worst, RelativeError(actual, expected));
        }

        return worst;
    }

    public void Dispose() => Cohort.Dispose();

    internal static double RelativeError(double[] actual, double[] expected)
    {
        var scale = Math.Max(expected.Max(Math.Abs), 1e-12);
        return actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max() / scale;
    }

    private ReferenceNetwork ToReference(AgentHandle agent)
    {
        var flat = new float[_spec.ParameterCount];
        Cohort.GetParameters(agent, flat);
        var network = new ReferenceNetwork(_spec);
        network.SetParameters(flat.Select(f => (double)f).ToArray());
        return network;
    }

    private void PushSamples()
    {
        var checkedIndex = 0;
        for (var i = 0; i < _agents.Length; i++)
        {
            var x = RandomInput();
            var y = RandomTarget();
            Cohort.AddSample(_agents[i], x.Select(v => (float)v).ToArray(), y.Select(v => (float)v).ToArray());
            if (checkedIndex < _checked.Length && _checked[checkedIndex] == i)
            {
                // The reference sees exactly the float values the cohort stored.
                _history[checkedIndex].Add((x.Select(v => (double)(float)v).ToArray(), y.Select(v => (double)(float)v).ToArray()));
                checkedIndex++;
            }
        }
    }

    private double[] RandomInput() => Enumerable.Range(0, _spec.InputSize).Select(_ => _random.NextDouble(-1, 1)).ToArray();

    private double[] RandomTarget()
    {
        var n = _spec.OutputSize;
        switch (_spec.Loss)
        {
            case Loss.SoftmaxCrossEntropy:
                var hot = _random.NextInt(n);
                return Enumerable.Range(0, n).Select(j => j == hot ? 1.0 : 0.0).ToArray();
            case Loss.BinaryCrossEntropy:
                return Enumerable.Range(0, n).Select(_ => _random.NextInt(2) == 1 ? 1.0 : 0.0).ToArray();
            default:
                var low = _spec.Output.Activation is Activation.Sigmoid or Activation.ReLU ? 0.0 : -1.0;
                return Enumerable.Range(0, n).Select(_ => _random.NextDouble(low, 1)).ToArray();
        }
    }
}
