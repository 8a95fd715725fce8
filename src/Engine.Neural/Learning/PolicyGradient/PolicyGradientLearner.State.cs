using Engine.Neural.Persistence;

namespace Engine.Neural.Learning;

/// <content>
/// Saving and loading what the learner adds to the brains: per agent the Gaussian log standard
/// deviations and their optimiser state, the running-mean baseline and the action generator,
/// and the value brains' weights. The policy brains are saved with <see cref="BrainFile"/>.
/// Trajectories in flight are not saved: after a load every agent starts a fresh trajectory
/// (its episode in the game goes on; the steps before the load are simply not learned).
/// The value brains' optimiser state is not saved either (it restarts from zero).
/// </content>
public sealed partial class PolicyGradientLearner
{
    /// <summary>Saves the learner's own state to <paramref name="path"/>, atomically.</summary>
    public void Save(string path)
    {
        SyncRows();
        var valueParameters = new float[_values?.ParameterCount ?? 0];
        LearnerStateFile.Save(path, BrainFileKind.PolicyGradientLearner, w =>
        {
            w.Int32(_rows);
            w.Int32(_inputs);
            w.Int32(_outputs);
            w.Int32(_logStdSize);
            w.Int32(valueParameters.Length);
            w.UInt64(_agentsSeen);
            w.Int64(Updates);
            w.Int64(RejectedRewards);
            for (var row = 0; row < _rows; row++)
            {
                w.Single(_baseline.At(row));
                w.Singles(_logStd.Row(row));
                w.Singles(_logStdFirst.Row(row));
                w.Singles(_logStdSecond.Row(row));
                w.Int32(_logStdSteps.At(row));
                LearnerStateFile.Generator(w, _random.At(row));
                if (_values != null)
                {
                    _values.GetParameters(_values.HandleAt(row), valueParameters);
                    w.Singles(valueParameters);
                }
            }
        });
    }

    /// <summary>
    /// Loads a state saved by <see cref="Save"/> for a learner of the same shape (policy,
    /// spec, agent count, baseline). The whole file is checked before anything changes.
    /// </summary>
    /// <exception cref="BrainFileException">The file is damaged, of another kind, or saved for another shape (<see cref="BrainFileProblem.TargetMismatch"/>).</exception>
    public void Load(string path)
    {
        SyncRows();
        var r = LearnerStateFile.Open(path, BrainFileKind.PolicyGradientLearner);
        LearnerStateFile.Expect(r.Int32("agents"), _rows, "agents");
        LearnerStateFile.Expect(r.Int32("inputs"), _inputs, "inputs");
        LearnerStateFile.Expect(r.Int32("outputs"), _outputs, "outputs");
        LearnerStateFile.Expect(r.Int32("log-std size"), _logStdSize, "log standard deviations per agent");
        var valueCount = _values?.ParameterCount ?? 0;
        LearnerStateFile.Expect(r.Int32("value parameters"), valueCount, "value-brain parameters");
        var agentsSeen = r.UInt64("agents seen");
        var updates = r.Int64("updates");
        var rejected = r.Int64("rejected rewards");
        var saved = new SavedAgent[_rows];
        for (var row = 0; row < _rows; row++)
        {
            saved[row] = new SavedAgent(
                LearnerStateFile.FiniteSingles(r, 1, "baseline")[0],
                LearnerStateFile.FiniteSingles(r, _logStdSize, "log standard deviations"),
                LearnerStateFile.FiniteSingles(r, _logStdSize, "log-std first moments"),
                LearnerStateFile.FiniteSingles(r, _logStdSize, "log-std second moments"),
                r.Size("log-std optimiser steps", 0, int.MaxValue),
                LearnerStateFile.Generator(r, "action generator"),
                LearnerStateFile.FiniteSingles(r, valueCount, "value-brain parameters"));
        }

        r.EnsureEnd();

        // Everything checked: apply.
        _agentsSeen = agentsSeen;
        Updates = updates;
        RejectedRewards = rejected;
        for (var row = 0; row < _rows; row++)
        {
            var s = saved[row];
            _baseline.At(row) = s.Baseline;
            s.LogStd.CopyTo(_logStd.Row(row));
            s.First.CopyTo(_logStdFirst.Row(row));
            s.Second.CopyTo(_logStdSecond.Row(row));
            _logStdSteps.At(row) = s.Steps;
            _random.At(row) = s.Generator;
            _steps.At(row) = 0;
            _pendingReward.At(row) = 0f;
            _ending.At(row) = EndingNone;
            _cohort.ClearSamples(_cohort.HandleAt(row));
            if (_values != null)
            {
                var valueAgent = _values.HandleAt(row);
                _values.SetParameters(valueAgent, s.Value);
                _values.ClearSamples(valueAgent);
            }
        }
    }

    /// <summary>One agent's part of a learner-state file, held until the whole file has been checked.</summary>
    private readonly record struct SavedAgent(float Baseline, float[] LogStd, float[] First, float[] Second, int Steps, DeterministicRandom Generator, float[] Value);
}
