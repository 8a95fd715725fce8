using Engine.Neural.Backends;

namespace Engine.Neural.OpenCL;

/// <content>
/// The kernel launches of one training step. An own-parameter cohort's step is one launch of
/// train_pass for every layer and agent (a shared cohort's three: the passes over its samples,
/// the reduction to the set's gradient, the update of the set's copies), queued back to back;
/// the caller's read of the losses is the wait. A set whose new parameters would not be finite
/// is not written (see shaders/brain_update.cl), so rolling it back costs no launch.
/// </content>
public sealed partial class OpenClBackend
{
    /// <summary>What a train_pass launch does.</summary>
    [Flags]
    private enum StepParts
    {
        /// <summary>Gather, forward, output error and backward: gradients, norms and losses written.</summary>
        Passes = 1,

        /// <summary>The optimiser step from the gradients, norms and losses.</summary>
        Update = 2,

        /// <summary>The lanes are a shared cohort's samples against the set's copies in tile 0; no regularisation or clipping (the reduction applies them).</summary>
        Shared = 4,
    }

    /// <summary>
    /// Queues train_pass over <paramref name="count"/> agents (or a shared cohort's samples, or its
    /// set's 16 copies) whose batch positions index rings of <paramref name="ring"/> rows (a shared
    /// cohort's are absolute rows: 0), reading and writing <paramref name="gradients"/> and <paramref name="losses"/>.
    /// </summary>
    private void EnqueuePass(int count, StepParts parts, int ring, TrainingSettings settings, DeviceBuffer gradients, DeviceBuffer losses)
    {
        // Bit tests, not HasFlag: unoptimised code boxes for HasFlag, and a frame allocates nothing.
        var shared = (parts & StepParts.Shared) != 0;
        var (first, second) = OptimizerStateKinds(settings.Optimizer);
        var call = _runtime.Begin("train_pass", Counters);
        call.Int(count);
        call.Int(shared ? 1 : 0);
        call.Int((parts & StepParts.Passes) != 0 ? 1 : 0);
        call.Int((parts & StepParts.Update) != 0 ? 1 : 0);
        call.Int(ring);
        call.Int((int)_spec.Loss);
        call.Int(shared ? (int)RegularizationKind.None : (int)settings.Regularization);
        call.Float(shared ? 0f : (float)settings.RegularizationRate);
        call.Float(shared ? 0f : (float)settings.ClipValue);
        call.Int((int)settings.Optimizer);
        call.Float((float)settings.Momentum);
        call.Float((float)settings.Beta1);
        call.Float((float)settings.Beta2);
        call.Float((float)settings.Epsilon);
        call.Float((float)settings.ClipNorm);
        call.Buffer(_tableBuffer);
        call.Buffer(_ringInputs);
        call.Buffer(_ringTargets);
        call.Buffer(_positions);
        call.Buffer(_batchOf);
        call.Buffer(_coefficients);
        call.Buffer(_trainScratch);
        call.Buffer(_parameters);
        call.Buffer(gradients);
        call.Buffer(State(first));
        call.Buffer(State(second));
        call.Buffer(_norms);
        call.Buffer(losses);
        call.LaunchTiles(count);
    }

    /// <summary>A shared cohort's per-sample gradients to the set's, every layer in one work-group (see shared_reduce).</summary>
    private void EnqueueReduction(int samples, TrainingSettings settings)
    {
        var call = _runtime.Begin("shared_reduce", Counters);
        call.Int(samples);
        call.Int((int)settings.Regularization);
        call.Float((float)settings.RegularizationRate);
        call.Float((float)settings.ClipValue);
        call.Buffer(_tableBuffer);
        call.Buffer(_parameters);
        call.Buffer(_gradients);
        call.Buffer(_sampleLosses);
        call.Buffer(_setGradients);
        call.Buffer(_norms);
        call.Buffer(_losses);
        call.Launch(_runtime.LocalSize);
    }

    private static (OptimizerStateKind? First, OptimizerStateKind? Second) OptimizerStateKinds(OptimizerKind optimizer)
    {
        var first = optimizer switch
        {
            OptimizerKind.Momentum => OptimizerStateKind.Velocity,
            OptimizerKind.Adam => OptimizerStateKind.FirstMoment,
            _ => (OptimizerStateKind?)null,
        };
        return (first, optimizer == OptimizerKind.Adam ? OptimizerStateKind.SecondMoment : null);
    }

    private DeviceBuffer State(OptimizerStateKind? kind)
    {
        if (kind is not { } k)
        {
            return _dummy;
        }

        return _states[(int)k] ?? throw new InvalidOperationException($"OpenCL backend: {k} state is not on the device.");
    }
}
