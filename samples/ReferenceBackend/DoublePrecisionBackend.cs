using Engine.Neural;
using Engine.Neural.Backends;
using Engine.Neural.Reference;

namespace ReferenceBackendSample;

/// <summary>
/// A backend that computes every frame in double precision with the library's readable
/// reference network, one agent after another: slow, allocating, and exact to the documented
/// formulas. It exists to show that <see cref="ICohortBackend"/>'s documentation is enough to
/// write a backend (a Vulkan or CUDA one follows the same steps), and as an oracle in tests.
/// It keeps no device copy, so it reads the host views every call and has nothing to download.
/// </summary>
public sealed class DoublePrecisionBackend : ICohortBackend
{
    /// <summary>Frames run forward so far.</summary>
    public int Forwards { get; private set; }

    /// <summary>Training steps run so far.</summary>
    public int Steps { get; private set; }

    /// <inheritdoc/>
    public string Name => "double";

    /// <inheritdoc/>
    public void Forward(CohortView cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var spec = cohort.Spec;
        var outputs = cohort.Outputs;
        for (var row = 0; row < cohort.Count; row++)
        {
            var network = Network(cohort, cohort.IsShared ? 0 : row);
            var input = ToDouble(cohort.Inputs.Slice(row * spec.InputSize, spec.InputSize));
            var output = network.Forward(input);
            for (var j = 0; j < output.Length; j++)
            {
                outputs[(row * spec.OutputSize) + j] = (float)output[j];
            }
        }

        Forwards++;
    }

    /// <inheritdoc/>
    public void TrainStep(CohortView cohort, TrainStepView step)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(step);
        var spec = cohort.Spec;
        for (var set = 0; set < step.Sets; set++)
        {
            var n = step.BatchLengths[set];
            if (n == 0)
            {
                continue;
            }

            var inputs = new List<double[]>();
            var targets = new List<double[]>();
            foreach (var ringRow in step.SampleRows.Slice(set * step.MaxBatch, n))
            {
                inputs.Add(ToDouble(cohort.RingInputs.Slice(ringRow * spec.InputSize, spec.InputSize)));
                targets.Add(ToDouble(cohort.RingTargets.Slice(ringRow * spec.OutputSize, spec.OutputSize)));
            }

            var network = Network(cohort, set);
            var loss = network.BatchLoss(inputs, targets);
            step.Losses[set] = (float)loss;
            if (!double.IsFinite(loss))
            {
                step.Statuses[set] = StepStatus.LossNotFinite;
                continue;
            }

            var gradient = ReferenceOptimizer.EffectiveGradient(network, network.BatchGradient(inputs, targets), step.Settings);
            step.Statuses[set] = Apply(cohort, step, set, gradient) ? StepStatus.Stood : StepStatus.RolledBack;
        }

        Steps++;
    }

    /// <inheritdoc/>
    public void Download(CohortView cohort)
    {
        // Every step wrote the host views directly: nothing is held anywhere else.
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>
    /// The optimiser update of <see cref="TrainingSettings"/> with the set's own learning rate and
    /// Adam corrections; written to the host views only when every new value is finite.
    /// </summary>
    private static bool Apply(CohortView cohort, TrainStepView step, int set, double[] gradient)
    {
        var spec = cohort.Spec;
        var settings = step.Settings;
        var eta = (double)step.LearningRates[set];
        var parameters = new double[spec.ParameterCount];
        var first = new double[spec.ParameterCount];
        var second = new double[spec.ParameterCount];
        Read(cohort, set, parameters, first, second, settings.Optimizer);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            switch (settings.Optimizer)
            {
                case OptimizerKind.Sgd:
                    parameters[i] -= eta * g;
                    break;
                case OptimizerKind.Momentum:
                    first[i] = (settings.Momentum * first[i]) + g;
                    parameters[i] -= eta * first[i];
                    break;
                default:
                    first[i] = (settings.Beta1 * first[i]) + ((1 - settings.Beta1) * g);
                    second[i] = (settings.Beta2 * second[i]) + ((1 - settings.Beta2) * g * g);
                    var m = first[i] * step.FirstCorrections[set];
                    var v = second[i] * step.SecondCorrections[set];
                    parameters[i] -= eta * m / (Math.Sqrt(v) + settings.Epsilon);
                    break;
            }

            if (!double.IsFinite((float)parameters[i]))
            {
                return false;
            }
        }

        Write(cohort, set, parameters, first, second, settings.Optimizer);
        return true;
    }

    private static ReferenceNetwork Network(CohortView cohort, int set)
    {
        var parameters = new double[cohort.Spec.ParameterCount];
        Read(cohort, set, parameters, null, null, OptimizerKind.Sgd);
        var network = new ReferenceNetwork(cohort.Spec);
        network.SetParameters(parameters);
        return network;
    }

    /// <summary>Set <paramref name="set"/>'s parameters (and its optimiser state) in the flat layout: per layer W then b.</summary>
    private static void Read(CohortView cohort, int set, double[] parameters, double[]? first, double[]? second, OptimizerKind optimizer)
    {
        var (firstKind, secondKind) = Kinds(optimizer);
        var at = 0;
        for (var l = 0; l < cohort.Spec.LayerCount; l++)
        {
            var layer = cohort.Spec.Layers[l];
            at = Copy(cohort.Weights(l), set * layer.WeightCount, layer.WeightCount, parameters, at, first, second, cohort, firstKind, secondKind, l, weights: true);
            at = Copy(cohort.Biases(l), set * layer.Outputs, layer.Outputs, parameters, at, first, second, cohort, firstKind, secondKind, l, weights: false);
        }
    }

    private static int Copy(Span<float> source, int start, int length, double[] parameters, int at, double[]? first, double[]? second, CohortView cohort, OptimizerStateKind? firstKind, OptimizerStateKind? secondKind, int layer, bool weights)
    {
        for (var i = 0; i < length; i++)
        {
            var v = start + ViewIndex(cohort, layer, weights, i);
            parameters[at + i] = source[v];
            if (first is not null && firstKind is { } f)
            {
                first[at + i] = State(cohort, f, layer, weights)[v];
            }

            if (second is not null && secondKind is { } s)
            {
                second[at + i] = State(cohort, s, layer, weights)[v];
            }
        }

        return at + length;
    }

    private static void Write(CohortView cohort, int set, double[] parameters, double[] first, double[] second, OptimizerKind optimizer)
    {
        var (firstKind, secondKind) = Kinds(optimizer);
        var at = 0;
        for (var l = 0; l < cohort.Spec.LayerCount; l++)
        {
            var layer = cohort.Spec.Layers[l];
            foreach (var (weights, length, start) in new[] { (true, layer.WeightCount, set * layer.WeightCount), (false, layer.Outputs, set * layer.Outputs) })
            {
                var target = weights ? cohort.Weights(l) : cohort.Biases(l);
                for (var i = 0; i < length; i++)
                {
                    var v = start + ViewIndex(cohort, l, weights, i);
                    target[v] = (float)parameters[at + i];
                    if (firstKind is { } f)
                    {
                        State(cohort, f, l, weights)[v] = (float)first[at + i];
                    }

                    if (secondKind is { } s)
                    {
                        State(cohort, s, l, weights)[v] = (float)second[at + i];
                    }
                }

                at += length;
            }
        }
    }

    /// <summary>
    /// Where flat weight i (by output: <c>W[out][in]</c>, as the reference network keeps them)
    /// lies in the view's set, which keeps weights by input (<c>W[in][out]</c>); biases are in order.
    /// </summary>
    private static int ViewIndex(CohortView cohort, int layer, bool weights, int i)
    {
        if (!weights)
        {
            return i;
        }

        var shape = cohort.Spec.Layers[layer];
        return (i % shape.Inputs * shape.Outputs) + (i / shape.Inputs);
    }

    private static Span<float> State(CohortView cohort, OptimizerStateKind kind, int layer, bool weights) =>
        weights ? cohort.StateWeights(kind, layer) : cohort.StateBiases(kind, layer);

    private static (OptimizerStateKind? First, OptimizerStateKind? Second) Kinds(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Momentum => (OptimizerStateKind.Velocity, null),
        OptimizerKind.Adam => (OptimizerStateKind.FirstMoment, OptimizerStateKind.SecondMoment),
        _ => (null, null),
    };

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}
