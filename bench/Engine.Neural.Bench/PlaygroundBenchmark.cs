using Engine.Neural.Reference;

namespace Engine.Neural.Bench;

/// <summary>
/// W1, the TensorFlow Playground's case: one 2-8-8-1 net, mini-batches of 10 drawn from 500
/// points (a circle data set); samples trained per second.
/// </summary>
internal sealed class PlaygroundBenchmark : IBenchmark
{
    private const int Points = 500;
    private const int Batch = 10;
    private const int StepsPerPass = 5_000;

    private static readonly BrainSpec Spec = new(
        2, [new LayerSpec(8, Activation.Tanh), new LayerSpec(8, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.Quadratic);

    public string Name => "W1";

    public void Run(BenchOutput output)
    {
        var (x, y) = CircleData();
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = 0.03, BatchSize = Batch };
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 1, SampleCapacity = Points, Training = settings });
        var agent = cohort.Add();
        for (var i = 0; i < Points; i++)
        {
            cohort.AddSample(agent, x[i], y[i]);
        }

        var (best, _) = Timing.Measure(() => cohort.Train(TrainingBudget.StepsPerFrame(StepsPerPass)));
        var rate = StepsPerPass * Batch / best;

        var naive = new NaiveMlp(Spec);
        var parameters = Workloads.RandomValues(Spec.ParameterCount, 3);
        var gradient = new float[Spec.ParameterCount];
        var batches = Enumerable.Range(0, Points / Batch).Select(b => (X: x.Skip(b * Batch).Take(Batch).ToArray(), Y: y.Skip(b * Batch).Take(Batch).ToArray())).ToArray();
        var (naiveBest, _) = Timing.Measure(() =>
        {
            for (var s = 0; s < StepsPerPass; s++)
            {
                var (bx, by) = batches[s % batches.Length];
                naive.TrainStep(parameters, 0, gradient, bx, by, 0.03f);
            }
        });
        var naiveRate = StepsPerPass * Batch / naiveBest;

        var trainer = new ReferenceTrainer(Workloads.ReferenceOf(cohort, 0), settings);
        var xd = x.Select(r => r.Select(v => (double)v).ToArray()).ToArray();
        var yd = y.Select(r => r.Select(v => (double)v).ToArray()).ToArray();
        var (referenceBest, _) = Timing.Measure(() => trainer.TrainEpochs(xd, yd, 1, 7), warmUpSeconds: 0.5, repetitions: 3);
        var referenceRate = Points / referenceBest;

        output.Line("W1", 1, "naive", ("samples_per_s", naiveRate));
        output.Line("W1", 1, "reference", ("samples_per_s", referenceRate));
        output.Line("W1", 1, "cpu", ("samples_per_s", rate), ("speedup_vs_naive", rate / naiveRate), ("speedup_vs_reference", rate / referenceRate));
    }

    /// <summary>The Playground's circle: label 1 inside radius 0.5, 0 outside, points in [-1, 1]^2.</summary>
    private static (float[][] X, float[][] Y) CircleData()
    {
        var random = new DeterministicRandom(500);
        var x = new float[Points][];
        var y = new float[Points][];
        for (var i = 0; i < Points; i++)
        {
            var px = (float)random.NextDouble(-1, 1);
            var py = (float)random.NextDouble(-1, 1);
            x[i] = [px, py];
            y[i] = [(px * px) + (py * py) < 0.25f ? 1f : 0f];
        }

        return (x, y);
    }
}
