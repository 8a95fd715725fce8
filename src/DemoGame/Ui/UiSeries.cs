namespace DemoGame.Ui;

/// <summary>
/// One line of a <see cref="UiContext.LinePlot"/>: <see cref="Count"/> values read from
/// <see cref="Values"/> starting at <see cref="Start"/> and wrapping around its end, so a
/// ring buffer is plotted in place, oldest first. NaN values are skipped.
/// </summary>
/// <param name="Values">The samples (a plain array or a ring buffer's storage).</param>
/// <param name="Start">Index of the oldest sample.</param>
/// <param name="Count">How many samples to plot (at most Values.Length).</param>
/// <param name="Color">The line's colour.</param>
/// <param name="Name">The legend entry, or null for none.</param>
internal readonly record struct UiSeries(float[] Values, int Start, int Count, UiColor Color, string? Name = null)
{
    /// <summary>The <paramref name="i"/>-th sample, oldest first.</summary>
    public float this[int i] => Values[(Start + i) % Values.Length];
}
