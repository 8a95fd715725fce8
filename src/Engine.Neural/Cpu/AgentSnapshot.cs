namespace Engine.Neural.Cpu;

/// <summary>
/// One agent's parameters and optimiser state copied aside before its update, so that a
/// divergent update can be undone for that agent alone.
/// </summary>
internal static unsafe class AgentSnapshot
{
    /// <summary>Floats a snapshot needs: parameters plus up to three kinds of state.</summary>
    public static int Floats(BrainSpec spec) => 4 * spec.ParameterCount;

    public static void Save(ParameterStore store, int slot, float* destination)
    {
        var cursor = destination;
        Copy(store, store.Weights, store.Biases, slot, ref cursor, toStore: false);
        CopyState(store, store.Velocity, slot, ref cursor, toStore: false);
        CopyState(store, store.FirstMoment, slot, ref cursor, toStore: false);
        CopyState(store, store.SecondMoment, slot, ref cursor, toStore: false);
    }

    public static void Restore(ParameterStore store, int slot, float* source)
    {
        var cursor = source;
        Copy(store, store.Weights, store.Biases, slot, ref cursor, toStore: true);
        CopyState(store, store.Velocity, slot, ref cursor, toStore: true);
        CopyState(store, store.FirstMoment, slot, ref cursor, toStore: true);
        CopyState(store, store.SecondMoment, slot, ref cursor, toStore: true);
    }

    /// <summary>True when every parameter of the slot is finite.</summary>
    public static bool ParametersFinite(ParameterStore store, int slot)
    {
        var layers = store.Spec.LayerArray;
        for (var l = 0; l < layers.Length; l++)
        {
            if (!Finite(store.Weights[l].Pointer + ((long)slot * layers[l].WeightCount), layers[l].WeightCount)
                || !Finite(store.Biases[l].Pointer + ((long)slot * layers[l].Outputs), layers[l].Outputs))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Finite(float* values, int n)
    {
        // x - x is 0 for every finite x and NaN for infinities and NaN: one pass, no branches.
        var acc = System.Numerics.Vector<float>.Zero;
        var i = 0;
        for (; i <= n - System.Numerics.Vector<float>.Count; i += System.Numerics.Vector<float>.Count)
        {
            var v = System.Numerics.Vector.Load(values + i);
            acc += v - v;
        }

        var sum = System.Numerics.Vector.Sum(acc);
        for (; i < n; i++)
        {
            sum += values[i] - values[i];
        }

        return sum == 0f;
    }

    private static void CopyState(ParameterStore store, OptimizerState? state, int slot, ref float* cursor, bool toStore)
    {
        if (state is not null)
        {
            Copy(store, state.Weights, state.Biases, slot, ref cursor, toStore);
        }
    }

    private static void Copy(ParameterStore store, PinnedBuffer[] weights, PinnedBuffer[] biases, int slot, ref float* cursor, bool toStore)
    {
        var layers = store.Spec.LayerArray;
        for (var l = 0; l < layers.Length; l++)
        {
            Move(weights[l].Pointer + ((long)slot * layers[l].WeightCount), layers[l].WeightCount, ref cursor, toStore);
            Move(biases[l].Pointer + ((long)slot * layers[l].Outputs), layers[l].Outputs, ref cursor, toStore);
        }
    }

    private static void Move(float* stored, int n, ref float* cursor, bool toStore)
    {
        var bytes = (long)n * sizeof(float);
        if (toStore)
        {
            Buffer.MemoryCopy(cursor, stored, bytes, bytes);
        }
        else
        {
            Buffer.MemoryCopy(stored, cursor, bytes, bytes);
        }

        cursor += n;
    }
}
