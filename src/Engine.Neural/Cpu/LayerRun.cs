namespace Engine.Neural.Cpu;

/// <summary>
/// A run of agents through one layer, for <see cref="ColumnDots{TV}.Layer"/>: where each array's
/// first row is and how far apart rows are (in floats).
/// </summary>
internal readonly unsafe struct LayerRun
{
    /// <summary>The first agent's weights, <c>[in][out]</c>: column k holds every output's weight on input k.</summary>
    public float* Weights { get; init; }

    /// <summary>Floats from one agent's weights to the next's.</summary>
    public long WeightStride { get; init; }

    /// <summary>The first agent's biases.</summary>
    public float* Biases { get; init; }

    /// <summary>Floats from one agent's biases to the next's.</summary>
    public long BiasStride { get; init; }

    /// <summary>The first agent's input row.</summary>
    public float* Inputs0 { get; init; }

    /// <summary>Floats from one input row to the next.</summary>
    public long InputStride { get; init; }

    /// <summary>The first agent's output row (room for whole vectors).</summary>
    public float* Destination { get; init; }

    /// <summary>Floats from one output row to the next.</summary>
    public long DestinationStride { get; init; }

    /// <summary>Agents in the run.</summary>
    public int Count { get; init; }

    /// <summary>The layer's inputs.</summary>
    public int Inputs { get; init; }

    /// <summary>The layer's outputs.</summary>
    public int Outputs { get; init; }

    /// <summary>Room for <see cref="ColumnDots{TV}.ScratchFloats"/> floats.</summary>
    public float* Scratch { get; init; }
}
