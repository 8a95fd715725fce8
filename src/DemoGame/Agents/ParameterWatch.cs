namespace DemoGame.Agents;

/// <summary>
/// Remembers the parameters a picture was drawn from, so the picture is redrawn only when the
/// weights moved enough to show (training nudges them every frame by tiny amounts).
/// </summary>
internal sealed class ParameterWatch(int count, float threshold)
{
    private readonly float[] _seen = new float[count];
    private bool _any;

    /// <summary>Largest change of one parameter that does not trigger a redraw.</summary>
    public float Threshold { get; } = threshold;

    /// <summary>True when a parameter moved more than <see cref="Threshold"/> since the last <see cref="Accept"/>, or nothing was accepted yet.</summary>
    public bool Changed(ReadOnlySpan<float> current)
    {
        if (!_any)
        {
            return true;
        }

        for (var i = 0; i < current.Length; i++)
        {
            if (MathF.Abs(current[i] - _seen[i]) > Threshold)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records <paramref name="current"/> as what the picture now shows.</summary>
    public void Accept(ReadOnlySpan<float> current)
    {
        current.CopyTo(_seen);
        _any = true;
    }

    /// <summary>Forgets what was seen, so the next <see cref="Changed"/> is true.</summary>
    public void Invalidate() => _any = false;
}
