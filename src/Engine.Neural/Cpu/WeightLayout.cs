namespace Engine.Neural.Cpu;

/// <summary>
/// The store keeps a layer's weights by input (<c>W[in][out]</c>, see <see cref="ParameterStore"/>);
/// the flat layout and a gradient computed neuron by neuron have them by output
/// (<c>W[out][in]</c>). One turn between the two serves both.
/// </summary>
internal static class WeightLayout
{
    /// <summary><c>to[c][r] = from[r][c]</c> for a <paramref name="rows"/> x <paramref name="columns"/> matrix.</summary>
    public static void Turn(ReadOnlySpan<float> from, int rows, int columns, Span<float> to)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                to[(c * rows) + r] = from[(r * columns) + c];
            }
        }
    }
}
