using Engine.Neural.Cpu;
using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Cpu;

/// <summary>
/// A shared-brain cohort's forward pass (one parameter set, many rows, run as a blocked
/// product) matches the double-precision reference on every row, at every width, for every
/// activation, with row counts that leave a ragged last block.
/// </summary>
[TestFixture]
public sealed class SharedForwardTests
{
    private static readonly int[] Widths = [128, 256, 512];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var width in Widths)
        {
            yield return new TestCaseData(width, new BrainSpec(2, [new LayerSpec(3, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy), 37);
            yield return new TestCaseData(width, new BrainSpec(8, [new LayerSpec(16, Activation.ReLU), new LayerSpec(13, Activation.LeakyReLU, 0.1)], new LayerSpec(4, Activation.Identity), Loss.Quadratic), 300);
            yield return new TestCaseData(width, new BrainSpec(5, [new LayerSpec(7, Activation.ELU), new LayerSpec(6, Activation.Sigmoid)], new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy), 17);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void EveryRowMatchesTheReference(int bits, BrainSpec spec, int rows)
    {
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 11, SharedParameters = true, InitialCapacity = rows });
        cohort.Width = (SimdWidth)(bits / 32);
        var random = new DeterministicRandom(23);
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
        cohort.GetParameters(cohort.HandleAt(0), flat);
        var reference = new ReferenceNetwork(spec);
        reference.SetParameters(flat.Select(f => (double)f).ToArray());
        var worst = 0.0;
        for (var r = 0; r < rows; r++)
        {
            var agent = cohort.HandleAt(r);
            var expected = reference.Forward(cohort.Input(agent).ToArray().Select(v => (double)v).ToArray());
            var actual = cohort.Output(agent);
            for (var j = 0; j < expected.Length; j++)
            {
                worst = Math.Max(worst, Math.Abs(actual[j] - expected[j]));
            }
        }

        Assert.That(worst, Is.LessThan(2e-6), $"largest difference from the reference over {rows} rows");
    }
}
