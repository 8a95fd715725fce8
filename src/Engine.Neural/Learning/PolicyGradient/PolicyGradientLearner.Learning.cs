namespace Engine.Neural.Learning;

/// <content>
/// Learning: returns and advantages of each due agent's trajectory, turned into synthetic
/// targets pushed into that agent's own sample ring, then one batched training step.
/// </content>
public sealed partial class PolicyGradientLearner
{
    /// <summary>
    /// Runs the value brains on the agents' observations (their value is the baseline of the
    /// step about to be acted, and the bootstrap of a trajectory cut here), and, when time
    /// limits ended episodes, first on those final observations.
    /// </summary>
    private void EvaluateValues()
    {
        var values = _values!;
        var inputs = _cohort.Inputs;
        var valueInputs = values.Inputs;
        var cutOff = false;
        for (var row = 0; row < _rows; row++)
        {
            if (_ending.At(row) == EndingTimeLimit)
            {
                if (!cutOff)
                {
                    inputs.CopyTo(valueInputs);
                    cutOff = true;
                }

                _finalObservation.Row(row).CopyTo(valueInputs.Slice(row * _inputs, _inputs));
            }
        }

        if (cutOff)
        {
            values.Forward();
            var finalValues = values.Outputs;
            for (var row = 0; row < _rows; row++)
            {
                if (_ending.At(row) == EndingTimeLimit)
                {
                    _bootstrap.At(row) = finalValues[row];
                }
            }
        }

        inputs.CopyTo(valueInputs);
        values.Forward();
        values.Outputs.CopyTo(_currentValue.Values);
    }

    /// <summary>
    /// Every agent whose episode ended, or whose trajectory is as long as an update, learns
    /// from it now; the others (and agents whose learning is off, whose trajectory is dropped)
    /// keep acting. The due agents' samples are written in parallel, then one training step
    /// for the cohort, one for the value brains.
    /// </summary>
    private void LearnDueAgents()
    {
        var updated = 0;
        for (var row = 0; row < _rows; row++)
        {
            ref var steps = ref _steps.At(row);
            var ending = _ending.At(row);
            if (steps == 0 || (ending == EndingNone && steps < _length))
            {
                continue;
            }

            if (_cohort.IsLearning(_cohort.HandleAt(row)))
            {
                // LearnRow resets the trajectory once it has been learned.
                _updatedRows.At(updated++) = row;
            }
            else
            {
                steps = 0;
                _ending.At(row) = EndingNone;
            }
        }

        if (updated == 0)
        {
            return;
        }

        WriteDueSamples(updated);
        _cohort.TrainStep();
        _values?.TrainStep();
        for (var i = 0; i < updated; i++)
        {
            var row = _updatedRows.At(i);
            _cohort.ClearSamples(_cohort.HandleAt(row));
            _values?.ClearSamples(_values.HandleAt(row));
        }

        Updates += updated;
    }

    /// <summary>Turns the first <paramref name="updated"/> due agents' trajectories into samples in their rings, on every core.</summary>
    private void WriteDueSamples(int updated)
    {
        foreach (var scratch in _scratch)
        {
            scratch.ResetCounts();
        }

        using (_cohort.ClaimForSampleBatch())
        using (_values?.ClaimForSampleBatch())
        {
            _learnJob.Count = updated;
            _pool.Run(_learnJob, TileCount(updated, LearnTileRows));
        }

        long rejected = 0, clamped = 0, valueRejected = 0, valueClamped = 0;
        foreach (var scratch in _scratch)
        {
            rejected += scratch.Rejected;
            clamped += scratch.Clamped;
            valueRejected += scratch.ValueRejected;
            valueClamped += scratch.ValueClamped;
        }

        var rows = _updatedRows.Values.AsSpan(0, updated);
        _cohort.FinishSampleBatch(rows, _written.Values.AsSpan(0, updated), rejected, clamped);
        _values?.FinishSampleBatch(rows, _valueWritten.Values.AsSpan(0, updated), valueRejected, valueClamped);
    }

    /// <summary>The <paramref name="index"/>-th due agent learns its trajectory (on a worker thread: touches only its own rows).</summary>
    private void LearnRow(int index, StepScratch scratch)
    {
        var row = _updatedRows.At(index);
        ref var steps = ref _steps.At(row);
        ref var ending = ref _ending.At(row);
        CreditPendingReward(row, steps);
        LearnTrajectory(row, steps, BootstrapOf(row, ending), scratch, out _written.At(index), out _valueWritten.At(index));
        steps = 0;
        ending = EndingNone;
    }

    /// <summary>What comes after the trajectory's last step: nothing, or the estimated value of the state it stopped in.</summary>
    private double BootstrapOf(int row, byte ending)
    {
        if (ending == EndingTerminal)
        {
            return 0;
        }

        if (_values != null)
        {
            return ending == EndingTimeLimit ? _bootstrap.At(row) : _currentValue.At(row);
        }

        return Options.Baseline == BaselineKind.RunningMean ? _baseline.At(row) : 0;
    }

    /// <summary>
    /// GAE(lambda) over one trajectory, with V the value brain's estimates, the agent's
    /// running mean, or 0: <c>delta_t = r_t + gamma V_{t+1} - V_t</c>,
    /// <c>A_t = delta_t + gamma lambda A_{t+1}</c>, return <c>A_t + V_t</c>. With lambda = 1
    /// and a constant V this is the discounted return minus the baseline.
    /// </summary>
    private void LearnTrajectory(int row, int length, double bootstrap, StepScratch scratch, out int written, out int valueWritten)
    {
        var advantages = scratch.Advantages;
        var returns = scratch.Returns;
        var trajectory = _trajectory.Row(row);
        var gamma = Options.Discount;
        var gammaLambda = gamma * Options.GaeLambda;
        var constant = Options.Baseline == BaselineKind.RunningMean ? _baseline.At(row) : 0.0;
        var critic = _values != null;
        var next = bootstrap;
        var gae = 0.0;
        var returnSum = 0.0;
        for (var t = length - 1; t >= 0; t--)
        {
            var record = t * _record;
            var v = critic ? trajectory[record + _valueAt] : constant;
            gae = trajectory[record + _rewardAt] + (gamma * next) - v + (gammaLambda * gae);
            advantages[t] = gae;
            returns[t] = gae + v;
            returnSum += returns[t];
            next = v;
        }

        if (Options.Baseline == BaselineKind.RunningMean)
        {
            ref var baseline = ref _baseline.At(row);
            baseline += (float)(Options.BaselineRate * ((returnSum / length) - baseline));
        }

        if (Options.NormalizeAdvantages)
        {
            Normalize(advantages.AsSpan(0, length));
        }

        PushSurrogateSamples(row, length, scratch, out written, out valueWritten);
    }

    /// <summary>
    /// One synthetic sample per step (see <see cref="Policy.SurrogateTarget"/>), and for the
    /// value brain the step's return; a Gaussian's log standard deviations take their step
    /// here, on the host, with the cohort's optimiser.
    /// </summary>
    private void PushSurrogateSamples(int row, int length, StepScratch scratch, out int written, out int valueWritten)
    {
        var trajectory = _trajectory.Row(row);
        var logStd = _logStd.Row(row);
        for (var j = 0; j < _logStdSize; j++)
        {
            scratch.LogStd[j] = logStd[j];
            scratch.LogStdSum[j] = 0;
        }

        written = 0;
        valueWritten = 0;
        for (var t = 0; t < length; t++)
        {
            var record = trajectory.Slice(t * _record, _record);
            var acted = record.Slice(_outputAt, _outputs);
            for (var j = 0; j < _outputs; j++)
            {
                scratch.Output[j] = acted[j];
            }

            Policy.SurrogateTarget(scratch.Output, scratch.LogStd, record.Slice(_actionAt, _actionSize), scratch.Advantages[t], Options.EntropyBonus, scratch.Gradient, scratch.GradientLogStd, scratch.Target, scratch.DLogStd);
            for (var j = 0; j < _logStdSize; j++)
            {
                scratch.LogStdSum[j] += scratch.DLogStd[j] / length;
            }

            var observation = record[.._inputs];
            switch (_cohort.WriteSampleOnWorker(row, observation, scratch.Target))
            {
                case SampleOutcome.Rejected:
                    scratch.Rejected++;
                    break;
                case SampleOutcome.Clamped:
                    scratch.Clamped++;
                    written++;
                    break;
                default:
                    written++;
                    break;
            }

            if (_values != null)
            {
                scratch.ValueTarget[0] = (float)scratch.Returns[t];
                switch (_values.WriteSampleOnWorker(row, observation, scratch.ValueTarget))
                {
                    case SampleOutcome.Rejected:
                        scratch.ValueRejected++;
                        break;
                    case SampleOutcome.Clamped:
                        scratch.ValueClamped++;
                        valueWritten++;
                        break;
                    default:
                        valueWritten++;
                        break;
                }
            }
        }

        if (_logStdSize > 0)
        {
            HostOptimizer.Step(_cohort.Settings, logStd, scratch.LogStdSum, _logStdFirst.Row(row), _logStdSecond.Row(row), ref _logStdSteps.At(row));
            foreach (ref var s in logStd)
            {
                // A standard deviation under e^-10 (or over e^2) is a policy that has stopped
                // exploring (or never will act on its mean): keep the density finite.
                s = Math.Clamp(s, -10f, 2f);
            }
        }
    }

    /// <summary>Scales to mean 0 and standard deviation 1; a trajectory of one step keeps its advantage (its mean is all there is).</summary>
    private static void Normalize(Span<double> advantages)
    {
        if (advantages.Length < 2)
        {
            return;
        }

        var mean = 0.0;
        foreach (var a in advantages)
        {
            mean += a;
        }

        mean /= advantages.Length;
        var variance = 0.0;
        foreach (var a in advantages)
        {
            variance += (a - mean) * (a - mean);
        }

        var scale = 1.0 / (Math.Sqrt(variance / advantages.Length) + 1e-8);
        foreach (ref var a in advantages)
        {
            a = (a - mean) * scale;
        }
    }
}
