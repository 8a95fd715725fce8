using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Engine.Neural.Cpu;

/// <summary>
/// Where <see cref="ColumnDots{TV}"/> asks for weights and biases ahead: whole agents, the
/// first one at least <see cref="DistanceBytes"/> of weights on, and how many lines an agent's
/// weights span, worked out once a layer (a division per agent cost as much as the prefetches).
/// </summary>
internal readonly unsafe struct WeightPrefetch
{
    /// <summary>At least how far ahead weights are asked for.</summary>
    public const long DistanceBytes = 8192;

    // ENGINE_NEURAL_PREFETCH=0 turns the prefetch off, to measure what it buys.
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("ENGINE_NEURAL_PREFETCH") != "0";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public WeightPrefetch(long weightStride, long biasStride)
    {
        var agentBytes = weightStride * sizeof(float);
        var agentsAhead = agentBytes == 0 ? 0 : (DistanceBytes / agentBytes) + 1;
        AheadBytes = agentsAhead * agentBytes;
        BiasAheadBytes = agentsAhead * biasStride * sizeof(float);
        Lines = (int)((agentBytes + 63) / 64);
    }

    /// <summary>Bytes from an agent's weights to the first byte asked for.</summary>
    public long AheadBytes { get; }

    /// <summary>Bytes from an agent's biases to those of the agent whose weights are asked for.</summary>
    public long BiasAheadBytes { get; }

    /// <summary>Cache lines of one agent's weights in the layer.</summary>
    public int Lines { get; }

    /// <summary>
    /// Asks for the weights of the agent <see cref="DistanceBytes"/> or more ahead of
    /// <paramref name="w"/> (one agent's worth of lines, into L2), and for that agent's biases
    /// from <paramref name="b"/>: a layer streams both once, and the hardware prefetcher alone
    /// left a core at about half of what it can read (8 KiB into L2 measured better than 4 KiB
    /// into L1 with 1,024-agent tiles; the biases too, 3-6 % at 100,000 agents). Four lines a
    /// step: a loop step per line was a fifth of the instructions of a forward pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ask(float* w, float* b)
    {
        if (!Sse.IsSupported || !Enabled)
        {
            return;
        }

        Sse.Prefetch1((byte*)b + BiasAheadBytes);

        var line = (byte*)w + AheadBytes;
        var i = 0;
        for (; i + 4 <= Lines; i += 4)
        {
            Sse.Prefetch1(line);
            Sse.Prefetch1(line + 64);
            Sse.Prefetch1(line + 128);
            Sse.Prefetch1(line + 192);
            line += 256;
        }

        for (; i < Lines; i++)
        {
            Sse.Prefetch1(line);
            line += 64;
        }
    }
}
