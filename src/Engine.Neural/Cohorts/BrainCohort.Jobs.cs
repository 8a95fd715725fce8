using System.Runtime.InteropServices;
using Engine.Neural.Cpu;
using Engine.Neural.Simd;

namespace Engine.Neural;

/// <content>The per-frame jobs: created once per cohort, reused every frame.</content>
public sealed partial class BrainCohort
{
    /// <summary>Forward pass over tiles of rows.</summary>
    private sealed unsafe class ForwardJob : IParallelJob, IDisposable
    {
        private readonly BrainCohort _cohort;
        private readonly int _scratchFloats;
        private float* _scratch;
        private int _workers;

        public ForwardJob(BrainCohort cohort)
        {
            _cohort = cohort;
            // Two activation rows and one reduction block (up to 16 x 16 floats) per worker.
            _scratchFloats = ((cohort.Spec.MaxWidth + 16) & ~15) + 256;
        }

        public void Execute(int tile, int worker)
        {
            switch (_cohort.Width)
            {
                case SimdWidth.W512:
                    Run<Vec512>(tile, worker);
                    break;
                case SimdWidth.W256:
                    Run<Vec256>(tile, worker);
                    break;
                default:
                    Run<Vec128>(tile, worker);
                    break;
            }
        }

        public void Dispose()
        {
            if (_scratch != null)
            {
                NativeMemory.AlignedFree(_scratch);
                _scratch = null;
            }
        }

        private void Run<TV>(int tile, int worker)
            where TV : struct, IFloatVector<TV>
        {
            var cohort = _cohort;
            var spec = cohort.Spec;
            EnsureScratch();
            var scratchA = _scratch + (2 * worker * _scratchFloats);
            var scratchB = scratchA + _scratchFloats;
            var inputs = cohort._inputs.Pointer;
            var outputs = cohort._outputs.Pointer;
            var end = Math.Min(cohort.Count, (tile + 1) * RowsPerForwardTile);
            for (var row = tile * RowsPerForwardTile; row < end; row++)
            {
                ForwardKernel<TV>.Row(
                    spec.LayerArray,
                    cohort._store,
                    cohort.IsShared ? 0 : row,
                    inputs + ((long)row * spec.InputSize),
                    outputs + ((long)row * spec.OutputSize),
                    scratchA,
                    scratchB,
                    scratchB + _scratchFloats - 256);
            }
        }

        private void EnsureScratch()
        {
            // Allocated on first use for the pool's worker count; never again after that.
            var workers = _cohort._pool.WorkerCount;
            if (_scratch != null && _workers >= workers)
            {
                return;
            }

            lock (this)
            {
                if (_scratch == null || _workers < workers)
                {
                    var fresh = (float*)NativeMemory.AlignedAlloc((nuint)(2 * workers * _scratchFloats * sizeof(float)), 64);
                    if (_scratch != null)
                    {
                        NativeMemory.AlignedFree(_scratch);
                    }

                    _scratch = fresh;
                    _workers = workers;
                }
            }
        }
    }

    /// <summary>Training step over tiles of agents, one workspace per worker.</summary>
    private sealed unsafe class TrainJob : IParallelJob, IDisposable
    {
        private readonly BrainCohort _cohort;
        private TrainWorkspace?[] _workspaces = [];
        private StepConstants _constants;
        private int _trained;

        public TrainJob(BrainCohort cohort) => _cohort = cohort;

        public int TrainedAgents => _trained;

        public void Prepare(TrainingSettings settings, int workers)
        {
            _constants = new StepConstants(settings);
            _trained = 0;
            if (_workspaces.Length < workers)
            {
                Array.Resize(ref _workspaces, workers);
            }

            var lanes = (int)_cohort.Width;
            for (var w = 0; w < workers; w++)
            {
                if (_workspaces[w] is not { } ws || !ws.Fits(_cohort.Spec, settings.BatchSize, lanes))
                {
                    _workspaces[w]?.Dispose();
                    _workspaces[w] = new TrainWorkspace(_cohort.Spec, settings.BatchSize, lanes);
                }
            }
        }

        public void Execute(int tile, int worker)
        {
            var trained = _cohort.Width switch
            {
                SimdWidth.W512 => RunTile<Vec512>(tile, worker),
                SimdWidth.W256 => RunTile<Vec256>(tile, worker),
                _ => RunTile<Vec128>(tile, worker),
            };
            Interlocked.Add(ref _trained, trained);
        }

        /// <summary>Shared mode: one step of the one parameter set on a batch from every agent.</summary>
        public bool TrainShared() => _cohort.Width switch
        {
            SimdWidth.W512 => StepShared<Vec512>(),
            SimdWidth.W256 => StepShared<Vec256>(),
            _ => StepShared<Vec128>(),
        };

        public void Dispose()
        {
            foreach (var ws in _workspaces)
            {
                ws?.Dispose();
            }
        }

        private int RunTile<TV>(int tile, int worker)
            where TV : struct, IFloatVector<TV>
        {
            var cohort = _cohort;
            var ws = _workspaces[worker]!;
            var samples = cohort._samples;
            var end = Math.Min(cohort.Count, (tile + 1) * AgentsPerTrainTile);
            var trained = 0;
            for (var slot = tile * AgentsPerTrainTile; slot < end; slot++)
            {
                if (PrefetchEnabled && slot + 1 < end)
                {
                    PrefetchAgent(slot + 1);
                }

                var available = samples.Counts[slot];
                if (!cohort._learning[slot] || available == 0)
                {
                    continue;
                }

                var batch = cohort.ChooseBatch(slot, ws.SampleIndex);
                GatherBatch(slot, batch, ws);
                if (Step<TV>(slot, slot, batch, cohort._learningRateScale[slot], ws))
                {
                    trained++;
                }
            }

            return trained;
        }

        private bool StepShared<TV>()
            where TV : struct, IFloatVector<TV>
        {
            var cohort = _cohort;
            var ws = _workspaces[0]!;
            var samples = cohort._samples;
            var total = 0;
            for (var row = 0; row < cohort.Count; row++)
            {
                total += cohort._learning[row] ? samples.Counts[row] : 0;
            }

            if (total == 0)
            {
                return false;
            }

            // Each draw picks uniformly among all learning agents' samples.
            var batch = _constants.BatchSize;
            for (var s = 0; s < batch; s++)
            {
                var pick = cohort._sharedRandom.NextInt(total);
                var row = 0;
                while (!cohort._learning[row] || pick >= samples.Counts[row])
                {
                    pick -= cohort._learning[row] ? samples.Counts[row] : 0;
                    row++;
                }

                GatherOne(row, pick, s, ws);
            }

            return Step<TV>(0, 0, batch, 1f, ws);
        }

        /// <summary>
        /// Backprop and update of one parameter slot on the gathered batch, undone if it
        /// diverges (non-finite loss or parameters). Returns whether the step stood.
        /// </summary>
        private bool Step<TV>(int slot, int lossRow, int batch, float learningRateScale, TrainWorkspace ws)
            where TV : struct, IFloatVector<TV>
        {
            var cohort = _cohort;
            var store = cohort._store;
            var loss = TrainKernel<TV>.Backprop(cohort.Spec, store, slot, ws, batch);
            cohort._lastLoss[lossRow] = loss;
            if (!float.IsFinite(loss))
            {
                // Nothing was written yet: the parameters are still the last good ones.
                cohort.RecordDivergence(slot);
                return false;
            }

            var adamSteps = store.AdamSteps[slot];
            AgentSnapshot.Save(store, slot, ws.Snapshot);
            TrainKernel<TV>.Update(cohort.Spec, store, slot, ws.Gradient, _constants, learningRateScale * cohort.DampingOf(slot));
            if (AgentSnapshot.ParametersFinite(store, slot))
            {
                return true;
            }

            AgentSnapshot.Restore(store, slot, ws.Snapshot);
            store.AdamSteps[slot] = adamSteps;
            cohort.RecordDivergence(slot);
            return false;
        }

        // 4 KiB of ring: about 64 cache lines.
        private const int MaxPrefetchedRingFloats = 1024;

        // ENGINE_NEURAL_PREFETCH=0 turns prefetching off, to measure what it buys (W3 at
        // N = 10,000 on the 2-core machine: +0 to +35% over three alternating runs).
        private static readonly bool PrefetchEnabled = Environment.GetEnvironmentVariable("ENGINE_NEURAL_PREFETCH") != "0";

        /// <summary>
        /// Asks for the next agent's sample ring and parameters while this one computes: each is
        /// touched once per step, at random ring positions, so with thousands of agents they
        /// come from memory, and the hardware prefetcher cannot guess random positions.
        /// </summary>
        private void PrefetchAgent(int slot)
        {
            if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
            {
                return;
            }

            var samples = _cohort._samples;
            var ring = samples.RingCapacity;
            if (ring * (samples.InputSize + samples.OutputSize) <= MaxPrefetchedRingFloats)
            {
                // A batch draws from the whole ring; a big ring is not worth fetching whole.
                Lines(samples.Inputs.Pointer + ((long)slot * ring * samples.InputSize), ring * samples.InputSize);
                Lines(samples.Targets.Pointer + ((long)slot * ring * samples.OutputSize), ring * samples.OutputSize);
            }

            var layers = _cohort.Spec.LayerArray;
            var store = _cohort._store;
            for (var l = 0; l < layers.Length; l++)
            {
                Lines(store.Weights[l].Pointer + ((long)slot * layers[l].WeightCount), layers[l].WeightCount);
                Lines(store.Biases[l].Pointer + ((long)slot * layers[l].Outputs), layers[l].Outputs);
            }

            static void Lines(float* start, int floats)
            {
                for (var offset = 0; offset < floats; offset += 16)
                {
                    System.Runtime.Intrinsics.X86.Sse.Prefetch0(start + offset);
                }
            }
        }

        private void GatherBatch(int slot, int batch, TrainWorkspace ws)
        {
            for (var s = 0; s < batch; s++)
            {
                GatherOne(slot, ws.SampleIndex[s], s, ws);
            }
        }

        /// <summary>Copies one sample into column <paramref name="column"/> of the feature-major batch.</summary>
        private void GatherOne(int slot, int position, int column, TrainWorkspace ws)
        {
            var samples = _cohort._samples;
            var inSize = samples.InputSize;
            var outSize = samples.OutputSize;
            var padded = ws.Padded;
            var x = samples.Inputs.Pointer + ((((long)slot * samples.RingCapacity) + position) * inSize);
            var y = samples.Targets.Pointer + ((((long)slot * samples.RingCapacity) + position) * outSize);
            var a0 = ws.Activations[0];
            for (var k = 0; k < inSize; k++)
            {
                a0[(k * padded) + column] = x[k];
            }

            for (var j = 0; j < outSize; j++)
            {
                ws.Targets[(j * padded) + column] = y[j];
            }
        }
    }
}
