using Engine.Neural.Reference;

namespace Engine.Neural.OpenCL.Tests;

/// <summary>
/// Trains a cohort on the OpenCL backend and, beside it, one double-precision
/// <see cref="ReferenceNetwork"/> per checked agent on exactly the same batches (latest-sample
/// batches: each step every agent gets one fresh sample and trains on its newest ones), then
/// reports the worst relative disagreement, <c>max |f - r| / max |r|</c> per agent, as the
/// CPU parity tests of Engine.Neural.Tests do.
/// </summary>
internal sealed class OpenClParityHarness : IDisposable
{
    private readonly BrainSpec _spec;
    private readonly int _batch;
    private readonly List<(double[] X, double[] Y)>[] _history;
    private readonly int[] _checked;
    private readonly ReferenceNetwork[] _references;
    private readonly ReferenceOptimizer[] _optimizers;
    private readonly AgentHandle[] _agents;
    private DeterministicRandom _random;

    public OpenClParityHarness(BrainSpec spec, TrainingSettings settings, int agents, ulong seed, int checkedAgents = 6)
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
        });
        _agents = Enumerable.Range(0, agents).Select(_ => Cohort.Add()).ToArray();
        Assert.That(Cohort.UseOpenCl(), Is.True, "the OpenCL backend did not attach; is PoCL installed (scripts/setup.sh)?");
        _checked = agents <= checkedAgents
            ? Enumerable.Range(0, agents).ToArray()
            : Enumerable.Range(0, checkedAgents).Select(i => i * (agents - 1) / (checkedAgents - 1)).ToArray();
        _history = _checked.Select(_ => new List<(double[], double[])>()).ToArray();
        _references = _checked.Select(i => ToReference(_agents[i])).ToArray();
        _optimizers = _checked.Select(_ => new ReferenceOptimizer(spec)).ToArray();
        for (var s = 0; s < _batch - 1; s++)
        {
            PushSamples();
        }
    }

    public BrainCohort Cohort { get; }

    public void Train(int steps, TrainingSettings settings)
    {
        for (var step = 0; step < steps; step++)
        {
            PushSamples();
            Assert.That(Cohort.TrainStep(), Is.EqualTo(_agents.Length));
            for (var c = 0; c < _checked.Length; c++)
            {
                var batch = _history[c].TakeLast(_batch).ToArray();
                var gradient = _references[c].BatchGradient(batch.Select(b => b.X).ToArray(), batch.Select(b => b.Y).ToArray());
                _optimizers[c].Step(_references[c], gradient, settings);
            }
        }

        Assert.That(Cohort.BackendName, Is.EqualTo("opencl"), "the cohort fell back to the CPU during training");
    }

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
            var expected = _references[c].Forward(inputs[_checked[c]]);
            var actual = Cohort.Output(_agents[_checked[c]]).ToArray().Select(v => (double)v).ToArray();
            worst = Math.Max(worst, RelativeError(actual, expected));
        }

        return worst;
    }

    public void Dispose() => Cohort.Dispose();

    public static double RelativeError(double[] actual, double[] expected)
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
