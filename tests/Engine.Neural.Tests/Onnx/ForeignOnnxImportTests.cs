using Engine.Neural.Onnx;

namespace Engine.Neural.Tests.Onnx;

/// <summary>
/// Models written the way other tools write them (torch-style names, Gemm with transB or MatMul +
/// Add, raw_data or float lists) import as the brain they describe, and run as ONNX Runtime runs them.
/// </summary>
public class ForeignOnnxImportTests
{
    // The alpha a spec holds is the decimal the file's float stands for (0.1f is 0.1).
    private static readonly (int Outputs, string? Op, float? Alpha, Activation Activation, double? SpecAlpha)[] Deep =
    [
        (5, "Relu", null, Activation.ReLU, null),
        (4, "LeakyRelu", 0.1f, Activation.LeakyReLU, 0.1),
        (4, "Elu", 0.5f, Activation.ELU, 0.5),
        (4, "Tanh", null, Activation.Tanh, null),
        (3, "Softmax", null, Activation.Softmax, null),
    ];

    private static readonly (int Outputs, string? Op, float? Alpha, Activation Activation, double? SpecAlpha)[] Shallow =
    [
        (5, "Sigmoid", null, Activation.Sigmoid, null),
        (2, null, null, Activation.Identity, null),
    ];

    public static IEnumerable<TestCaseData> Layouts()
    {
        foreach (var form in Enum.GetValues<ForeignLayerForm>())
        {
            foreach (var storage in Enum.GetValues<ForeignStorage>())
            {
                yield return new TestCaseData(form, storage).SetArgDisplayNames($"{form}, {storage}");
            }
        }
    }

    [TestCaseSource(nameof(Layouts))]
    public void AForeignMlpImportsWithItsExactWeightsAndRunsAsOnnxRuntimeRunsIt(ForeignLayerForm form, ForeignStorage storage)
    {
        foreach (var shape in new[] { Deep, Shallow })
        {
            const int inputs = 6;
            var layers = Layers(inputs, shape, seed: (int)form * 10 + (int)storage);
            var model = ForeignOnnxWriter.Model(inputs, layers, form, storage);

            var brain = OnnxImport.FromBytes(model);
            var hidden = shape[..^1].Select(l => new LayerSpec(l.Outputs, l.Activation, l.SpecAlpha)).ToList();
            var last = shape[^1];
            var loss = last.Activation == Activation.Softmax ? Loss.SoftmaxCrossEntropy : Loss.Quadratic;
            Assert.That(brain.Spec, Is.EqualTo(new BrainSpec(inputs, hidden, new LayerSpec(last.Outputs, last.Activation), loss)));
            Assert.That(brain.Parameters.ToArray(), Is.EqualTo(FlatLayout(layers)), "every weight and bias, exactly, in W[out][in] then b order");

            var rows = OnnxKit.Inputs(1000, inputs, seed: 12);
            var difference = OnnxKit.MaxAbsDifference(OnnxKit.CohortOutputs(brain.Spec, brain.Parameters.Span, rows), OnnxKit.RuntimeOutputs(model, rows, inputs));
            TestContext.Out.WriteLine($"ONNX FOREIGN {form} {storage} {brain.Spec}: max |onnxruntime - cohort| = {difference:E2}");
            Assert.That(difference, Is.LessThanOrEqualTo(1e-5));
        }
    }

    [Test]
    public void AnImportedBrainJoinsACohortAndLearns()
    {
        var model = ForeignOnnxWriter.Model(6, Layers(6, Shallow, seed: 3), ForeignLayerForm.GemmTransB, ForeignStorage.RawData);
        var brain = OnnxImport.FromBytes(model, Loss.Quadratic);
        using var cohort = new BrainCohort(brain.Spec, new CohortOptions { Seed = 2, Training = new TrainingSettings { LearningRate = 0.05, BatchSize = 1 } });
        var agent = brain.AddTo(cohort);
        Assert.That(OnnxKit.Parameters(cohort, cohort.RowOf(agent)), Is.EqualTo(brain.Parameters.ToArray()));

        cohort.AddSample(agent, [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], [1f, -1f]);
        Assert.That(cohort.TrainStep(), Is.EqualTo(1));
        Assert.That(OnnxKit.Parameters(cohort, cohort.RowOf(agent)), Is.Not.EqualTo(brain.Parameters.ToArray()), "the imported weights train like any others");
    }

    /// <summary>Seeded layers of the given shape: weights and biases uniform in [-1, 1).</summary>
    internal static ForeignLayer[] Layers(int inputs, (int Outputs, string? Op, float? Alpha, Activation Activation, double? SpecAlpha)[] shape, int seed)
    {
        var random = new Random(seed);
        var layers = new ForeignLayer[shape.Length];
        var fanIn = inputs;
        for (var l = 0; l < shape.Length; l++)
        {
            var weights = new float[shape[l].Outputs, fanIn];
            for (var r = 0; r < weights.GetLength(0); r++)
            {
                for (var c = 0; c < fanIn; c++)
                {
                    weights[r, c] = (float)((random.NextDouble() * 2) - 1);
                }
            }

            var bias = Enumerable.Range(0, shape[l].Outputs).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            layers[l] = new ForeignLayer(weights, bias, shape[l].Op, shape[l].Alpha);
            fanIn = shape[l].Outputs;
        }

        return layers;
    }

    private static float[] FlatLayout(ForeignLayer[] layers) =>
        [.. layers.SelectMany(l => l.Weights.Cast<float>().Concat(l.Bias))];
}
