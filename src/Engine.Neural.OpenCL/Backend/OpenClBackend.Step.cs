using Engine.Neural.Backends;

namespace Engine.Neural.OpenCL;

/// <content>
/// The kernel launches of one training step: per layer a forward launch, one output-error
/// launch, per layer a backward launch and per layer an update launch (3L + 1 in all, for
/// any number of agents; a shared cohort adds one reduction per layer, 4L + 1), queued back
/// to back; the caller's read of the losses is the wait. A frame in which some set's new
/// parameters are not finite adds one restore launch per layer, still for any number of agents.
/// </content>
public sealed partial class OpenClBackend
{
    /// <summary>
    /// Forward, output error and backward over <paramref name="count"/> agents (or a shared
    /// cohort's samples), batches of up to <paramref name="maxBatch"/> at ring positions.
    /// </summary>
    private void EnqueuePasses(int count, int maxBatch, int ring, bool shared, RegularizationKind regularization, double lambda, double clipValue, DeviceBuffer losses)
    {
        var last = _layers.Length - 1;
        for (var l = 0; l <= last; l++)
        {
            var layer = _layers[l];
            var call = _runtime.Begin("train_forward_layer", Counters);
            call.Int(count);
            call.Int(maxBatch);
            call.Int(ring);
            call.Int(layer.Inputs);
            call.Int(layer.Outputs);
            call.Int((int)layer.Activation);
            call.Float((float)layer.Alpha);
            call.Int(l == 0 ? 1 : 0);
            call.Int(shared ? 1 : 0);
            call.Buffer(l == 0 ? _ringInputs : _a[l - 1]);
            call.Buffer(_positions);
            call.Buffer(_batchOf);
            call.Buffer(_batchInputs);
            call.Buffer(_weights[l]);
            call.Buffer(_biases[l]);
            call.Buffer(_z[l]);
            call.Buffer(_a[l]);
            call.LaunchTiles(count);
        }

        var output = _layers[last];
        var error = _runtime.Begin("train_output_error", Counters);
        error.Int(count);
        error.Int(maxBatch);
        error.Int(ring);
        error.Int(_spec.MaxWidth);
        error.Int(output.Outputs);
        error.Int((int)output.Activation);
        error.Float((float)output.Alpha);
        error.Int((int)_spec.Loss);
        error.Buffer(_ringTargets);
        error.Buffer(_positions);
        error.Buffer(_batchOf);
        error.Buffer(_batchTargets);
        error.Buffer(_z[last]);
        error.Buffer(_a[last]);
        error.Buffer(_deltaA);
        error.Buffer(losses);
        error.LaunchAgents(count);

        var delta = _deltaA;
        var below = _deltaB;
        for (var l = last; l >= 0; l--)
        {
            var layer = _layers[l];
            var under = l > 0 ? _layers[l - 1] : default;
            var call = _runtime.Begin("train_backward_layer", Counters);
            call.Int(count);
            call.Int(maxBatch);
            call.Int(_spec.MaxWidth);
            call.Int(layer.Inputs);
            call.Int(layer.Outputs);
            call.Int(l == last ? 1 : 0);
            call.Int(l > 0 ? 1 : 0);
            call.Int((int)under.Activation);
            call.Float((float)under.Alpha);
            call.Int((int)regularization);
            call.Float((float)lambda);
            call.Float((float)clipValue);
            call.Int(shared ? 1 : 0);
            // The first layer's input is the batch train_forward_layer gathered from the rings.
            call.Buffer(l == 0 ? _batchInputs : _a[l - 1]);
            call.Buffer(l == 0 ? _dummy : _z[l - 1]);
            call.Buffer(_batchOf);
            call.Buffer(_weights[l]);
            call.Buffer(delta);
            call.Buffer(below);
            call.Buffer(_gradients[l]);
            call.Buffer(_norms);
            call.LaunchAgents(count);
            (delta, below) = (below, delta);
        }
    }

    /// <summary>A shared cohort's per-sample gradients to the set's, per layer (see shared_reduce_layer).</summary>
    private void EnqueueReductions(int samples, TrainingSettings settings)
    {
        var last = _layers.Length - 1;
        for (var l = last; l >= 0; l--)
        {
            var layer = _layers[l];
            var call = _runtime.Begin("shared_reduce_layer", Counters);
            call.Int(samples);
            call.Int(layer.Inputs);
            call.Int(layer.Outputs);
            call.Int(l == last ? 1 : 0);
            call.Int((int)settings.Regularization);
            call.Float((float)settings.RegularizationRate);
            call.Float((float)settings.ClipValue);
            call.Buffer(_gradients[l]);
            call.Buffer(_weights[l]);
            call.Buffer(_sampleLosses);
            call.Buffer(_setGradients[l]);
            call.Buffer(_norms);
            call.Buffer(_losses);
            call.Launch(1);
        }
    }

    /// <summary>The optimiser step of every layer for <paramref name="count"/> parameter sets (or a shared set's 16 copies).</summary>
    private void EnqueueUpdates(int count, TrainingSettings settings, DeviceBuffer[] gradients)
    {
        var last = _layers.Length - 1;
        var (first, second) = OptimizerStateKinds(settings.Optimizer);
        for (var l = 0; l <= last; l++)
        {
            var layer = _layers[l];
            var call = _runtime.Begin("train_update_layer", Counters);
            call.Int(count);
            call.Int(layer.Inputs);
            call.Int(layer.Outputs);
            call.Int((int)settings.Optimizer);
            call.Int(l == 0 ? 1 : 0);
            // Each agent's own learning rate is its first coefficient; this factor stays 1.
            call.Float(1f);
            call.Float((float)settings.Momentum);
            call.Float((float)settings.Beta1);
            call.Float((float)settings.Beta2);
            call.Float((float)settings.Epsilon);
            call.Float((float)settings.ClipNorm);
            call.Buffer(_batchOf);
            call.Buffer(_coefficients);
            call.Buffer(_norms);
            call.Buffer(gradients[l]);
            call.Buffer(_losses);
            call.Buffer(_backups[l]);
            call.Buffer(_weights[l]);
            call.Buffer(_biases[l]);
            call.Buffer(State(first, l, weights: true));
            call.Buffer(State(first, l, weights: false));
            call.Buffer(State(second, l, weights: true));
            call.Buffer(State(second, l, weights: false));
            call.LaunchAgents(count);
        }
    }

    /// <summary>
    /// Queues, per layer, the rollback of every agent whose update this step left a
    /// non-finite parameter (the status the update wrote selects them on the device, so the
    /// launch count does not depend on how many diverged). Runs before anything queued later.
    /// </summary>
    private void EnqueueRestore(int count, TrainingSettings settings)
    {
        var (first, second) = OptimizerStateKinds(settings.Optimizer);
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var call = _runtime.Begin("train_restore_layer", Counters);
            call.Int(count);
            call.Int(layer.Inputs);
            call.Int(layer.Outputs);
            call.Int((int)settings.Optimizer);
            call.Buffer(_batchOf);
            call.Buffer(_losses);
            call.Buffer(_backups[l]);
            call.Buffer(_weights[l]);
            call.Buffer(_biases[l]);
            call.Buffer(State(first, l, weights: true));
            call.Buffer(State(first, l, weights: false));
            call.Buffer(State(second, l, weights: true));
            call.Buffer(State(second, l, weights: false));
            call.LaunchAgents(count);
        }
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

    /// <summary>Copies of a layer the update keeps per agent for rollback: the parameters and each kind of state.</summary>
    private static int BackupCopies(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Sgd => 1,
        OptimizerKind.Momentum => 2,
        _ => 3,
    };

    private DeviceBuffer State(OptimizerStateKind? kind, int layer, bool weights)
    {
        if (kind is not { } k)
        {
            return _dummy;
        }

        var buffer = weights ? _stateWeights[(int)k][layer] : _stateBiases[(int)k][layer];
        return buffer ?? throw new InvalidOperationException($"OpenCL backend: {k} state of layer {layer} is not on the device.");
    }
}
