using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Engine.Neural.Cpu;

/// <summary>
/// Settles a large own-weight cohort's width on its own first real calls. The probe
/// (<see cref="WidthTuner"/>) times a small cohort whose data stay in cache; thousands of
/// agents stream theirs from memory, and there a width the probe found slower can win (W3 at
/// 10,000 agents: the probe chose 256 bits, 512 ran 1.1-1.7x faster). So a cohort larger than
/// the probe's runs its first calls at each width the probe found close, in turn, times them,
/// and keeps the fastest per unit of work (each width's first call untimed).
/// </summary>
/// <remarks>
/// The first cohort of a spec, kind of work and size (by powers of four) to finish its trial
/// decides for every later one in the process, and every cohort runs the same sequence of
/// widths before it: two cohorts fed alike still compute alike, bit for bit. A cohort that
/// changes size class tries again. Pin a width (<see cref="CohortOptions.VectorWidth"/>) for
/// the same bits in every process.
/// </remarks>
internal sealed class WidthTrial
{
    /// <summary>Calls each tried width gets: the first of each warms it up, the fastest of the others counts.</summary>
    public const int Rounds = 5;

    // A width the probe timed at more than twice the fastest is not tried on real calls.
    private const double Closeness = 2.0;

    private static readonly Dictionary<string, SimdWidth> Decided = [];
    private static readonly Lock Gate = new();

    private readonly SimdWidth[] _tried = new SimdWidth[3];
    private readonly double[] _best = new double[3];
    private WidthChoice? _probe;
    private string _work = "";
    private string _key = "";
    private int _count;
    private int _class = -1;
    private int _calls;
    private int _current;
    private long _start;

    /// <summary>The width the last call ran at, or null before the first.</summary>
    public SimdWidth? Current { get; private set; }

    /// <summary>True between a <see cref="Begin"/> that timed and its <see cref="End"/>.</summary>
    public bool Timing { get; private set; }

    /// <summary>
    /// The width the next call runs at, for a cohort of <paramref name="agents"/>;
    /// <paramref name="probe"/> is the probe's choice for this <paramref name="work"/> (a fixed
    /// string per kind of work: it is kept, not copied). Starts the clock while trying.
    /// </summary>
    public SimdWidth Begin(WidthChoice probe, string work, int agents)
    {
        var sizeClass = SizeClass(agents);
        if (!ReferenceEquals(probe, _probe) || sizeClass != _class || !ReferenceEquals(work, _work))
        {
            Reset(probe, work, sizeClass, agents);
        }

        if (_calls >= _count * Rounds)
        {
            return (Current = _tried[0]).Value;
        }

        _current = _calls % _count;
        Timing = true;
        _start = Stopwatch.GetTimestamp();
        return (Current = _tried[_current]).Value;
    }

    /// <summary>Stops the clock of a timed call that did <paramref name="units"/> of work (rows, samples).</summary>
    public void End(long units)
    {
        if (!Timing)
        {
            return;
        }

        Timing = false;
        var perUnit = Stopwatch.GetElapsedTime(_start).TotalSeconds / Math.Max(1, units);
        if (_calls >= _count)
        {
            // A width's first call on this cohort touches its memory and code paths the probe
            // did not: it is not timed.
            _best[_current] = Math.Min(_best[_current], perUnit);
        }

        if (++_calls == _count * Rounds)
        {
            Settle();
        }
    }

    // Size classes by powers of four; cohorts no larger than the probe's are its own size.
    private static int SizeClass(int agents) => agents <= WidthTuner.MaxProbeAgents ? 0 : 1 + ((31 - int.LeadingZeroCount(agents / WidthTuner.MaxProbeAgents)) / 2);

    private void Reset(WidthChoice probe, string work, int sizeClass, int agents)
    {
        _probe = probe;
        _work = work;
        _class = sizeClass;
        _key = string.Create(CultureInfo.InvariantCulture, $"{work} class {sizeClass}");
        _calls = 0;
        _count = 0;
        var fastest = probe.Seconds.Min();
        var candidates = WidthTuner.Candidates;
        if (sizeClass > 0)
        {
            for (var c = 0; c < candidates.Count; c++)
            {
                if (probe.Seconds[c] <= Closeness * fastest)
                {
                    _tried[_count] = candidates[c];
                    _best[_count++] = double.MaxValue;
                }
            }
        }

        if (_count <= 1)
        {
            // Nothing to try: the probe's choice stands.
            _tried[0] = probe.Width;
            _count = 1;
            _calls = Rounds;
            return;
        }

        lock (Gate)
        {
            if (Decided.ContainsKey(_key))
            {
                // Run the same sequence as the cohort that decided, then its width.
                return;
            }
        }

        BrainCohort.Log(string.Create(CultureInfo.InvariantCulture, $"{WidthTuner.LogPrefix} for {work} at {agents} agents: trying {_count} widths on the first {_count * Rounds} calls"));
    }

    private void Settle()
    {
        var fastest = 0;
        for (var c = 1; c < _count; c++)
        {
            if (_best[c] < _best[fastest])
            {
                fastest = c;
            }
        }

        SimdWidth width;
        lock (Gate)
        {
            if (!Decided.TryGetValue(_key, out width))
            {
                width = Decided[_key] = _tried[fastest];
                var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{WidthTuner.LogPrefix} for {_work} in cohorts of its size: {(int)width * 32}-bit on real calls (measured");
                for (var c = 0; c < _count; c++)
                {
                    line.Append(CultureInfo.InvariantCulture, $" {(int)_tried[c] * 32}-bit {_best[c] * 1e9:0.0} ns");
                }

                BrainCohort.Log(line.Append(" a unit)").ToString());
            }
        }

        _tried[0] = width;
    }
}
