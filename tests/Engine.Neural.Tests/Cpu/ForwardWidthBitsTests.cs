using Engine.Neural.Cpu;

namespace Engine.Neural.Tests.Cpu;

/// <summary>
/// The forward pass gives the same bits at every vector width: the width a process measures
/// fastest differs between machines and between runs, and a replay or a lockstep game needs
/// the same outputs whichever it was. Own-weight cohorts sum each row's rounded products in one
/// order every width implements (<see cref="CanonicalDot"/>); shared cohorts accumulate each
/// row in its own lane. Layers of every kernel's shape, every activation, cohorts that leave a
/// partial vector or block.
/// </summary>
[TestFixture]
public sealed class ForwardWidthBitsTests
{
    private static readonly SimdWidth[] Widths = [SimdWidth.W128, SimdWidth.W256, SimdWidth.W512];

    private static readonly (string Name, BrainSpec Spec)[] Specs =
    [
        ("agents' 8-16-16-4 tanh", new BrainSpec(8, [new LayerSpec(16, Activation.Tanh), new LayerSpec(16, Activation.Tanh)], new LayerSpec(4, Activation.Identity), Loss.Quadratic)),
        ("2-5-3 softmax", new BrainSpec(2, [new LayerSpec(5, Activation.Sigmoid)], new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy)),
        ("3-7-1 relu", new BrainSpec(3, [new LayerSpec(7, Activation.ReLU)], new LayerSpec(1, Activation.Identity), Loss.Quadratic)),
        ("12-12-6 leaky tanh", new BrainSpec(12, [new LayerSpec(12, Activation.LeakyReLU, 0.1)], new LayerSpec(6, Activation.Tanh), Loss.Quadratic)),
        ("16-24-10 elu softmax", new BrainSpec(16, [new LayerSpec(24, Activation.ELU)], new LayerSpec(10, Activation.Softmax), Loss.SoftmaxCrossEntropy)),
        ("24-9-2 step", new BrainSpec(24, [new LayerSpec(9, Activation.Tanh)], new LayerSpec(2, Activation.Step), Loss.Quadratic)),
        ("32-32-32 sigmoid", new BrainSpec(32, [new LayerSpec(32, Activation.ReLU)], new LayerSpec(32, Activation.Sigmoid), Loss.BinaryCrossEntropy)),
        ("48-20-5 elu", new BrainSpec(48, [new LayerSpec(20, Activation.ELU, 0.7)], new LayerSpec(5, Activation.Identity), Loss.Quadratic)),
        ("1-4-64-3 softmax", new BrainSpec(1, [new LayerSpec(4, Activation.Tanh), new LayerSpec(64, Activation.ReLU)], new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy)),
        ("100-17-33-8", new BrainSpec(100, [new LayerSpec(17, Activation.Tanh), new LayerSpec(33, Activation.LeakyReLU, 0.2)], new LayerSpec(8, Activation.Sigmoid), Loss.Quadratic)),
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var shared in new[] { false, true })
        {
            foreach (var (name, spec) in Specs)
            {
                yield return new TestCaseData(spec, shared).SetArgDisplayNames(name, shared ? "shared" : "own weights");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void EveryWidthGivesTheSameBits(BrainSpec spec, bool shared)
    {
        const int rows = 37;
        var at128 = Outputs(spec, shared, rows, SimdWidth.W128);
        foreach (var width in Widths.Skip(1))
        {
            Assert.That(Outputs(spec, shared, rows, width), Is.EqualTo(at128), $"output bits at {(int)width * 32} bits against 128");
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(7)]
    [TestCase(8)]
    [TestCase(12)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(24)]
    [TestCase(31)]
    [TestCase(32)]
    [TestCase(33)]
    [TestCase(48)]
    [TestCase(64)]
    [TestCase(100)]
    public void OwnWeightSumsFollowTheCanonicalOrder(int inputs)
    {
        // One identity layer: every output is its row's canonical dot product plus the bias,
        // bit for bit, whatever the width and however many rows share a vector. 4, 8 and 12
        // outputs are fewer rows than a vector folds (a tree cut short); 32 is two vectors of
        // rows, packed or not.
        const int rows = 21;
        foreach (var outputs in new[] { 4, 5, 8, 12, 16, 19, 32 })
        {
            var spec = new BrainSpec(inputs, [], new LayerSpec(outputs, Activation.Identity), Loss.Quadratic);
            foreach (var width in Widths)
            {
                using var cohort = Filled(spec, shared: false, rows, width);
                cohort.Forward();
                var parameters = new float[spec.ParameterCount];
                for (var r = 0; r < rows; r++)
                {
                    var agent = cohort.HandleAt(r);
                    cohort.GetParameters(agent, parameters);
                    var x = cohort.Input(agent).ToArray();
                    var expected = new int[outputs];
                    for (var j = 0; j < outputs; j++)
                    {
                        var sum = CanonicalDot(parameters.AsSpan(j * inputs, inputs), x);
                        expected[j] = BitConverter.SingleToInt32Bits(sum + parameters[(outputs * inputs) + j]);
                    }

                    var actual = cohort.Output(agent).ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
                    Assert.That(actual, Is.EqualTo(expected), $"{inputs} inputs, {outputs} outputs, row {r} at {(int)width * 32} bits");
                }
            }
        }
    }

    /// <summary>
    /// The order every width sums a row in: lane k of 16 starts with product k (rounded) and
    /// multiply-adds products k + 16, k + 32, ... (fused); then the halves fold (lane k plus
    /// lane k + 8, then k + 4, k + 2, k + 1). Lanes start as -0: a multiply-add into -0 is the
    /// rounded product, and a lane the row never reaches stays -0, which adds as nothing.
    /// </summary>
    private static float CanonicalDot(ReadOnlySpan<float> w, ReadOnlySpan<float> x)
    {
        var lanes = new float[16];
        Array.Fill(lanes, -0f);
        for (var i = 0; i < w.Length; i++)
        {
            lanes[i % 16] = MathF.FusedMultiplyAdd(w[i], x[i], lanes[i % 16]);
        }

        for (var half = 8; half >= 1; half /= 2)
        {
            for (var k = 0; k < half; k++)
            {
                lanes[k] += lanes[k + half];
            }
        }

        return lanes[0];
    }

    private static int[] Outputs(BrainSpec spec, bool shared, int rows, SimdWidth width)
    {
        using var cohort = Filled(spec, shared, rows, width);
        cohort.Forward();
        return cohort.Outputs.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
    }

    /// <summary>
    /// A cohort pinned to <paramref name="width"/> with parameters (biases included) and inputs
    /// drawn from fixed seeds; row 0's inputs are zeros of both signs.
    /// </summary>
    private static BrainCohort Filled(BrainSpec spec, bool shared, int rows, SimdWidth width)
    {
        var cohort = new BrainCohort(spec, new CohortOptions { Seed = 5, SharedParameters = shared, InitialCapacity = rows });
        cohort.Width = width;
        var random = new DeterministicRandom(41);
        var parameters = new float[spec.ParameterCount];
        for (var r = 0; r < rows; r++)
        {
            var agent = cohort.Add();
            var input = cohort.Input(agent);
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = r == 0 ? (i % 2 == 0 ? 0f : -0f) : (float)random.NextDouble(-2, 2);
            }

            if (!shared || r == 0)
            {
                for (var p = 0; p < parameters.Length; p++)
                {
                    parameters[p] = (float)random.NextDouble(-1, 1);
                }

                cohort.SetParameters(agent, parameters);
            }
        }

        return cohort;
    }
}
