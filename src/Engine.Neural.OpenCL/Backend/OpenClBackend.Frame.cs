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

            // One launch: a tile's activations stay in its scratch from the input rows to the output rows.
            var call = _runtime.Begin("forward_pass", Counters);
            call.Int(count);
            call.Int(_shared ? 1 : 0);
            call.Buffer(_tableBuffer);
            call.Buffer(_parameters);
            call.Buffer(_inputs);
            call.Buffer(_forwardScratch);
            call.Buffer(_outputs);
            call.LaunchTiles(count);

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
            if (_shared)
            {
                TrainShared(cohort, step);
                return;
            }

            SyncFromHost(cohort);
            SyncSamples(cohort);
            EnsureBatchCapacity(step.MaxBatch);
            StageStep(cohort, step);

            fixed (int* positions = _hostPositions)
            fixed (int* batchOf = _hostBatchOf)
            fixed (float* coefficients = _hostCoefficients)
            fixed (float* losses = _hostLosses)
            {
                _positions.Write(positions, (long)count * _maxBatch * sizeof(int));
                _batchOf.Write(batchOf, (long)count * sizeof(int));
                _coefficients.Write(coefficients, (long)count * 3 * sizeof(float));
                EnqueuePass(count, StepParts.Passes | StepParts.Update, cohort.RingCapacity, settings, _gradients, _losses);

                // Losses and update statuses in one read: the frame's one wait.
                _losses.Read(losses, (long)count * 2 * sizeof(float));
            }

            Report(step, count);
        }
    }

    /// <summary>
    /// A shared-parameter cohort's step: the passes over the batch's samples, one sample per lane
    /// against the set's 16 identical copies (a blocked GEMM), one reduction to the set's gradient,
    /// then the update of the 16 copies (three launches).
    /// </summary>
    private void TrainShared(CohortView cohort, TrainStepView step)
    {
        var samples = step.BatchLengths[0];
        if (samples == 0)
        {
            return;
        }

        var settings = step.Settings;
        if (samples > _capacity && _uploaded)
        {
            // Room for the batch's samples as lanes: bring the device's set home, then re-upload.
            Download(cohort);
            _uploaded = false;
        }

        _sharedBatch = Math.Max(_sharedBatch, samples);
        SyncFromHost(cohort);
        SyncSamples(cohort);
        EnsureBatchCapacity(1);

        // Every sample is a batch of one at its absolute ring row; the update's 16 copies all train.
        var lanes = Math.Max(samples, OpenClRuntime.Tile);
        var rows = step.SampleRows;
        for (var v = 0; v < lanes; v++)
        {
            _hostBatchOf[v] = 1;
            _hostPositions[v * _maxBatch] = v < samples ? rows[v] : 0;
        }

        for (var lane = 0; lane < OpenClRuntime.Tile; lane++)
        {
            _hostCoefficients[lane] = step.LearningRates[0];
            _hostCoefficients[OpenClRuntime.Tile + lane] = step.FirstCorrections[0];
            _hostCoefficients[(2 * OpenClRuntime.Tile) + lane] = step.SecondCorrections[0];
        }

        fixed (int* positions = _hostPositions)
        fixed (int* batchOf = _hostBatchOf)
        fixed (float* coefficients = _hostCoefficients)
        fixed (float* losses = _hostLosses)
        {
            _positions.Write(positions, (long)samples * _maxBatch * sizeof(int));
            _batchOf.Write(batchOf, (long)lanes * sizeof(int));
            _coefficients.Write(coefficients, 3L * OpenClRuntime.Tile * sizeof(float));
            EnqueuePass(samples, StepParts.Passes | StepParts.Shared, 0, settings, _gradients, _sampleLosses);
            EnqueueReduction(samples, settings);
            EnqueuePass(OpenClRuntime.Tile, StepParts.Update, 0, settings, _setGradients, _losses);
            _losses.Read(losses, (OpenClRuntime.Tile + 1L) * sizeof(float));
        }

        var loss = _hostLosses[0];
        var rolledBack = _hostLosses[OpenClRuntime.Tile] == 0f;
        step.Losses[0] = loss;
        step.Statuses[0] = rolledBack ? StepStatus.RolledBack : float.IsFinite(loss) ? StepStatus.Stood : StepStatus.LossNotFinite;
    }

    /// <inheritdoc/>
    public void Download(CohortView cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        lock (_runtime.Sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var count = cohort.ParameterSets;
            for (var l = 0; l < _layers.Length; l++)
            {
                var layer = _layers[l];
                Download(_parameters, _table.WeightsAt(l), cohort.Weights(l), layer.WeightCount, count, _byOutput[l]);
                Download(_parameters, _table.BiasesAt(l), cohort.Biases(l), layer.Outputs, count, null);
                foreach (var kind in StateKindsAll)
                {
                    if (cohort.HasState(kind) && _states[(int)kind] is { } state)
                    {
                        Download(state, _table.WeightsAt(l), cohort.StateWeights(kind, l), layer.WeightCount, count, _byOutput[l]);
                        Download(state, _table.BiasesAt(l), cohort.StateBiases(kind, l), layer.Outputs, count, null);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes each trained agent's loss and status: a non-finite loss wrote nothing, and a step
    /// whose new parameters would not all have been finite was not written (rolled back).
    /// </summary>
    private void Report(TrainStepView step, int count)
    {
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
