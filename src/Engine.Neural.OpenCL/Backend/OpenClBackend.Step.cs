using Engine.Neural.Backends;

namespace Engine.Neural.OpenCL;

/// <content>
/// The kernel launches of one training step: per layer a forward launch, one output-error
/// launch, per layer a backward launch and per layer an update launch (3L + 1 in all, for
/// any number of agents), queued back to back; the caller's read of the losses is the wait.
/// A frame in which some agent's new parameters are not finite adds one restore launch per
/// layer (4L + 1), still for any number of agents.
/// </content>
public sealed partial class OpenClBackend
{
    private void EnqueueStep(int count, int ring, TrainingSettings settings)
    {
        var last = _layers.Length - 1;
        for (var l = 0; l <= last; l++)
        {
            var layer = _layers[l];
            var call = _runtime.Begin("train_forward_layer", Counters);
            call.Int(count);
            call.Int(_maxBatch);
            call.Int(ring);
            call.Int(layer.Inputs);
            call.Int(layer.Outputs);
            call.Int((int)layer.Activation);
            call.Float((float)layer.Alpha);
            call.Int(l == 0 ? 1 : 0);
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
        error.Int(_maxBatch);
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
        error.Buffer(_losses);
        error.LaunchAgents(count);

        var delta = _deltaA;
        var below = _deltaB;
        for (var l = last; l >= 0; l--)
        {
            var layer = _layers[l];
            var under = l > 0 ? _layers[l - 1] : default;
            var call = _runtime.Begin("train_backward_layer", Counters);
            call.Int(count);
            call.Int(_maxBatch);
            call.Int(_spec.MaxWidth);
            call.Int(layer.Inputs);
            call.Int(layer.Outputs);
            call.Int(l == last ? 1 : 0);
            call.Int(l > 0 ? 1 : 0);
            call.Int((int)under.Activation);
            call.Float((float)under.Alpha);
            call.Int((int)settings.Regularization);
            call.Float((float)settings.RegularizationRate);
            call.Float((float)settings.ClipValue);
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
            call.Buffer(_gradients[l]);
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
