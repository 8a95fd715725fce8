using Engine.Neural.Cpu;
using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Cpu;

/// <summary>
/// Own-weight forward passes (every row its own parameters, a layer run over all rows at once,
/// its dot products finished by fold trees) match the double-precision reference on every row,
/// at every width, for layer shapes that reach every kernel: rows of one vector and of several,
/// rows packed several to a vector (1, 2, 4 and 8 inputs), output counts that leave a partial
/// vector, and rows that tile no vector at all (3 inputs).
/// </summary>
[TestFixture]
public sealed class OwnWeightForwardTests
{
    private static readonly int[] Widths = [128, 256, 512];

    private static IEnumerable<TestCaseData> Cases()
    {
        var specs = new (string Name, BrainSpec Spec)[]
        {
            ("agents' 8-16-16-4", new BrainSpec(8, [new LayerSpec(16, Activation.Tanh), new LayerSpec(16, Activation.Tanh)], new LayerSpec(4, Activation.Identity), Loss.Quadratic)),
            ("16-32-32-17", new BrainSpec(16, [new LayerSpec(32, Activation.ReLU), new LayerSpec(32, Activation.LeakyReLU, 0.1)], new LayerSpec(17, Activation.Sigmoid), Loss.BinaryCrossEntropy)),
            ("64-48-16 softmax", new BrainSpec(64, [new LayerSpec(48, Activation.ELU)], new LayerSpec(16, Activation.Softmax), Loss.SoftmaxCrossEntropy)),
            ("48-8-5", new BrainSpec(48, [new LayerSpec(8, Activation.Sigmoid)], new LayerSpec(5, Activation.Tanh), Loss.Quadratic)),
            ("4-33-2-1", new BrainSpec(4, [new LayerSpec(33, Activation.Tanh), new LayerSpec(2, Activation.ReLU)], new LayerSpec(1, Activation.Identity), Loss.Quadratic)),
            ("1-3-8-3 softmax", new BrainSpec(1, [new LayerSpec(3, Activation.Tanh), new LayerSpec(8, Activation.ELU)], new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy)),
            ("grape triangle 2-3-1", new BrainSpec(2, [new LayerSpec(3, Activation.Sigmoid)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy)),
            ("perceptron 16-16 step", new BrainSpec(16, [], new LayerSpec(16, Activation.Step), Loss.Quadratic)),
        };
        foreach (var width in Widths)
        {
            foreach (var (name, spec) in specs)
            {
                yield return new TestCaseData(width, spec, 301).SetArgDisplayNames($"{width}-bit", name, "301 rows");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void EveryRowMatchesTheReference(int bits, BrainSpec spec, int rows)
    {
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 17, InitialCapacity = rows });
        cohort.Width = (SimdWidth)(bits / 32);
        var random = new DeterministicRandom(29);
        for (var r = 0; r < rows; r++)
        {
            var agent = cohort.Add();
            foreach (ref var x in cohort.Input(agent))
            {
                x = (float)random.NextDouble(-2, 2);
            }
        }

        cohort.Forward();
        var flat = new float[cohort.ParameterCount];
        var worst = 0.0;
        var worstRow = -1;
        for (var r = 0; r < rows; r++)
        {
            var agent = cohort.HandleAt(r);
            cohort.GetParameters(agent, flat);
            var reference = new ReferenceNetwork(spec);
            reference.SetParameters(flat.Select(f => (double)f).ToArray());
            var expected = reference.Forward(cohort.Input(agent).ToArray().Select(v => (double)v).ToArray());
            var actual = cohort.Output(agent);
            for (var j = 0; j < expected.Length; j++)
            {
                var error = Math.Abs(actual[j] - expected[j]) / (1 + Math.Abs(expected[j]));
                if (error > worst)
                {
                    worst = error;
                    worstRow = r;
                }
            }
        }

        Assert.That(worst, Is.LessThan(2e-6), $"largest difference from the reference over {rows} rows (row {worstRow})");
    }
}
