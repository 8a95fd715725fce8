namespace Engine.Neural.Learning;

/// <summary>A per-agent field of a learner, whatever its element type: grown and moved with the cohort's rows.</summary>
internal interface IRowBuffer
{
    /// <summary>Makes room for <paramref name="rows"/> rows, keeping the values held.</summary>
    void EnsureCapacity(int rows);

    /// <summary>Copies row <paramref name="from"/> over row <paramref name="to"/> (the cohort moving its last row into a removed one).</summary>
    void Move(int from, int to);
}
