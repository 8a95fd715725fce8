namespace DemoGame.Ui;

/// <summary>
/// Per-frame stacked values for <see cref="UiContext.StackedBars"/> (a frame profiler's
/// phases): <see cref="Values"/> is a ring of frames, each <see cref="Layers"/> values long
/// (frame f's layer l at <c>Values[f * Layers + l]</c>); <see cref="Count"/> frames are shown
/// starting at ring slot <see cref="Start"/>, oldest first.
/// </summary>
/// <param name="Values">Ring storage, a whole number of frames long.</param>
/// <param name="Layers">Values per frame (the stack's height in parts).</param>
/// <param name="Start">Ring slot (frame index, not value index) of the oldest frame.</param>
/// <param name="Count">How many frames to show.</param>
internal readonly record struct UiStackedFrames(float[] Values, int Layers, int Start, int Count)
{
    /// <summary>How many frames the ring holds.</summary>
    public int Capacity => Layers > 0 ? Values.Length / Layers : 0;

    /// <summary>Layer <paramref name="layer"/> of the <paramref name="frame"/>-th frame shown, oldest first.</summary>
    public float this[int frame, int layer] => Values[(((Start + frame) % Capacity) * Layers) + layer];
}
