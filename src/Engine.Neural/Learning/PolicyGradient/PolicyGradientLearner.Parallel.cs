using Engine.Neural.Cpu;

namespace Engine.Neural.Learning;

/// <content>
/// The per-agent halves of acting and learning, spread over the worker pool: every agent's
/// sampling, recording, returns and surrogate samples touch only that agent's rows, so tiles
/// of agents run on separate cores with results identical to a serial loop.
/// </content>
public sealed partial class PolicyGradientLearner
{
    // Agents per tile when acting (a sample and a record each: tens of nanoseconds) and when
    // learning (a whole trajectory each). Fewer agents than a tile run inline, unthreaded.
    private const int ActTileRows = 512;
    private const int LearnTileRows = 16;

    // Rows ahead whose next trajectory record is asked for while acting: consecutive rows'
    // records lie a whole trajectory apart, a stride the hardware prefetcher does not follow.
    private const int RecordPrefetchRows = 8;

    // Two cache lines: an adjacent-line prefetcher pulls lines in pairs.
    private const int CacheLineSpacer = 128;

    private static int TileCount(int items, int perTile) => (items + perTile - 1) / perTile;

    /// <summary>
    /// Asks for the lines row's next act touches: the last record's reward (credited then) and
    /// the next record, which follows it (a hint: nothing is read or written).
    /// </summary>
    private unsafe void PrefetchRecord(int row)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            var t = Math.Min(_steps.At(row), _length - 1);
            var next = t * _record;
            var from = t > 0 ? next - _record + _rewardAt : next;
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(System.Runtime.CompilerServices.Unsafe.AsPointer(ref _trajectory.At(row, from)));
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(System.Runtime.CompilerServices.Unsafe.AsPointer(ref _trajectory.At(row, next + _record - 1)));
        }
    }

    /// <summary>
    /// Adds the rewards given since row's last action to that action's record (the trajectory
    /// has <paramref name="steps"/> steps; with none, they belonged to a trajectory dropped
    /// unlearned), and clears them. The same sum, in the same order, as adding each to the record.
    /// </summary>
    private void CreditPendingReward(int row, int steps)
    {
        ref var pending = ref _pendingReward.At(row);
        if (steps > 0)
        {
            _trajectory.At(row, ((steps - 1) * _record) + _rewardAt) += pending;
        }

        pending = 0f;
    }

    /// <summary>Samples row's action from its outputs and records the step in its trajectory.</summary>
    private void ActRow(int row, StepScratch scratch, ReadOnlySpan<float> inputs, ReadOnlySpan<float> outputs)
    {
        ref var t = ref _steps.At(row);
        CreditPendingReward(row, t);
        var output = outputs.Slice(row * _outputs, _outputs);
        for (var j = 0; j < _outputs; j++)
        {
            scratch.Output[j] = output[j];
        }

        var logStd = _logStd.Row(row);
        for (var j = 0; j < _logStdSize; j++)
        {
            scratch.LogStd[j] = logStd[j];
        }

        var action = _currentAction.Row(row);
        var logProbability = Policy.Sample(scratch.Output, scratch.LogStd, action, ref _random.At(row));
        var record = _trajectory.Row(row).Slice(t * _record, _record);

        // A record is a handful of floats: plain loops, where span copies each cost a call.
        var observation = inputs.Slice(row * _inputs, _inputs);
        for (var i = 0; i < observation.Length; i++)
        {
            record[i] = observation[i];
        }

        for (var j = 0; j < output.Length; j++)
        {
            record[_outputAt + j] = output[j];
        }

        for (var k = 0; k < action.Length; k++)
        {
            record[_actionAt + k] = action[k];
        }

        record[_logProbabilityAt] = (float)logProbability;
        record[_rewardAt] = 0f;
        record[_valueAt] = _currentValue.At(row);
        t++;
    }

    /// <summary>One worker's scratch: a step's outputs and gradients, a trajectory's advantages and returns, and what its samples became.</summary>
    private sealed class StepScratch(int outputs, int logStdSize, int length)
    {
        // Field initialisers allocate in order, one worker's scratch after another's: these
        // spacers keep one worker's last arrays and the next one's object and first arrays off
        // each other's cache lines (both written at every step), however the GC slides them.
        private readonly byte[] _spacerBefore = new byte[CacheLineSpacer];
        public readonly double[] Output = new double[outputs];
        public readonly double[] LogStd = new double[logStdSize];
        public readonly double[] Gradient = new double[outputs];
        public readonly double[] GradientLogStd = new double[logStdSize];
        public readonly double[] DLogStd = new double[logStdSize];
        public readonly double[] LogStdSum = new double[logStdSize];
        public readonly double[] Advantages = new double[length];
        public readonly double[] Returns = new double[length];
        public readonly float[] Target = new float[outputs];
        public readonly float[] ValueTarget = new float[1];
        private readonly byte[] _spacerAfter = new byte[CacheLineSpacer];
        public long Rejected;
        public long Clamped;
        public long ValueRejected;
        public long ValueClamped;

        public void ResetCounts()
        {
            Rejected = 0;
            Clamped = 0;
            ValueRejected = 0;
            ValueClamped = 0;
        }
    }

    /// <summary>Acting, a tile of agents at a time.</summary>
    private sealed class ActJob(PolicyGradientLearner learner) : IParallelJob
    {
        public void Execute(int tile, int worker)
        {
            var scratch = learner._scratch[worker];
            var inputs = learner._cohort.Inputs;
            var outputs = learner._cohort.Outputs;
            var end = Math.Min(learner._rows, (tile + 1) * ActTileRows);
            for (var row = tile * ActTileRows; row < end; row++)
            {
                if (row + RecordPrefetchRows < end)
                {
                    learner.PrefetchRecord(row + RecordPrefetchRows);
                }

                learner.ActRow(row, scratch, inputs, outputs);
            }
        }
    }

    /// <summary>Learning: the trajectories of a tile of the agents due to learn, turned into their samples.</summary>
    private sealed class LearnJob(PolicyGradientLearner learner) : IParallelJob
    {
        public int Count { get; set; }

        public void Execute(int tile, int worker)
        {
            var scratch = learner._scratch[worker];
            var end = Math.Min(Count, (tile + 1) * LearnTileRows);
            for (var i = tile * LearnTileRows; i < end; i++)
            {
                learner.LearnRow(i, scratch);
            }
        }
    }
}
