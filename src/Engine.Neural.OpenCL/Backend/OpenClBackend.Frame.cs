namespace Engine.Neural.OpenCL;

/// <content>A frame on the device: forward, training step, download.</content>
public sealed unsafe partial class OpenClBackend
{
    /// <inheritdoc/>
    public void Forward(BrainCohort cohort)
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
            _inputs.Write(cohort.InputRows.Pointer, (long)count * _spec.InputSize * sizeof(float));
            for (var l = 0; l < _layers.Length; l++)
            {
                var layer = _layers[l];
                var call = _runtime.Begin("forward_layer", Counters);
                call.Int(count);
                call.Int(layer.Inputs);
                call.Int(layer.Outputs);
                call.Int((int)layer.Activation);
                call.Float((float)layer.Alpha);
                call.Int(0);
                call.Buffer(l == 0 ? _inputs : _forward[l - 1]);
                call.Buffer(_weights[l]);
                call.Buffer(_biases[l]);
                call.Buffer(_forward[l]);
                call.Launch(count);
            }

            // The blocking read is the frame's one wait.
            _forward[^1].Read(cohort.OutputRows.Pointer, (long)count * _spec.OutputSize * sizeof(float));
        }
    }

    /// <inheritdoc/>
    public int TrainStep(BrainCohort cohort, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(settings);
        lock (_runtime.Sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var count = cohort.Count;
            if (count == 0)
            {
                return 0;
            }

            SyncFromHost(cohort);
            cohort.Store.EnsureState(settings.Optimizer);
            SyncStates(cohort);
            SyncSamples(cohort);
            EnsureBatchCapacity(settings.BatchSize);
            EnsureBackupCapacity(settings.Optimizer);
            var trained = ChooseBatches(cohort, settings);
            if (trained == 0)
            {
                return 0;
            }

            fixed (int* positions = _hostPositions)
            fixed (int* batchOf = _hostBatchOf)
            fixed (float* coefficients = _hostCoefficients)
            fixed (float* losses = _hostLosses)
            {
                _positions.Write(positions, (long)count * _maxBatch * sizeof(int));
                _batchOf.Write(batchOf, (long)count * sizeof(int));
                _coefficients.Write(coefficients, (long)count * 3 * sizeof(float));
                EnqueueStep(cohort, settings);

                // Losses and update statuses in one read: the frame's one wait.
                _losses.Read(losses, (long)count * 2 * sizeof(float));
            }

            var diverged = Settle(cohort, settings);
            return trained - diverged;
        }
    }

    /// <summary>
    /// Reports the step's losses and undoes it for every agent that diverged, as the CPU path
    /// does: a non-finite loss wrote nothing on the device; non-finite new parameters are
    /// rolled back there by the restore launches. Either way the agent is damped and counted,
    /// and its Adam step count goes back to what it was. Returns how many agents diverged.
    /// </summary>
    private int Settle(BrainCohort cohort, TrainingSettings settings)
    {
        var count = cohort.Count;
        var lastLosses = cohort.LastLosses;
        var adamSteps = cohort.Store.AdamSteps;
        var adam = settings.Optimizer == OptimizerKind.Adam;
        var diverged = 0;
        var restore = false;
        for (var slot = 0; slot < count; slot++)
        {
            if (_hostBatchOf[slot] == 0)
            {
                continue;
            }

            var loss = _hostLosses[slot];
            lastLosses[slot] = loss;
            var rolledBack = _hostLosses[count + slot] == 0f;
            if (float.IsFinite(loss) && !rolledBack)
            {
                continue;
            }

            cohort.RecordDivergence(slot);
            if (adam)
            {
                // ChooseBatches counted this step; the step did not stand.
                adamSteps[slot]--;
            }

            restore |= rolledBack;
            diverged++;
        }

        if (restore)
        {
            EnqueueRestore(cohort, settings);
        }

        return diverged;
    }

    /// <inheritdoc/>
    public void Download(BrainCohort cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        lock (_runtime.Sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (cohort.HostVersion != _hostVersion)
            {
                // The host changed since the last upload, so it is already the exact copy.
                return;
            }

            var store = cohort.Store;
            var count = cohort.Count;
            OptimizerStateOf(store, StateKind.Velocity, out var velocity);
            OptimizerStateOf(store, StateKind.FirstMoment, out var first);
            OptimizerStateOf(store, StateKind.SecondMoment, out var second);
            for (var l = 0; l < _layers.Length; l++)
            {
                var layer = _layers[l];
                Download(_weights[l], store.Weights[l], count, layer.WeightCount);
                Download(_biases[l], store.Biases[l], count, layer.Outputs);
                DownloadState(StateKind.Velocity, velocity, l, count);
                DownloadState(StateKind.FirstMoment, first, l, count);
                DownloadState(StateKind.SecondMoment, second, l, count);
            }
        }
    }

    private static void OptimizerStateOf(ParameterStore store, StateKind kind, out OptimizerState? state) =>
        state = kind switch
        {
            StateKind.Velocity => store.Velocity,
            StateKind.FirstMoment => store.FirstMoment,
            _ => store.SecondMoment,
        };

    private void DownloadState(StateKind kind, OptimizerState? host, int layer, int count)
    {
        var k = (int)kind;
        if (host is null || _stateWeights[k][layer] is not { } weights || _stateBiases[k][layer] is not { } biases)
        {
            return;
        }

        Download(weights, host.Weights[layer], count, _layers[layer].WeightCount);
        Download(biases, host.Biases[layer], count, _layers[layer].Outputs);
    }

    /// <summary>
    /// Draws every learning agent's batch on the host with the cohort's own generators (so the
    /// CPU path would draw the same), and the per-agent learning-rate scale and Adam corrections.
    /// </summary>
    private int ChooseBatches(BrainCohort cohort, TrainingSettings settings)
    {
        var counts = cohort.Samples.Counts;
        var learning = cohort.LearningFlags;
        var scales = cohort.LearningRateScales;
        var adamSteps = cohort.Store.AdamSteps;
        var adam = settings.Optimizer == OptimizerKind.Adam;
        var trained = 0;
        for (var slot = 0; slot < cohort.Count; slot++)
        {
            var c = slot * 3;
            if (!learning[slot] || counts[slot] == 0)
            {
                _hostBatchOf[slot] = 0;
                continue;
            }

            _hostBatchOf[slot] = cohort.ChooseBatch(slot, _hostPositions.AsSpan(slot * _maxBatch, _maxBatch));
            // Damped by every divergence of the agent, as on the CPU.
            _hostCoefficients[c] = scales[slot] * cohort.DampingOf(slot);
            _hostCoefficients[c + 1] = 1f;
            _hostCoefficients[c + 2] = 1f;
            if (adam)
            {
                // Bias corrections in double, per agent step count, exactly as the CPU path.
                var t = ++adamSteps[slot];
                _hostCoefficients[c + 1] = (float)(1.0 / (1.0 - Math.Pow(settings.Beta1, t)));
                _hostCoefficients[c + 2] = (float)(1.0 / (1.0 - Math.Pow(settings.Beta2, t)));
            }

            trained++;
        }

        return trained;
    }
}
