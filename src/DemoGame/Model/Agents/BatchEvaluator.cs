using Engine.Neural;
using Engine.Neural.OpenCL;

namespace DemoGame.Model.Agents;

/// <summary>
/// Runs one parameter set on a fixed list of board points as ONE batched forward: the points
/// are the rows of a shared-parameter <see cref="BrainCohort"/>, and evaluating allocates
/// nothing. Made to follow the agents' cohort, it runs on that cohort's backend, checked at
/// every <see cref="Evaluate"/>: when the agents move to OpenCL, their boundary and neuron
/// pictures are computed on the device too, and they come back with them.
/// </summary>
internal sealed class BatchEvaluator : IDisposable
{
    private readonly BrainCohort _cohort;
    private readonly AgentHandle _first;
    private readonly BrainCohort? _follow;

    // The followed cohort's backend when this one could not go there (the library logged why
    // once): not tried again until the followed cohort moves.
    private string? _refused;

    /// <summary>Prepares rows for <paramref name="points"/> (x, y pairs, board coordinates), evaluated on the CPU.</summary>
    public BatchEvaluator(BrainSpec spec, ReadOnlySpan<float> points)
        : this(spec, points, null)
    {
    }

    /// <summary>
    /// Prepares rows for <paramref name="points"/> (x, y pairs, board coordinates), evaluated
    /// wherever <paramref name="follow"/> runs (the agents' cohort; <paramref name="spec"/> may
    /// differ from its spec, as a cut-off brain's does).
    /// </summary>
    public BatchEvaluator(BrainSpec spec, ReadOnlySpan<float> points, BrainCohort? follow)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.InputSize != 2 || points.Length == 0 || points.Length % 2 != 0)
        {
            throw new ArgumentException("BatchEvaluator: needs a 2-input brain and a non-empty list of (x, y) pairs.", nameof(points));
        }

        var rows = points.Length / 2;
        _cohort = new BrainCohort(spec, new CohortOptions { SharedParameters = true, InitialCapacity = rows, SampleCapacity = 1 });
        _first = _cohort.Add();
        for (var i = 1; i < rows; i++)
        {
            _cohort.Add();
        }

        points.CopyTo(_cohort.Inputs);
        _follow = follow;
    }

    /// <summary>Where the points are evaluated: "cpu" or "opencl" (the followed cohort's backend after an <see cref="Evaluate"/>, when it could go there).</summary>
    public string BackendName => _cohort.BackendName;

    /// <summary>Number of points.</summary>
    public int Count => _cohort.Count;

    /// <summary>The outputs at every point from the last <see cref="Evaluate"/>: [point x output], the grape probability for a game brain.</summary>
    public ReadOnlySpan<float> Outputs => _cohort.Outputs;

    /// <summary>The brain shape evaluated.</summary>
    public BrainSpec Spec => _cohort.Spec;

    /// <summary>Evaluates <paramref name="parameters"/> (flat layout, as BrainCohort gives them) at every point.</summary>
    public ReadOnlySpan<float> Evaluate(ReadOnlySpan<float> parameters)
    {
        Follow();
        _cohort.SetParameters(_first, parameters);
        _cohort.Forward();
        return _cohort.Outputs;
    }

    /// <summary>Cell centres of a <paramref name="resolution"/>² grid over [-1, 1]², bottom row first (OpenGL's texture order).</summary>
    public static float[] GridPoints(int resolution)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 1);
        var points = new float[resolution * resolution * 2];
        for (var row = 0; row < resolution; row++)
        {
            for (var column = 0; column < resolution; column++)
            {
                var i = ((row * resolution) + column) * 2;
                points[i] = GridCoordinate(column, resolution);
                points[i + 1] = GridCoordinate(row, resolution);
            }
        }

        return points;
    }

    /// <summary>The board coordinate of a grid cell's centre.</summary>
    public static float GridCoordinate(int index, int resolution) => -1f + ((index + 0.5f) * 2f / resolution);

    /// <inheritdoc/>
    public void Dispose() => _cohort.Dispose();

    /// <summary>Moves the points to the followed cohort's backend when it moved (names compared: nothing allocated in a steady frame).</summary>
    private void Follow()
    {
        if (_follow is null)
        {
            return;
        }

        var wanted = _follow.BackendName;
        if (wanted == _cohort.BackendName)
        {
            _refused = null;
            return;
        }

        if (wanted == _refused)
        {
            return;
        }

        if (wanted == "opencl" && _cohort.UseOpenCl())
        {
            return;
        }

        // Back to the CPU: the followed cohort returned there, or OpenCL (or a backend the demo
        // does not know) would not take the points.
        _cohort.UseCpu();
        _refused = wanted == "cpu" ? null : wanted;
    }
}
