using Engine.Neural;

namespace DemoGame.Agents;

/// <summary>
/// One contestant on the board: a brain of its own shape learning from every landed fruit,
/// with the pictures of it the game draws (its boundary, its thumbnail, its cuts) and its
/// accuracy on fruit it never trained on.
/// </summary>
internal sealed class Agent : IDisposable
{
    /// <summary>Resolution of the main board's boundary grid.</summary>
    public const int BoardResolution = 128;

    /// <summary>Resolution of the thumbnail's boundary grid.</summary>
    public const int ThumbnailResolution = 48;

    // Redraw a boundary once some weight moved by this much: below it the picture does not
    // visibly change, and skipping it keeps the boundary out of most frames.
    private const float RedrawThreshold = 0.01f;

    private static readonly TrainingSettings Training = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.03, BatchSize = 16 };

    private readonly BrainCohort _cohort;
    private readonly ulong _seed;
    private readonly float[] _parameters;
    private readonly BatchEvaluator _test;
    private readonly byte[] _testLabels;
    private BatchEvaluator? _board;
    private BatchEvaluator? _thumbnail;
    private AgentHandle _brain;

    /// <summary>Creates the agent with fresh weights drawn from <paramref name="seed"/>.</summary>
    public Agent(AgentKind kind, ulong seed, int sampleCapacity, ReadOnlySpan<float> testPoints, ReadOnlySpan<byte> testLabels)
    {
        ArgumentNullException.ThrowIfNull(kind);
        Kind = kind;
        _seed = seed;
        _cohort = new BrainCohort(kind.Spec, new CohortOptions { Seed = seed, SampleCapacity = sampleCapacity, InitialCapacity = 1, Training = Training });
        _brain = _cohort.Add();
        _parameters = new float[kind.Spec.ParameterCount];
        _cohort.GetParameters(_brain, _parameters);
        _test = new BatchEvaluator(kind.Spec, testPoints);
        _testLabels = testLabels.ToArray();
        BoardWatch = new ParameterWatch(_parameters.Length, RedrawThreshold);
        ThumbnailWatch = new ParameterWatch(_parameters.Length, RedrawThreshold);
    }

    /// <summary>The agent's shape and name.</summary>
    public AgentKind Kind { get; }

    /// <summary>The weights as of the last <see cref="Train"/> (flat: per layer W then b).</summary>
    public ReadOnlySpan<float> Parameters => _parameters;

    /// <summary>Fraction of the held-out test fruit classified right, as of the last <see cref="MeasureAccuracy"/>.</summary>
    public double TestAccuracy { get; private set; }

    /// <summary>The frame in which test accuracy first reached the goal, or null.</summary>
    public int? SolvedAtFrame { get; set; }

    /// <summary>What the big board last showed of this agent.</summary>
    public ParameterWatch BoardWatch { get; }

    /// <summary>What the thumbnail last showed.</summary>
    public ParameterWatch ThumbnailWatch { get; }

    /// <summary>Number of hidden neurons in the first layer: the agent's cuts.</summary>
    public int CutCount => Kind.Spec.Layers[0].Outputs;

    /// <summary>One training sample: a fruit that landed at (x, y).</summary>
    public void Learn(float x, float y, float label)
    {
        Span<float> input = [x, y];
        Span<float> target = [label];
        _cohort.AddSample(_brain, input, target);
    }

    /// <summary>Forgets every sample (the board changed in a way a ring cannot express).</summary>
    public void ForgetSamples() => _cohort.ClearSamples(_brain);

    /// <summary>Takes <paramref name="steps"/> optimiser steps on the samples so far.</summary>
    public void Train(int steps)
    {
        if (steps <= 0 || _cohort.SampleCount(_brain) == 0)
        {
            return;
        }

        _cohort.Train(TrainingBudget.StepsPerFrame(steps));
        _cohort.GetParameters(_brain, _parameters);
    }

    /// <summary>Draws fresh weights (R: reset). The samples go too; the game feeds the board's fruit again.</summary>
    public void ResetBrain(ulong generation)
    {
        var fresh = new float[_parameters.Length];
        using (var seeded = new BrainCohort(Kind.Spec, new CohortOptions { Seed = _seed + (generation * 7919), InitialCapacity = 1, SampleCapacity = 1 }))
        {
            seeded.GetParameters(seeded.Add(), fresh);
        }

        // A new agent row also resets the optimiser's moments, which belong to the old weights.
        _cohort.Remove(_brain);
        _brain = _cohort.Add(fresh);
        fresh.CopyTo(_parameters, 0);
        SolvedAtFrame = null;
        TestAccuracy = 0;
        BoardWatch.Invalidate();
        ThumbnailWatch.Invalidate();
    }

    /// <summary>Evaluates the test set in one batch and updates <see cref="TestAccuracy"/>.</summary>
    public double MeasureAccuracy()
    {
        var outputs = _test.Evaluate(_parameters);
        var right = 0;
        for (var i = 0; i < outputs.Length; i++)
        {
            if ((outputs[i] > 0.5f ? 1 : 0) == _testLabels[i])
            {
                right++;
            }
        }

        TestAccuracy = (double)right / outputs.Length;
        return TestAccuracy;
    }

    /// <summary>The grape probability on the board's grid (<see cref="BoardResolution"/>², bottom row first).</summary>
    public ReadOnlySpan<float> BoardField()
    {
        _board ??= new BatchEvaluator(Kind.Spec, BatchEvaluator.GridPoints(BoardResolution));
        return _board.Evaluate(_parameters);
    }

    /// <summary>The grape probability on the thumbnail's grid (<see cref="ThumbnailResolution"/>², bottom row first).</summary>
    public ReadOnlySpan<float> ThumbnailField()
    {
        _thumbnail ??= new BatchEvaluator(Kind.Spec, BatchEvaluator.GridPoints(ThumbnailResolution));
        return _thumbnail.Evaluate(_parameters);
    }

    /// <summary>The first hidden layer's neurons as cuts across the board.</summary>
    public void Cuts(Span<CutLine> destination)
    {
        var layer = Kind.Spec.Layers[0];
        var weights = Kind.Spec.WeightOffset(0);
        var biases = Kind.Spec.BiasOffset(0);
        for (var j = 0; j < layer.Outputs && j < destination.Length; j++)
        {
            destination[j] = new CutLine(_parameters[weights + (2 * j)], _parameters[weights + (2 * j) + 1], _parameters[biases + j]);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _cohort.Dispose();
        _test.Dispose();
        _board?.Dispose();
        _thumbnail?.Dispose();
    }
}
