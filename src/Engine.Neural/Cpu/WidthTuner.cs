using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Engine.Neural.Cpu;

/// <summary>
/// Picks the vector width the CPU kernels run a spec at by timing every width this CPU can
/// run, once per process for each spec, kind of work and batch size: which width is fastest
/// depends on the layers' sizes and on the core (512-bit vectors are slower than 256-bit ones
/// for small layers on some CPUs with AVX-512, and they run in software on CPUs without it),
/// so it is measured, not assumed. <see cref="SimdWidthChooser.Variable"/> still forces one.
/// </summary>
/// <remarks>
/// A probe runs a private cohort of the same spec (its own agents, random parameters and
/// samples) at each candidate width in turn, a few rounds, and keeps each width's fastest
/// round; the fastest width wins and the choice is logged once. Own-weight training with
/// batches of up to 128 samples gives the same bits at every width (a lane is one agent's
/// arithmetic); forward outputs, shared cohorts and longer batches round differently at
/// different widths, so their bit-for-bit reproducibility across processes needs the width pinned.
/// </remarks>
internal static class WidthTuner
{
    /// <summary>Every log line of a choice starts so (tests tell choices from warnings by it).</summary>
    public const string LogPrefix = "Engine.Neural: vector width";

    // Enough work per timed round to dwarf the timer and the pool's wake-up, little enough
    // that a probe of three widths stays in the milliseconds.
    private const long ProbeMultiplyAdds = 4_000_000;
    /// <summary>The most agents a probe cohort has: larger cohorts settle their width on real calls (<see cref="WidthTrial"/>).</summary>
    public const int MaxProbeAgents = 256;
    private const int Rounds = 7;

    private static readonly Dictionary<string, WidthChoice> Chosen = [];
    private static readonly Lock Gate = new();

    /// <summary>Widths this CPU runs, narrowest first; only the portable width without 256-bit FMA.</summary>
    public static IReadOnlyList<SimdWidth> Candidates { get; } = FindCandidates();

    /// <summary>The width <paramref name="spec"/>'s forward pass runs fastest at here.</summary>
    public static SimdWidth ForForward(BrainSpec spec, bool shared) => ForwardChoice(spec, shared).Width;

    /// <summary>The width a training step of <paramref name="spec"/> with <paramref name="settings"/> runs fastest at here.</summary>
    public static SimdWidth ForTraining(BrainSpec spec, bool shared, TrainingSettings settings) => TrainingChoice(spec, shared, settings).Width;

    /// <summary>The forward choice with what was measured.</summary>
    public static WidthChoice ForwardChoice(BrainSpec spec, bool shared) =>
        Choose(Key(spec, shared, "forward", 0), () => ProbeForward(spec, shared));

    /// <summary>The training choice with what was measured.</summary>
    public static WidthChoice TrainingChoice(BrainSpec spec, bool shared, TrainingSettings settings) =>
        Choose(Key(spec, shared, settings.Optimizer.ToString(), settings.BatchSize), () => ProbeTraining(spec, shared, settings));

    private static IReadOnlyList<SimdWidth> FindCandidates()
    {
        var best = SimdWidthChooser.Native;
        return best switch
        {
            SimdWidth.W512 => [SimdWidth.W128, SimdWidth.W256, SimdWidth.W512],
            SimdWidth.W256 => [SimdWidth.W128, SimdWidth.W256],
            _ => [SimdWidth.W128],
        };
    }

    private static string Key(BrainSpec spec, bool shared, string work, int batch) =>
        string.Create(CultureInfo.InvariantCulture, $"{spec} {(shared ? "shared" : "own")} {work} {batch}");

    private static WidthChoice Choose(string key, Func<double[]> probe)
    {
        lock (Gate)
        {
            if (Chosen.TryGetValue(key, out var known))
            {
                return known;
            }

            var seconds = probe();
            if (Candidates.Count == 1)
            {
                return Chosen[key] = new WidthChoice(Candidates[0], seconds);
            }

            var best = 0;
            for (var c = 1; c < seconds.Length; c++)
            {
                if (seconds[c] < seconds[best])
                {
                    best = c;
                }
            }

            var width = Candidates[best];
            var choice = Chosen[key] = new WidthChoice(width, seconds);
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{LogPrefix} for {key}: {(int)width * 32}-bit (measured");
            for (var c = 0; c < seconds.Length; c++)
            {
                line.Append(CultureInfo.InvariantCulture, $" {(int)Candidates[c] * 32}-bit {seconds[c] * 1e6:0.0} us");
            }

            line.Append(')');
            BrainCohort.Log(line.ToString());
            return choice;
        }
    }

    private static int ProbeAgents(BrainSpec spec, int samplesPerAgent, bool shared)
    {
        var perAgent = Math.Max(1L, spec.ParameterCount * (long)samplesPerAgent);
        var agents = (int)Math.Clamp(ProbeMultiplyAdds / perAgent, 2, MaxProbeAgents);
        return shared ? Math.Max(agents, 64) : agents;
    }

    private static double[] ProbeForward(BrainSpec spec, bool shared)
    {
        using var cohort = ProbeCohort(spec, shared, new TrainingSettings(), ProbeAgents(spec, 1, shared), samples: 0);
        return TimeEachWidth(cohort, c => c.Forward());
    }

    /// <summary>Times training at every width.</summary>
    private static double[] ProbeTraining(BrainSpec spec, bool shared, TrainingSettings settings)
    {
        var batch = Math.Max(1, settings.BatchSize);
        var agents = ProbeAgents(spec, 3 * batch, shared);
        using var cohort = ProbeCohort(spec, shared, settings, agents, batch);
        return TimeEachWidth(cohort, c => c.TrainStep());
    }

    /// <summary>
    /// Warms every width once (compiling its kernels), then times rounds that visit the widths
    /// in turn, so a slow moment of the machine falls on all of them alike; keeps each one's best.
    /// </summary>
    private static double[] TimeEachWidth(BrainCohort cohort, Action<BrainCohort> work)
    {
        var best = new double[Candidates.Count];
        Array.Fill(best, double.MaxValue);
        for (var round = -1; round < Rounds; round++)
        {
            for (var c = 0; c < Candidates.Count; c++)
            {
                cohort.Width = Candidates[c];
                var start = Stopwatch.GetTimestamp();
                work(cohort);
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (round >= 0)
                {
                    best[c] = Math.Min(best[c], seconds);
                }
            }
        }

        return best;
    }

    private static BrainCohort ProbeCohort(BrainSpec spec, bool shared, TrainingSettings settings, int agents, int samples)
    {
        var cohort = new BrainCohort(spec, new CohortOptions
        {
            Seed = 0x7E57,
            InitialCapacity = agents,
            SampleCapacity = Math.Max(1, samples),
            SharedParameters = shared,
            Training = settings,
        });

        // Pinned before anything runs, so the probe cohort never probes itself.
        cohort.Width = Candidates[^1];
        var random = new DeterministicRandom(0x7E57);
        var input = new float[spec.InputSize];
        var target = new float[spec.OutputSize];
        for (var a = 0; a < agents; a++)
        {
            var agent = cohort.Add();
            FillUniform(cohort.Input(agent), ref random);
            for (var s = 0; s < samples; s++)
            {
                FillUniform(input, ref random);
                FillTarget(spec.Loss, target, ref random);
                cohort.AddSample(agent, input, target);
            }
        }

        return cohort;
    }

    private static void FillUniform(Span<float> values, ref DeterministicRandom random)
    {
        foreach (ref var v in values)
        {
            v = (float)random.NextDouble(-1, 1);
        }
    }

    private static void FillTarget(Loss loss, Span<float> target, ref DeterministicRandom random)
    {
        switch (loss)
        {
            case Loss.SoftmaxCrossEntropy:
                target.Clear();
                target[(int)(random.NextDouble() * target.Length) % target.Length] = 1f;
                break;
            case Loss.BinaryCrossEntropy:
                foreach (ref var v in target)
                {
                    v = random.NextDouble() < 0.5 ? 0f : 1f;
                }

                break;
            default:
                FillUniform(target, ref random);
                break;
        }
    }
}

/// <summary>
/// A measured width choice: the width and each candidate's best time (seconds, in
/// <see cref="WidthTuner.Candidates"/> order).
/// </summary>
internal sealed record WidthChoice(SimdWidth Width, double[] Seconds);
