using Engine.Neural.Backends;

namespace Engine.Neural.OpenCL;

/// <content>A frame on the device: forward, training step, download.</content>
public sealed unsafe partial class OpenClBackend
{
    /// <inheritdoc/>
    public void Forward(CohortView cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        lock (_runtime.Sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var count = cohort.Count;
            if (count == 0)
            {
                return;
            }

            SyncFromHost(cohort);
            fixed (float* inputs = cohort.Inputs)
            {
                _inputs.Write(inputs, (long)count * _spec.InputSize * sizeof(float));
            }

            // The first layer reads the input rows, the last also writes the output rows; the
            // activations in between stay tiled on the device.
            var last = _layers.Length - 1;
            for (var l = 0; l <= last; l++)
            {
                var layer = _layers[l];
                var call = _runtime.Begin("forward_layer", Counters);
                call.Int(count);
                call.Int(layer.Inputs);
                call.Int(layer.Outputs);
                call.Int((int)layer.Activation);
                call.Float((float)layer.Alpha);
                call.Int(l == 0 ? 1 : 0);
                call.Int(l == last ? 1 : 0);
                call.Buffer(l == 0 ? _inputs : _forward[l - 1]);
                call.Buffer(_inputTiles);
                call.Buffer(_weights[l]);
                call.Buffer(_biases[l]);
                call.Buffer(_forward[l]);
                call.Buffer(_outputs);
                call.LaunchTiles(count);
            }

            // The blocking read is the frame's one wait.
            fixed (float* outputs = cohort.Outputs)
            {
                _outputs.Read(outputs, (long)count * _spec.OutputSize * sizeof(float));
            }
        }
    }

    /// <inheritdoc/>
    public void TrainStep(CohortView cohort, TrainStepView step)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(step);
        lock (_runtime.Sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var count = cohort.Count;
            if (count == 0)
            {
                return;
            }

            var settings = step.Settings;
            SyncFromHost(cohort);
            SyncSamples(cohort);
            EnsureBatchCapacity(step.MaxBatch);
            EnsureBackupCapacity(settings.Optimizer);
            StageStep(cohort, step);

            fixed (int* positions = _hostPositions)
            fixed (int* batchOf = _hostBatchOf)
            fixed (float* coefficients = _hostCoefficients)
            fixed (float* losses = _hostLosses)
            {
                _positions.Write(positions, (long)count * _maxBatch * sizeof(int));
                _batchOf.Write(batchOf, (long)count * sizeof(int));
                _coefficients.Write(coefficients, (long)count * 3 * sizeof(float));
                EnqueueStep(count, cohort.RingCapacity, settings);

                // Losses and update statuses in one read: the frame's one wait.
                _losses.Read(losses, (long)count * 2 * sizeof(float));
            }

            Report(step, count, settings);
        }
    }

    /// <inheritdoc/>
    public void Download(CohortView cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        lock (_runtime.Sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var count = cohort.Count;
            for (var l = 0; l < _layers.Length; l++)
            {
                var layer = _layers[l];
                Download(_weights[l], cohort.Weights(l), layer.WeightCount, count);
                Download(_biases[l], cohort.Biases(l), layer.Outputs, count);
                foreach (var kind in StateKindsAll)
                {
                    if (cohort.HasState(kind) && _stateWeights[(int)kind][l] is { } weights && _stateBiases[(int)kind][l] is { } biases)
                    {
                        Download(weights, cohort.StateWeights(kind, l), layer.WeightCount, count);
                        Download(biases, cohort.StateBiases(kind, l), layer.Outputs, count);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes each trained agent's loss and status, and queues the rollback of every agent whose
    /// update left a parameter that is not finite (a non-finite loss wrote nothing).
    /// </summary>
    private void Report(TrainStepView step, int count, TrainingSettings settings)
    {
        var restore = false;
        var lengths = step.BatchLengths;
        for (var agent = 0; agent < count; agent++)
        {
            if (lengths[agent] == 0)
            {
                continue;
            }

            var loss = _hostLosses[agent];
            var rolledBack = _hostLosses[count + agent] == 0f;
            step.Losses[agent] = loss;
            step.Statuses[agent] = rolledBack ? StepStatus.RolledBack : float.IsFinite(loss) ? StepStatus.Stood : StepStatus.LossNotFinite;
            restore |= rolledBack;
        }

        if (restore)
        {
            EnqueueRestore(count, settings);
        }
    }

    /// <summary>
    /// Copies the cohort's decisions into the kernels' per-agent arrays: batch lengths, ring
    /// positions, and the learning rate and Adam corrections as three arrays of one value per
    /// agent (the kernel multiplies its learning-rate argument, 1 here, by the first coefficient).
    /// </summary>
    private void StageStep(CohortView cohort, TrainStepView step)
    {
        var ring = cohort.RingCapacity;
        var lengths = step.BatchLengths;
        var rows = step.SampleRows;
        var rates = step.LearningRates;
        var first = step.FirstCorrections;
        var second = step.SecondCorrections;
        var count = cohort.Count;
        for (var agent = 0; agent < cohort.Count; agent++)
        {
            var n = lengths[agent];
            _hostBatchOf[agent] = n;
            var ringStart = agent * ring;
            for (var s = 0; s < n; s++)
            {
                _hostPositions[(agent * _maxBatch) + s] = rows[(agent * step.MaxBatch) + s] - ringStart;
            }

            _hostCoefficients[agent] = rates[agent];
            _hostCoefficients[count + agent] = first[agent];
            _hostCoefficients[(2 * count) + agent] = second[agent];
        }
    }
}
